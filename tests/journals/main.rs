//! The journal contract ([`recaudo_tests::journal_contract`]) for the journals that live in one
//! process: in memory and in a file. The PostgreSQL journal runs the same contract in the
//! `postgres` target, against a real server.

use std::path::PathBuf;
use std::sync::Arc;

use futures::future::LocalBoxFuture;
use recaudo_core::Error;
use recaudo_core::collection::{JournalEntry, MemoryJournal};
use recaudo_core::native::FileJournal;
use recaudo_tests::journal_contract::{Damage, Storage};

/// One journal in memory: "opening" it again is another handle on the same entries (what
/// survives is what the process keeps).
struct Memory(Arc<MemoryJournal>);

impl Storage for Memory {
    type Journal = Arc<MemoryJournal>;

    fn name(&self) -> &'static str {
        "memory journal"
    }

    fn open(&self) -> LocalBoxFuture<'_, Result<Self::Journal, Error>> {
        Box::pin(std::future::ready(Ok(Arc::clone(&self.0))))
    }

    fn shared(&self) -> bool {
        false
    }

    fn damage<'a>(
        &'a self,
        _entry: &'a JournalEntry,
        _damage: Damage,
    ) -> LocalBoxFuture<'a, Option<String>> {
        Box::pin(std::future::ready(None))
    }
}

async fn memory(_test: &str) -> Option<Memory> {
    Some(Memory(Arc::new(MemoryJournal::new())))
}

/// A journal file of its own per test, removed afterwards.
struct File(PathBuf);

impl Drop for File {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

impl Storage for File {
    type Journal = FileJournal;

    fn name(&self) -> &'static str {
        "file journal"
    }

    fn open(&self) -> LocalBoxFuture<'_, Result<Self::Journal, Error>> {
        Box::pin(std::future::ready(FileJournal::open(&self.0)))
    }

    fn shared(&self) -> bool {
        false
    }

    fn damage<'a>(
        &'a self,
        _entry: &'a JournalEntry,
        damage: Damage,
    ) -> LocalBoxFuture<'a, Option<String>> {
        let path = &self.0;
        let result = match damage {
            // The crash came halfway through appending the next line.
            Damage::Torn { next } => {
                let line = serde_json::to_string(&next).expect("serializes");
                let half = &line.as_bytes()[..line.len() / 2];
                std::fs::OpenOptions::new()
                    .append(true)
                    .open(path)
                    .and_then(|mut f| std::io::Write::write_all(&mut f, half))
                    .expect("appends");
                String::new()
            }
            // A line that is not the last does not read: the file refuses to open.
            Damage::Corrupt => {
                let text = std::fs::read_to_string(path).expect("reads");
                std::fs::write(path, format!("{{\"biller\": 12\n{text}")).expect("writes");
                "line 1".to_owned()
            }
        };
        Box::pin(std::future::ready(Some(result)))
    }
}

async fn file(test: &str) -> Option<File> {
    let dir = std::env::temp_dir().join(format!(
        "recaudo-journal-contract-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creates the test directory");
    Some(File(dir.join("journal.jsonl")))
}

mod memory_journal {
    recaudo_tests::journal_contract_tests!(super::memory);
}

mod file_journal {
    recaudo_tests::journal_contract_tests!(super::file);
}
