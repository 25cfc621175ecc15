//! The payment journal: every payment intent is written down before it is sent and updated as it
//! resolves, so that a collector app that dies mid-payment can find out, on restart, what
//! happened to each payment it had in flight (see [`super::CollectionService::resume`]).
//!
//! Storage is a small trait, [`JournalStore`], synchronous for storage that is (memory,
//! [`MemoryJournal`]; a file, `native::FileJournal`; a mobile app's files), and
//! [`AsyncJournal`], what the collection service calls, for storage that is asynchronous by
//! nature (the browser's IndexedDB, a database shared by several instances). Every
//! [`JournalStore`] is an [`AsyncJournal`]. Entries are keyed by biller and receipt number: the
//! collector's receipt is the payment's identity.
//!
//! The journal entry is also the payment's **lock**. Inside one service, resolutions of one
//! receipt never run side by side; a journal shared by several processes or instances takes
//! the lock across them too ([`AsyncJournal::claim`]), so that only one of them asks the biller
//! about a payment, or sends it, at a time.

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use futures::future::LocalBoxFuture;

use crate::error::Error;

use super::types::{BillerId, PaymentRequest, PaymentResult, ReversalResult};

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum EntryStatus {
    /// Recorded and possibly sent; nobody knows yet how it ended.
    InFlight,
    /// Ended (confirmed, rejected or needs review): see `result`.
    Resolved,
    /// Refused before anything was sent (bad input); see `error`.
    NotSent,
}

/// One payment as the journal keeps it: written before the payment is sent and updated as it
/// resolves, so that a crash never leaves a payment nobody knows about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct JournalEntry {
    /// The biller it was paid to; with the receipt, the entry's key.
    pub biller: BillerId,
    /// The request as sent, with `paid_at` fixed before the first send.
    pub request: PaymentRequest,
    /// Where the payment stands in its resolution.
    pub status: EntryStatus,
    /// How many times the payment was handed to the biller, written before each send: recovery
    /// counts resends across crashes with it. An entry written before this field existed
    /// counts as sent once (in doubt), never as unsent.
    #[serde(default = "sent_once")]
    pub sends: u32,
    /// How it ended, once it did.
    pub result: Option<PaymentResult>,
    /// The reversal of this payment, if one was made.
    pub reversal: Option<ReversalResult>,
    /// Why it was not sent, for [`EntryStatus::NotSent`].
    pub error: Option<String>,
    /// When the entry was first written.
    #[serde(with = "crate::calendar::rfc3339")]
    pub recorded_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(with = "crate::calendar::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

fn sent_once() -> u32 {
    1
}

impl JournalEntry {
    /// The entry's key: the biller and the collector's receipt number.
    pub fn key(&self) -> (BillerId, &str) {
        (self.biller, self.request.receipt.as_str())
    }
}

/// Where journal entries live. `save` must be durable when it returns: the payment is sent
/// right after it.
pub trait JournalStore {
    /// Inserts or replaces the entry with the same biller and receipt.
    fn save(&self, entry: &JournalEntry) -> Result<(), Error>;
    /// The entry for this receipt, if any.
    fn get(&self, biller: BillerId, receipt: &str) -> Result<Option<JournalEntry>, Error>;
    /// Every entry, oldest first.
    fn entries(&self) -> Result<Vec<JournalEntry>, Error>;
}

impl<J: JournalStore + ?Sized> JournalStore for &J {
    fn save(&self, entry: &JournalEntry) -> Result<(), Error> {
        (**self).save(entry)
    }
    fn get(&self, biller: BillerId, receipt: &str) -> Result<Option<JournalEntry>, Error> {
        (**self).get(biller, receipt)
    }
    fn entries(&self) -> Result<Vec<JournalEntry>, Error> {
        (**self).entries()
    }
}

impl<J: JournalStore + ?Sized> JournalStore for Box<J> {
    fn save(&self, entry: &JournalEntry) -> Result<(), Error> {
        (**self).save(entry)
    }
    fn get(&self, biller: BillerId, receipt: &str) -> Result<Option<JournalEntry>, Error> {
        (**self).get(biller, receipt)
    }
    fn entries(&self) -> Result<Vec<JournalEntry>, Error> {
        (**self).entries()
    }
}

impl<J: JournalStore + ?Sized> JournalStore for std::sync::Arc<J> {
    fn save(&self, entry: &JournalEntry) -> Result<(), Error> {
        (**self).save(entry)
    }
    fn get(&self, biller: BillerId, receipt: &str) -> Result<Option<JournalEntry>, Error> {
        (**self).get(biller, receipt)
    }
    fn entries(&self) -> Result<Vec<JournalEntry>, Error> {
        (**self).entries()
    }
}

/// A payment's lock taken in a shared journal ([`AsyncJournal::claim`]): held while it lives,
/// released when dropped (or when its holder's process dies, for a journal worth sharing).
#[derive(Default)]
pub struct Claim(Option<Box<dyn std::any::Any>>);

impl Claim {
    /// No lock beyond the service's own: for journals only one process uses.
    pub fn none() -> Self {
        Claim(None)
    }

    /// A lock held as long as `holder` lives.
    pub fn held(holder: impl std::any::Any) -> Self {
        Claim(Some(Box::new(holder)))
    }
}

impl std::fmt::Debug for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Claim(held)"
        } else {
            "Claim(none)"
        })
    }
}

