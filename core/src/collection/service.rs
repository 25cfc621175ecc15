//! The collection flow with its journal: record, send, resolve, and resume after a crash.
//!
//! The journal entry is the payment's lock: one resolution per receipt runs at a time in a
//! service (a second `pay` with the same receipt, `resume` or `review` waits for the running one
//! and then reads what it recorded), and the entry counts the sends, written before each one,
//! so that recovery counts resends across crashes. `resume` and `review` run the biller's own
//! safe payment in its "in doubt" mode ([`crate::recovery::Attempt`]): the same checks, never
//! weaker ones.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use async_lock::MutexGuardArc;
use chrono::{DateTime, NaiveDate, Utc};
use futures::future::LocalBoxFuture;

use crate::clock::Clock;
use crate::error::Error;
use crate::outcome::{Evidence, Outcome};
use crate::recovery::Attempt;
use crate::services::Payments;
use crate::transport::Transport;
use crate::validate;
use crate::{ServiceReply, ServiceRequest};

use super::collector::Collector;
use super::journal::{AsyncJournal, Claim, EntryStatus, JournalEntry};
use super::reconcile::{LocalRecord, Reconciliation, reconcile};
use super::types::{BillerId, PaymentRef, PaymentRequest, PaymentResult, ReversalResult};

/// A biller's collector with a journal in front of every payment.
pub struct CollectionService<T, C, J> {
    collector: Collector<T, C>,
    journal: J,
    /// The receipts being resolved right now, each with its lock.
    locks: ReceiptLocks,
}

/// What `resume` or `review` did with one payment.
#[derive(Debug)]
pub struct Resumed {
    /// The receipt number of the payment.
    pub receipt: String,
    /// The payment's outcome, or why it could not be resolved yet (it stays as it was and the
    /// next `resume`/`review` tries again).
    pub result: Result<PaymentResult, Error>,
}

/// The receipts being resolved right now, each with its lock: a list searched in order. It
/// holds only the payments in progress at the same moment (a handful on a till, hundreds at most
/// on a server, each waiting on a biller far slower than the scan); a map with removal
/// compiles to far more (a `BTreeMap`'s rebalancing was about 3.5 KB of each browser bundle; a
/// `HashMap` would add SipHash and its random seed).
#[derive(Default)]
struct ReceiptLocks(Mutex<Vec<(ReceiptKey, ReceiptLock)>>);

/// A receipt, with its biller: what a lock is held for.
type ReceiptKey = (BillerId, String);
/// One receipt's lock, shared by every resolution of it in progress.
type ReceiptLock = Arc<async_lock::Mutex<()>>;

impl ReceiptLocks {
    fn list(&self) -> std::sync::MutexGuard<'_, Vec<(ReceiptKey, ReceiptLock)>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The lock of `key`: the one every resolution of that receipt in progress shares.
    fn of(&self, key: &ReceiptKey) -> ReceiptLock {
        let mut list = self.list();
        match list.iter().find(|(held, _)| held == key) {
            Some((_, lock)) => Arc::clone(lock),
            None => {
                let lock = Arc::default();
                list.push((key.clone(), Arc::clone(&lock)));
                lock
            }
        }
    }

    /// Forgets `key`'s lock when nobody else holds or awaits it: `lock` is the caller's copy,
    /// so only the list's and the caller's are left then.
    fn release(&self, key: &ReceiptKey, lock: ReceiptLock) {
        let mut list = self.list();
        if Arc::strong_count(&lock) <= 2 {
            if let Some(at) = list.iter().position(|(held, _)| held == key) {
                list.swap_remove(at);
            }
        }
    }
}

/// Holds one receipt's lock; forgets the lock when nobody else waits for it.
struct ReceiptGuard<'a> {
    guard: Option<MutexGuardArc<()>>,
    locks: &'a ReceiptLocks,
    key: ReceiptKey,
}

