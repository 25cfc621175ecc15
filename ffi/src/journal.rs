//! The payment journal's storage for Kotlin and Swift: [`JournalStorage`], a foreign trait an app
//! implements to keep entries in its own database, with Rust defaults: [`file_journal`] (the
//! core's `FileJournal`: one JSON line per write, synced before the payment is sent) and
//! [`memory_journal`]. `save` must be durable when it returns: the payment is sent right after.

use std::sync::Arc;

use recaudo_core::collection::{BillerId, JournalEntry, JournalStore, MemoryJournal};
use recaudo_core::native::FileJournal;

use crate::error::RecaudoError;

/// Why the app's journal could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum JournalError {
    #[error("{detail}")]
    Failed { detail: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for JournalError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        JournalError::Failed {
            detail: format!("the app's journal failed unexpectedly: {}", e.reason),
        }
    }
}

/// Where journal entries live. Entries are keyed by biller and receipt.
#[uniffi::export(with_foreign)]
pub trait JournalStorage: Send + Sync {
    /// Inserts or replaces the entry with the same biller and receipt, durably.
    fn save(&self, entry: JournalEntry) -> Result<(), JournalError>;
    fn get(&self, biller: BillerId, receipt: String) -> Result<Option<JournalEntry>, JournalError>;
    /// Every entry, oldest first.
    fn entries(&self) -> Result<Vec<JournalEntry>, JournalError>;
}

/// The core's stores behind the foreign-implementable trait.
struct CoreStore<S>(S);

impl<S: JournalStore + Send + Sync> JournalStorage for CoreStore<S> {
    fn save(&self, entry: JournalEntry) -> Result<(), JournalError> {
        self.0.save(&entry).map_err(failed)
    }
    fn get(&self, biller: BillerId, receipt: String) -> Result<Option<JournalEntry>, JournalError> {
        self.0.get(biller, &receipt).map_err(failed)
    }
    fn entries(&self) -> Result<Vec<JournalEntry>, JournalError> {
        self.0.entries().map_err(failed)
    }
}

fn failed(e: recaudo_core::Error) -> JournalError {
    JournalError::Failed {
        detail: e.to_string(),
    }
}

/// The journal in a file (created if missing), loaded at once.
#[uniffi::export]
pub fn file_journal(path: String) -> Result<Arc<dyn JournalStorage>, RecaudoError> {
    Ok(Arc::new(CoreStore(FileJournal::open(path)?)))
}

/// A journal in memory, for tests and for apps that persist elsewhere.
#[uniffi::export]
pub fn memory_journal() -> Arc<dyn JournalStorage> {
    Arc::new(CoreStore(MemoryJournal::new()))
}

/// Any [`JournalStorage`] as the core's store.
pub(crate) struct ForeignJournal(pub(crate) Arc<dyn JournalStorage>);

impl JournalStore for ForeignJournal {
    fn save(&self, entry: &JournalEntry) -> Result<(), recaudo_core::Error> {
        self.0.save(entry.clone()).map_err(storage)
    }
    fn get(
        &self,
        biller: BillerId,
        receipt: &str,
    ) -> Result<Option<JournalEntry>, recaudo_core::Error> {
        // Name the entry: a damaged record is the app's to find and repair.
        self.0
            .get(biller, receipt.to_owned())
            .map_err(|e| recaudo_core::Error::Storage(format!("entry {biller} {receipt}: {e}")))
    }
    fn entries(&self) -> Result<Vec<JournalEntry>, recaudo_core::Error> {
        self.0.entries().map_err(storage)
    }
}

fn storage(e: JournalError) -> recaudo_core::Error {
    recaudo_core::Error::Storage(e.to_string())
}