/// The journal as the collection service uses it: asynchronous, so that storage which is (the
/// browser's IndexedDB, a database) can be a journal, with a per-payment lock for journals
/// shared by several processes. Every synchronous [`JournalStore`] is one already.
pub trait AsyncJournal {
    /// Inserts or replaces the entry with the same biller and receipt; durable when it
    /// completes: the payment is sent right after.
    fn save<'a>(&'a self, entry: &'a JournalEntry) -> LocalBoxFuture<'a, Result<(), Error>>;
    /// The entry for this receipt, if any.
    fn get<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Option<JournalEntry>, Error>>;
    /// Every entry, oldest first.
    fn entries(&self) -> LocalBoxFuture<'_, Result<Vec<JournalEntry>, Error>>;
    /// Takes the payment's lock across every process sharing this journal, waiting while
    /// another holds it. A journal only one process uses needs none (the default): the service
    /// already keeps one resolution per receipt at a time.
    fn claim<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Claim, Error>> {
        let _ = (biller, receipt);
        Box::pin(std::future::ready(Ok(Claim::none())))
    }
}

impl<J: JournalStore + ?Sized> AsyncJournal for J {
    fn save<'a>(&'a self, entry: &'a JournalEntry) -> LocalBoxFuture<'a, Result<(), Error>> {
        Box::pin(std::future::ready(JournalStore::save(self, entry)))
    }
    fn get<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Option<JournalEntry>, Error>> {
        Box::pin(std::future::ready(JournalStore::get(self, biller, receipt)))
    }
    fn entries(&self) -> LocalBoxFuture<'_, Result<Vec<JournalEntry>, Error>> {
        Box::pin(std::future::ready(JournalStore::entries(self)))
    }
}

/// A journal in memory: for tests, and for callers that persist elsewhere.
#[derive(Debug, Default)]
pub struct MemoryJournal {
    entries: Mutex<Entries>,
}

/// The entries in insertion order, and where each (biller, receipt) stands among them.
#[derive(Debug, Default)]
struct Entries {
    list: Vec<JournalEntry>,
    index: BTreeMap<(BillerId, String), usize>,
}

impl MemoryJournal {
    /// An empty journal (what tests and throwaway sessions use).
    pub fn new() -> Self {
        Self::default()
    }
}