impl Drop for ReceiptGuard<'_> {
    fn drop(&mut self) {
        // The source is copied and the guard dropped (the lock released) before `release`
        // counts who still holds it.
        if let Some(lock) = self.guard.take().map(|g| MutexGuardArc::source(&g).clone()) {
            self.locks.release(&self.key, lock);
        }
    }
}

/// Whether a result is the engine's refusal to send because the journal could not record it.
fn storage_refused(result: &PaymentResult) -> bool {
    result
        .rejection
        .as_ref()
        .is_some_and(|r| !r.by_biller && r.code == "storage")
}

impl<T: Transport, C: Clock, J: AsyncJournal> CollectionService<T, C, J> {
    /// A service paying through `collector`, journaling every payment in `journal`.
    pub fn new(collector: Collector<T, C>, journal: J) -> Self {
        CollectionService {
            collector,
            journal,
            locks: ReceiptLocks::default(),
        }
    }

    /// The collector, for lookups and other calls that need no journal.
    pub fn collector(&self) -> &Collector<T, C> {
        &self.collector
    }

    /// The journal, for listing and reviewing payments.
    pub fn journal(&self) -> &J {
        &self.journal
    }

    /// Waits until no other resolution of this receipt runs, here or (for a shared journal)
    /// in any other process, and holds it.
    async fn exclusive(&self, receipt: &str) -> Result<(ReceiptGuard<'_>, Claim), Error> {
        let key = (self.collector.biller(), receipt.to_owned());
        let lock = self.locks.of(&key);
        let guard = ReceiptGuard {
            guard: Some(lock.lock_arc().await),
            locks: &self.locks,
            key,
        };
        let claim = self.journal.claim(self.collector.biller(), receipt).await?;
        Ok((guard, claim))
    }

    /// Pays a debt: the intent is written to the journal (durably) before anything is sent,
    /// the send count before each send, then the outcome. The receipt number is the payment's
    /// identity: paying again with a receipt already resolved returns the recorded result and
    /// sends nothing; one still in flight (here or after a crash) is resolved through the
    /// biller's checks first, never beside a resolution already running.
    pub async fn pay(&self, request: &PaymentRequest) -> Result<PaymentResult, Error> {
        validate::text("receipt", &request.receipt, 64)?;
        let receipt = request.receipt.trim();
        let biller = self.collector.biller();
        let _held = self.exclusive(receipt).await?;
        if let Some(existing) = self.journal.get(biller, receipt).await? {
            match existing.status {
                EntryStatus::Resolved => {
                    let same = existing.request.debt_id == request.debt_id
                        && existing.request.amount == request.amount;
                    return match existing.result {
                        Some(result) if same => Ok(result),
                        _ => Err(Error::invalid(
                            "receipt",
                            format!(
                                "receipt {} was already used for another payment",
                                request.receipt
                            ),
                        )),
                    };
                }
                EntryStatus::InFlight => return self.run(existing).await,
                EntryStatus::NotSent => {}
            }
        }
        let entry = self.intent(request, receipt);
        self.journal.save(&entry).await?;
        self.run(entry).await
    }

    /// A new payment's journal entry: in flight, never sent, its receipt trimmed and its
    /// `paid_at` fixed now (before the first send: several billers find a payment again by it).
    fn intent(&self, request: &PaymentRequest, receipt: &str) -> JournalEntry {
        let mut request = request.clone();
        request.receipt = receipt.to_owned();
        request
            .paid_at
            .get_or_insert_with(|| self.collector.now_local());
        let now = self.now();
        JournalEntry {
            biller: self.collector.biller(),
            request,
            status: EntryStatus::InFlight,
            sends: 0,
            result: None,
            reversal: None,
            error: None,
            recorded_at: now,
            updated_at: now,
        }
    }

    /// Resolves every payment of this biller left in flight (after a crash, a killed app, a lost
    /// battery) by the biller's safe payment in its "in doubt" mode: one never sent is sent now;
    /// one that was is checked with the biller first, and sent again only where safe payment
    /// would.
    pub async fn resume(&self) -> Result<Vec<Resumed>, Error> {
        self.settle_each(|e| e.status == EntryStatus::InFlight)
            .await
    }

