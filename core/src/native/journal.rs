//! A payment journal in a file: one JSON line per write, appended and synced before `save`
//! returns, the last line for a receipt winning on load. A line cut short by a crash mid-write
//! is ignored (its entry's previous line, if any, stands; a payment whose intent line never
//! completed was never sent, because sending waits for `save`).

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::collection::{BillerId, JournalEntry, JournalStore, MemoryJournal};
use crate::error::Error;

#[derive(Debug)]
pub struct FileJournal {
    path: PathBuf,
    file: Mutex<File>,
    memory: MemoryJournal,
}

impl FileJournal {
    /// Opens (creating if needed) the journal at `path` and loads it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref().to_path_buf();
        let storage = |e: std::io::Error| Error::Storage(format!("{}: {e}", path.display()));
        let memory = MemoryJournal::new();
        if path.exists() {
            let reader = BufReader::new(File::open(&path).map_err(storage)?);
            for line in reader.lines() {
                let line = line.map_err(storage)?;
                if line.trim().is_empty() {
                    continue;
                }
                // Only a torn last line can fail to parse; anything else is still an entry.
                if let Ok(entry) = serde_json::from_str::<JournalEntry>(&line) {
                    memory.save(&entry)?;
                }
            }
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(storage)?;
        Ok(FileJournal {
            path,
            file: Mutex::new(file),
            memory,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl JournalStore for FileJournal {
    fn save(&self, entry: &JournalEntry) -> Result<(), Error> {
        let mut line = serde_json::to_vec(entry).map_err(|e| Error::Storage(e.to_string()))?;
        line.push(b'\n');
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        // Start on a fresh line even if a previous write was torn.
        file.write_all(b"\n")
            .and_then(|()| file.write_all(&line))
            .and_then(|()| file.sync_data())
            .map_err(|e| Error::Storage(format!("{}: {e}", self.path.display())))?;
        self.memory.save(entry)
    }

    fn get(&self, biller: BillerId, receipt: &str) -> Result<Option<JournalEntry>, Error> {
        self.memory.get(biller, receipt)
    }

    fn entries(&self) -> Result<Vec<JournalEntry>, Error> {
        self.memory.entries()
    }
}