impl JournalStore for MemoryJournal {
    fn save(&self, entry: &JournalEntry) -> Result<(), Error> {
        let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let Entries { list, index } = &mut *guard;
        let key = (entry.biller, entry.request.receipt.clone());
        match index.get(&key) {
            Some(&i) => list[i] = entry.clone(),
            None => {
                index.insert(key, list.len());
                list.push(entry.clone());
            }
        }
        Ok(())
    }

    fn get(&self, biller: BillerId, receipt: &str) -> Result<Option<JournalEntry>, Error> {
        let guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        Ok(guard
            .index
            .get(&(biller, receipt.to_owned()))
            .map(|&i| guard.list[i].clone()))
    }

    fn entries(&self) -> Result<Vec<JournalEntry>, Error> {
        Ok(self
            .entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .list
            .clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::types::PaymentRef;
    use crate::money::Currency;
    use crate::outcome::Outcome;
    use chrono::{NaiveDate, Timelike};
    use rust_decimal::Decimal;

    fn entry() -> JournalEntry {
        let paid_at = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_milli_opt(10, 15, 0, 500)
            .unwrap();
        let amount = Decimal::from_str_exact("831.60").unwrap();
        let mut request = PaymentRequest::new("D-1", amount, "R-1", "cajero", "agencia");
        request.paid_at = Some(paid_at);
        let reference = PaymentRef::new("D-1", "R-1", amount, paid_at.with_nanosecond(0).unwrap());
        let recorded = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_nano_opt(14, 15, 0, 123_456_789)
            .unwrap()
            .and_utc();
        JournalEntry {
            biller: BillerId::ALL[0],
            request,
            status: EntryStatus::Resolved,
            sends: 1,
            result: Some(PaymentResult::new(
                Outcome::Confirmed,
                reference,
                Currency::Usd,
            )),
            reversal: None,
            error: None,
            recorded_at: recorded,
            updated_at: recorded.with_nanosecond(0).unwrap(),
        }
    }

    /// The text chrono's serde impls wrote for [`entry`] (captured from the build before core
    /// wrote its dates itself): journals on disk must read the same and new entries must be
    /// written the same.
    const WRITTEN: &str = r#"{"biller":"unicomer","request":{"debt_id":"D-1","amount":"831.60","receipt":"R-1","paid_at":"2026-11-23T10:15:00.500","cashier":"cajero","location":"agencia","payer":null,"balance":null,"extra":{}},"status":"resolved","sends":1,"result":{"outcome":"confirmed","reference":{"debt_id":"D-1","payment_id":null,"receipt":"R-1","amount":"831.60","paid_at":"2026-11-23T10:15:00"},"currency":"USD","recovered":false,"sends":1,"state":null,"rejection":null,"evidence":[]},"reversal":null,"error":null,"recorded_at":"2026-11-23T14:15:00.123456789Z","updated_at":"2026-11-23T14:15:00Z"}"#;

    #[test]
    fn journal_text_is_unchanged() {
        let text = serde_json::to_string(&entry()).unwrap();
        assert_eq!(text, WRITTEN);
        assert_eq!(
            serde_json::from_str::<JournalEntry>(WRITTEN).unwrap(),
            entry()
        );
        // An entry without `paid_at` (nor `sends`) still reads, as it did.
        let older = WRITTEN.replace(r#""paid_at":"2026-11-23T10:15:00.500","#, "");
        let older = older.replace(r#""sends":1,"result""#, r#""result""#);
        let read = serde_json::from_str::<JournalEntry>(&older).unwrap();
        assert_eq!((read.request.paid_at, read.sends), (None, 1));
        // A zone-less or impossible timestamp is refused, as chrono refused it.
        for bad in ["2026-11-23T14:15:00.123456789", "2026-02-30T14:15:00Z"] {
            let text = WRITTEN.replace("2026-11-23T14:15:00.123456789Z", bad);
            assert!(
                serde_json::from_str::<JournalEntry>(&text).is_err(),
                "{bad}"
            );
        }
    }
}