    /// Asks the biller again about every payment of this biller left for review, by the same
    /// checks as safe payment: one it now holds is confirmed; one it proves absent is sent
    /// again only where safe payment would (otherwise it stays for review, with the evidence:
    /// the receipt must not be replaced by a new one while the biller may still show it);
    /// anything else stays for review.
    pub async fn review(&self) -> Result<Vec<Resumed>, Error> {
        self.settle_each(|e| {
            e.status == EntryStatus::Resolved
                && e.result
                    .as_ref()
                    .is_some_and(|r| r.outcome == Outcome::NeedsReview)
        })
        .await
    }

    /// Resolves every entry of this biller that `wanted` keeps, each under its lock and as it
    /// stands once the lock is held.
    async fn settle_each(
        &self,
        wanted: impl Fn(&JournalEntry) -> bool,
    ) -> Result<Vec<Resumed>, Error> {
        let biller = self.collector.biller();
        let mut done = Vec::new();
        for entry in self.journal.entries().await? {
            if entry.biller != biller || !wanted(&entry) {
                continue;
            }
            let receipt = entry.request.receipt.clone();
            let _held = match self.exclusive(&receipt).await {
                Ok(held) => held,
                Err(e) => {
                    done.push(Resumed {
                        receipt,
                        result: Err(e),
                    });
                    continue;
                }
            };
            let result = match self.journal.get(biller, &receipt).await {
                Ok(Some(current)) if wanted(&current) => self.run(current).await,
                // Settled meanwhile by the resolution we waited for.
                Ok(_) => continue,
                Err(e) => Err(e),
            };
            done.push(Resumed { receipt, result });
        }
        Ok(done)
    }

