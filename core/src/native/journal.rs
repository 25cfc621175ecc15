//! A payment journal in a file: one JSON line per write, appended and synced before `save`
//! returns, the last line for a receipt winning on load. A last line cut short by a crash
//! mid-write is ignored (its entry's previous line, if any, stands; a payment whose intent line
//! never completed was never sent, because sending waits for `save`). Any other line that does
//! not read is corruption: the journal refuses to open, naming the line, rather than forget a
//! payment (a rejected payment forgotten could come back in flight and be paid on resume).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::collection::{BillerId, JournalEntry, JournalStore, MemoryJournal};
use crate::error::Error;

/// A payment journal in one JSON-lines file: every payment is written (and synced) before it
/// is sent, so that a crash leaves a record `CollectionService::resume` resolves.
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
            let bytes = std::fs::read(&path).map_err(storage)?;
            let text = String::from_utf8_lossy(&bytes);
            // (byte offset, text) of every non-empty line.
            let mut lines = Vec::new();
            let mut offset = 0;
            for line in text.split_inclusive('\n') {
                if !line.trim().is_empty() {
                    lines.push((offset, line.trim_end_matches(['\n', '\r'])));
                }
                offset += line.len();
            }
            let count = lines.len();
            for (i, (start, line)) in lines.into_iter().enumerate() {
                match serde_json::from_str::<JournalEntry>(line) {
                    Ok(entry) => memory.save(&entry)?,
                    // A write cut short by a crash: only ever the last line. It is cut off, so
                    // that the next write does not leave it in the middle of the file.
                    Err(_) if i + 1 == count => {
                        OpenOptions::new()
                            .write(true)
                            .open(&path)
                            .and_then(|f| f.set_len(start as u64).and_then(|()| f.sync_data()))
                            .map_err(storage)?;
                    }
                    Err(e) => {
                        return Err(Error::Storage(format!(
                            "{}: line {} is not a journal entry ({}); the journal is corrupt: \
                             restore it from a backup or repair that line, recaudo will not \
                             guess what it held",
                            path.display(),
                            text[..start].matches('\n').count() + 1,
                            crate::error::without_values(&e.to_string())
                        )));
                    }
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

    /// The journal's file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl JournalStore for FileJournal {
    fn save(&self, entry: &JournalEntry) -> Result<(), Error> {
        let mut line = serde_json::to_vec(entry).map_err(|e| Error::Storage(e.to_string()))?;
        line.push(b'\n');
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let storage = |e: std::io::Error| Error::Storage(format!("{}: {e}", self.path.display()));
        let before = file.metadata().map_err(storage)?.len();
        if let Err(e) = file.write_all(&line).and_then(|()| file.sync_data()) {
            // Never leave half a line for the next write to follow: it would sit in the middle
            // of the file, where a torn line means corruption.
            let _ = file.set_len(before);
            return Err(storage(e));
        }
        self.memory.save(entry)
    }

    fn get(&self, biller: BillerId, receipt: &str) -> Result<Option<JournalEntry>, Error> {
        self.memory.get(biller, receipt)
    }

    fn entries(&self) -> Result<Vec<JournalEntry>, Error> {
        self.memory.entries()
    }
}
