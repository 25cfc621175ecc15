//! The collection flow with its journal: record, send, resolve, and resume after a crash.

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Clock;
use crate::error::Error;
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::transport::Transport;
use crate::validate;

use super::collector::Collector;
use super::journal::{EntryStatus, JournalEntry, JournalStore};
use super::reconcile::{LocalRecord, Reconciliation, reconcile};
use super::types::{PaymentRef, PaymentRequest, PaymentResult, ReversalResult, StateKind};

/// A biller's collector with a journal in front of every payment.
pub struct CollectionService<T, C, J> {
    collector: Collector<T, C>,
    journal: J,
}

/// What `resume` did with one payment left in flight.
#[derive(Debug)]
pub struct Resumed {
    pub receipt: String,
    /// The payment's outcome, or why it could not be resolved yet (it stays in flight and the
    /// next `resume` tries again).
    pub result: Result<PaymentResult, Error>,
}

impl<T: Transport, C: Clock, J: JournalStore> CollectionService<T, C, J> {
    pub fn new(collector: Collector<T, C>, journal: J) -> Self {
        CollectionService { collector, journal }
    }

    pub fn collector(&self) -> &Collector<T, C> {
        &self.collector
    }

    pub fn journal(&self) -> &J {
        &self.journal
    }

    /// Pays a debt: the intent is written to the journal (durably) before anything is sent,
    /// then updated with the outcome. The receipt number is the payment's identity: paying again
    /// with a receipt already resolved returns the recorded result and sends nothing; one still
    /// in flight is resolved through the biller's status call first.
    pub async fn pay(&self, request: &PaymentRequest) -> Result<PaymentResult, Error> {
        validate::text("receipt", &request.receipt, 64)?;
        let biller = self.collector.biller();
        if let Some(existing) = self.journal.get(biller, request.receipt.trim())? {
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
                EntryStatus::InFlight => return self.resolve(existing).await,
                EntryStatus::NotSent => {}
            }
        }
        let mut request = request.clone();
        request.receipt = request.receipt.trim().to_owned();
        // Fixed before the first send: several billers find a payment again by it.
        request
            .paid_at
            .get_or_insert_with(|| self.collector.now_local());
        let now = self.now();
        let mut entry = JournalEntry {
            biller,
            request,
            status: EntryStatus::InFlight,
            result: None,
            reversal: None,
            error: None,
            recorded_at: now,
            updated_at: now,
        };
        self.journal.save(&entry)?;
        match self.collector.pay(&entry.request).await {
            Ok(result) => {
                self.settle(&mut entry, result.clone());
                Ok(result)
            }
            Err(e) => {
                entry.status = EntryStatus::NotSent;
                entry.error = Some(e.to_string());
                entry.updated_at = self.now();
                // Nothing was sent; if even this write fails the entry stays in flight and a
                // resume finds the payment absent.
                let _ = self.journal.save(&entry);
                Err(e)
            }
        }
    }

    /// Resolves every payment of this biller left in flight (after a crash, a killed app, a lost
    /// battery): asks the biller's status first; a payment it holds is confirmed, one it proves
    /// absent is sent (safely) now, anything else needs review.
    pub async fn resume(&self) -> Result<Vec<Resumed>, Error> {
        let biller = self.collector.biller();
        let mut resumed = Vec::new();
        for entry in self.journal.entries()? {
            if entry.biller == biller && entry.status == EntryStatus::InFlight {
                let receipt = entry.request.receipt.clone();
                resumed.push(Resumed {
                    receipt,
                    result: self.resolve(entry).await,
                });
            }
        }
        Ok(resumed)
    }

    /// Asks the biller again about every payment of this biller left for review (for instance
    /// when the biller could not be asked at the time): one it now shows as held is confirmed,
    /// one it proves absent is rejected (nothing was made; the collector may take the payment
    /// again under a new receipt), anything else stays for review. Nothing is ever sent.
    pub async fn review(&self) -> Result<Vec<Resumed>, Error> {
        let biller = self.collector.biller();
        let mut reviewed = Vec::new();
        for mut entry in self.journal.entries()? {
            let Some(previous) = entry.result.clone() else {
                continue;
            };
            if entry.biller != biller
                || entry.status != EntryStatus::Resolved
                || previous.outcome != Outcome::NeedsReview
            {
                continue;
            }
            let receipt = entry.request.receipt.clone();
            let result = match self.collector.status(&previous.reference).await {
                Ok(found) => {
                    let mut result = previous.clone();
                    result.evidence.push(Evidence::new(
                        "review",
                        format!("status: {} ({})", found.state.description, found.state.code),
                    ));
                    match found.state.kind {
                        StateKind::Registered | StateKind::Settled => {
                            result.outcome = Outcome::Confirmed;
                            result.reference.payment_id =
                                found.payment_id.or(result.reference.payment_id);
                        }
                        StateKind::Absent => {
                            result.outcome = Outcome::Rejected;
                            result.rejection = Some(Rejection {
                                code: found.state.code.clone(),
                                message: "the biller has no such payment: nothing was made".into(),
                                by_biller: true,
                            });
                        }
                        _ => {}
                    }
                    result.state = Some(found.state);
                    self.settle(&mut entry, result.clone());
                    Ok(result)
                }
                Err(e) => Err(e),
            };
            reviewed.push(Resumed { receipt, result });
        }
        Ok(reviewed)
    }

    async fn resolve(&self, mut entry: JournalEntry) -> Result<PaymentResult, Error> {
        let request = &entry.request;
        let paid_at = request
            .paid_at
            .ok_or_else(|| Error::invalid("paid_at", "a journal entry without paid_at"))?;
        let reference = PaymentRef {
            debt_id: request.debt_id.clone(),
            payment_id: None,
            receipt: request.receipt.clone(),
            amount: request.amount,
            paid_at,
        };
        let mut evidence = vec![Evidence::new(
            "resume",
            "payment found in flight in the journal",
        )];
        let found = match self.collector.status(&reference).await {
            Ok(found) => found,
            Err(Error::Unsupported(why)) => {
                evidence.push(Evidence::new(
                    "resume",
                    format!("cannot ask the biller: {why}"),
                ));
                let result = self.unresolved(reference, evidence, None);
                self.settle(&mut entry, result.clone());
                return Ok(result);
            }
            Err(e) => return Err(e),
        };
        evidence.push(Evidence::new(
            "status",
            format!("{} ({})", found.state.description, found.state.code),
        ));
        let result = match found.state.kind {
            StateKind::Registered | StateKind::Settled => PaymentResult {
                outcome: Outcome::Confirmed,
                reference: PaymentRef {
                    payment_id: found.payment_id,
                    ..reference
                },
                currency: self.collector.currency(),
                recovered: true,
                sends: 0,
                state: Some(found.state),
                rejection: None,
                evidence,
            },
            StateKind::Absent => {
                evidence.push(Evidence::new(
                    "resume",
                    "the biller proved it absent: sending it now",
                ));
                let mut result = self.collector.pay(request).await?;
                evidence.append(&mut result.evidence);
                result.evidence = evidence;
                result.recovered = true;
                result
            }
            StateKind::Reversed | StateKind::Failed | StateKind::Unknown => {
                self.unresolved(reference, evidence, Some(found.state))
            }
        };
        self.settle(&mut entry, result.clone());
        Ok(result)
    }

    fn unresolved(
        &self,
        reference: PaymentRef,
        evidence: Vec<Evidence>,
        state: Option<super::types::PaymentState>,
    ) -> PaymentResult {
        PaymentResult {
            outcome: Outcome::NeedsReview,
            reference,
            currency: self.collector.currency(),
            recovered: true,
            sends: 0,
            state,
            rejection: None,
            evidence,
        }
    }

    /// Reverses a payment and records the reversal against its journal entry.
    pub async fn reverse(&self, reference: &PaymentRef) -> Result<ReversalResult, Error> {
        let result = self.collector.reverse(reference).await?;
        if let Some(mut entry) = self
            .journal
            .get(self.collector.biller(), &reference.receipt)?
        {
            entry.reversal = Some(result.clone());
            entry.updated_at = self.now();
            self.journal.save(&entry)?;
        }
        Ok(result)
    }

    /// Compares the journal's payments for `date` with the biller's settlements.
    pub async fn reconcile(&self, date: NaiveDate) -> Result<Reconciliation, Error> {
        let biller = self.collector.biller();
        let local: Vec<LocalRecord> = self
            .journal
            .entries()?
            .iter()
            .filter(|e| e.biller == biller)
            .filter_map(LocalRecord::from_entry)
            .filter(|r| r.paid_at.date() == date)
            .collect();
        let remote = self.collector.settlements(date).await?;
        Ok(reconcile(date, &local, &remote))
    }

    /// Records a resolution. A journal that fails here leaves the entry in flight: the payment's
    /// outcome is still returned, and the next `resume` settles the entry from the biller.
    fn settle(&self, entry: &mut JournalEntry, result: PaymentResult) {
        entry.status = EntryStatus::Resolved;
        entry.result = Some(result);
        entry.error = None;
        entry.updated_at = self.now();
        let _ = self.journal.save(entry);
    }

    fn now(&self) -> DateTime<Utc> {
        self.collector.now()
    }
}