    /// Runs the biller's safe payment for a journal entry (fresh, or in doubt when it was
    /// sent before) and records the outcome. Call with the receipt's lock held.
    async fn run(&self, entry: JournalEntry) -> Result<PaymentResult, Error> {
        let in_doubt = entry.status != EntryStatus::InFlight || entry.sends > 0;
        let prior_sends = match &entry.result {
            // A payment left for review was sent at least once.
            Some(r) if in_doubt => entry.sends.max(r.sends).max(1),
            _ => entry.sends,
        };
        let payment_id = entry
            .result
            .as_ref()
            .and_then(|r| r.reference.payment_id.clone());
        let first_sent_at = Some(entry.recorded_at);
        let last_touched_at = Some(entry.updated_at);
        let request = entry.request.clone();
        let entry = RefCell::new(entry);
        let record = |n: u32| -> LocalBoxFuture<'_, Result<(), Error>> {
            let snapshot = {
                let mut e = entry.borrow_mut();
                e.sends = n;
                e.status = EntryStatus::InFlight;
                e.updated_at = self.now();
                e.clone()
            };
            Box::pin(async move { self.journal.save(&snapshot).await })
        };
        let attempt = Attempt {
            prior_sends,
            first_sent_at,
            payment_id,
            last_touched_at,
            before_send: &record,
        };
        let outcome = self.collector.pay_with(&request, attempt).await;
        let mut entry = entry.into_inner();
        match outcome {
            Ok(result) if result.sends == 0 && storage_refused(&result) => {
                // The journal could not record the first send, so nothing was sent. Not a
                // rejection to show a customer: the payment's intent may still stand in flight
                // in a journal that failed, and a resume would send it then.
                let why = result.rejection.map(|r| r.message).unwrap_or_default();
                entry.status = EntryStatus::NotSent;
                entry.error = Some(why.clone());
                entry.updated_at = self.now();
                let recorded = self.journal.save(&entry).await.is_ok();
                Err(Error::Storage(format!(
                    "{why}; nothing was sent{}",
                    if recorded {
                        ""
                    } else {
                        "; the journal may still hold the intent in flight: repair it, then \
                         resume (which sends it) or settle it by hand, never pay it under a new \
                         receipt first"
                    }
                )))
            }
            Ok(mut result) => {
                if prior_sends > 0 {
                    result.recovered = true;
                    result.evidence.insert(
                        0,
                        Evidence::new("journal", "payment found in the journal, sent before"),
                    );
                }
                Ok(self.settle(&mut entry, result).await)
            }
            Err(e)
                if entry.sends == 0
                    && entry.status == EntryStatus::InFlight
                    && entry.biller.settles_later(&entry.request) =>
            {
                // Nothing was sent, but the customer's money may already be taken elsewhere
                // (a pay button's bank page): it stays in flight, with why, until the biller's
                // own flow closes it; `resume` keeps asking.
                entry.error = Some(e.to_string());
                entry.updated_at = self.now();
                let _ = self.journal.save(&entry).await;
                Err(e)
            }
            Err(e) if entry.sends == 0 && entry.status == EntryStatus::InFlight => {
                // Refused before anything was sent. If even this write fails, the entry stays
                // in flight with no send recorded, and a resume sends it through the same
                // checks (which refuse it again).
                entry.status = EntryStatus::NotSent;
                entry.error = Some(e.to_string());
                entry.updated_at = self.now();
                let _ = self.journal.save(&entry).await;
                Err(e)
            }
            // Sent before, and not asked now (the biller could not be reached, a login
            // failed): the entry stays as it was for the next resume or review.
            Err(e) => Err(e),
        }
    }

    /// Records a resolution. A save that fails is the caller's to know: the outcome is still
    /// returned, with `unsaved` saying why, and the journal keeps the payment in flight so
    /// that the next `resume` settles it from the biller.
    async fn settle(&self, entry: &mut JournalEntry, mut result: PaymentResult) -> PaymentResult {
        entry.status = EntryStatus::Resolved;
        entry.sends = entry.sends.max(result.sends);
        entry.result = Some(result.clone());
        entry.error = None;
        entry.updated_at = self.now();
        if let Err(e) = self.journal.save(entry).await {
            result.unsaved = Some(format!(
                "the outcome could not be written to the journal ({e}); resume will settle it again"
            ));
        }
        result
    }

    /// Reverses a payment and records the reversal against its journal entry.
    pub async fn reverse(&self, reference: &PaymentRef) -> Result<ReversalResult, Error> {
        let receipt = reference.receipt.trim();
        let _held = self.exclusive(receipt).await?;
        let result = self.collector.reverse(reference).await?;
        if let Some(mut entry) = self.journal.get(self.collector.biller(), receipt).await? {
            entry.reversal = Some(result.clone());
            entry.updated_at = self.now();
            self.journal.save(&entry).await?;
        }
        Ok(result)
    }

    /// Compares the journal's payments for `date` with the biller's settlements.
    pub async fn reconcile(&self, date: NaiveDate) -> Result<Reconciliation, Error> {
        let biller = self.collector.biller();
        let local: Vec<LocalRecord> = self
            .journal
            .entries()
            .await?
            .iter()
            .filter(|e| e.biller == biller)
            .filter_map(LocalRecord::from_entry)
            .filter(|r| r.paid_at.date() == date)
            .collect();
        let remote = self.collector.settlements(date).await?;
        Ok(reconcile(date, &local, &remote))
    }

    fn now(&self) -> DateTime<Utc> {
        self.collector.now()
    }

    /// Answers one of the biller's own services (see [`crate::services`]); one that takes money
    /// (Zoom's pay button) is journaled here like any payment.
    pub async fn serve(&self, request: ServiceRequest) -> Result<ServiceReply, Error> {
        self.collector.serve(request, self).await
    }

    /// The journal's entry for one of this biller's receipts, as the caller wrote it.
    async fn entry_of(&self, receipt: &str) -> Result<Option<JournalEntry>, Error> {
        self.journal
            .get(self.collector.biller(), receipt.trim())
            .await
    }

    async fn begin(&self, request: &PaymentRequest) -> Result<(), Error> {
        validate::text("receipt", &request.receipt, 64)?;
        let receipt = request.receipt.trim();
        let _held = self.exclusive(receipt).await?;
        if let Some(existing) = self.entry_of(receipt).await? {
            if existing.status != EntryStatus::NotSent {
                return Err(Error::invalid(
                    "receipt",
                    format!("receipt {receipt} already names a payment"),
                ));
            }
        }
        self.journal.save(&self.intent(request, receipt)).await
    }

    async fn settle_receipt(&self, receipt: &str) -> Result<PaymentResult, Error> {
        let request = self
            .entry_of(receipt)
            .await?
            .ok_or_else(|| Error::invalid("receipt", format!("no payment with receipt {receipt}")))?
            .request;
        self.pay(&request).await
    }

    async fn close(
        &self,
        receipt: &str,
        mut result: PaymentResult,
    ) -> Result<PaymentResult, Error> {
        let receipt = receipt.trim();
        let _held = self.exclusive(receipt).await?;
        let mut entry = self.entry_of(receipt).await?.ok_or_else(|| {
            Error::invalid("receipt", format!("no payment with receipt {receipt}"))
        })?;
        match entry.status {
            EntryStatus::Resolved => {
                return entry.result.ok_or_else(|| {
                    Error::Internal(format!("receipt {receipt} is resolved without a result"))
                });
            }
            _ if entry.sends > 0 => {
                return Err(Error::invalid(
                    "receipt",
                    format!("receipt {receipt} was sent to the biller: only its checks settle it"),
                ));
            }
            _ => {}
        }
        result.sends = 0;
        Ok(self.settle(&mut entry, result).await)
    }
}

impl<T: Transport, C: Clock, J: AsyncJournal> Payments for CollectionService<T, C, J> {
    fn begin<'a>(&'a self, request: &'a PaymentRequest) -> LocalBoxFuture<'a, Result<(), Error>> {
        Box::pin(CollectionService::begin(self, request))
    }

    fn entry<'a>(
        &'a self,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Option<JournalEntry>, Error>> {
        Box::pin(self.entry_of(receipt))
    }

    fn settle<'a>(&'a self, receipt: &'a str) -> LocalBoxFuture<'a, Result<PaymentResult, Error>> {
        Box::pin(self.settle_receipt(receipt))
    }

    fn close<'a>(
        &'a self,
        receipt: &'a str,
        result: PaymentResult,
    ) -> LocalBoxFuture<'a, Result<PaymentResult, Error>> {
        Box::pin(CollectionService::close(self, receipt, result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_lock_is_shared_while_in_use_and_forgotten_after() {
        let Some(&biller) = BillerId::ALL.first() else {
            return; // a build without billers has no receipts
        };
        let locks = ReceiptLocks::default();
        let one = (biller, "R-1".to_owned());
        let two = (biller, "R-2".to_owned());

        let first = locks.of(&one);
        let second = locks.of(&one);
        assert!(Arc::ptr_eq(&first, &second), "one lock per receipt");
        let other = locks.of(&two);
        assert!(
            !Arc::ptr_eq(&first, &other),
            "another receipt, another lock"
        );
        assert_eq!(locks.list().len(), 2);

        // Someone else still holds R-1's lock: it stays, and the next caller shares it.
        locks.release(&one, first);
        assert_eq!(locks.list().len(), 2);
        assert!(Arc::ptr_eq(&locks.of(&one), &second));

        // The last holder gone, the receipt is forgotten; R-2's lock is untouched.
        locks.release(&one, second);
        assert_eq!(locks.list().len(), 1);
        assert!(Arc::ptr_eq(&locks.of(&two), &other));
        locks.release(&two, other);
        assert!(
            locks.list().is_empty(),
            "nothing kept once every receipt is released"
        );
    }
}
