//! End-of-day reconciliation: the collector's records against the biller's.
//!
//! Records are matched by the biller's payment id when both sides have it, else by receipt
//! number, else by debt, amount and time. Every record ends in exactly one [`Finding`]; totals
//! are kept per currency so a mixed-biller export never adds pesos to dollars.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};
use crate::outcome::Outcome;

use super::journal::{EntryStatus, JournalEntry};
use super::types::{Settlement, StateKind};

/// What the collector believes happened to a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum LocalState {
    /// Collected and not undone.
    Paid,
    /// Collected, then reversed.
    Reversed,
}

/// One payment in the collector's records (the journal, or an export of them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LocalRecord {
    /// The collector's receipt number, the key the two sides are matched by first.
    pub receipt: String,
    /// The debt it paid.
    pub debt_id: String,
    /// The biller's id for the payment, when the collector recorded it.
    pub payment_id: Option<String>,
    /// The amount taken.
    pub amount: Money,
    /// When it was taken (the biller's local time).
    #[serde(with = "crate::calendar::iso_datetime")]
    pub paid_at: NaiveDateTime,
    /// Whether it still stands.
    pub state: LocalState,
}

impl LocalRecord {
    /// A journal entry as a record: only payments the biller confirmed count.
    pub fn from_entry(entry: &JournalEntry) -> Option<LocalRecord> {
        let result = entry.result.as_ref()?;
        if entry.status != EntryStatus::Resolved || result.outcome != Outcome::Confirmed {
            return None;
        }
        let reversed = entry
            .reversal
            .as_ref()
            .is_some_and(|r| r.outcome == Outcome::Confirmed);
        Some(LocalRecord {
            receipt: result.reference.receipt.clone(),
            debt_id: result.reference.debt_id.clone(),
            payment_id: result.reference.payment_id.clone(),
            amount: Money::new(result.reference.amount, result.currency),
            paid_at: result.reference.paid_at,
            state: if reversed {
                LocalState::Reversed
            } else {
                LocalState::Paid
            },
        })
    }
}

/// How one payment compares between the collector's records and the biller's day report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Finding {
    /// Both sides agree.
    Matched,
    /// We took it; the biller has no record.
    MissingAtBiller,
    /// The biller has it; we have no record.
    MissingLocally,
    /// Both have it, with different amounts.
    AmountMismatch,
    /// Same payment, different state (e.g. reversed at the biller, paid here).
    StateMismatch,
}

/// One payment of the day, as each side has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Row {
    /// How the sides compare.
    pub finding: Finding,
    /// The collector's record, when there is one.
    pub local: Option<LocalRecord>,
    /// The biller's record, when there is one.
    pub biller: Option<Settlement>,
}

/// Per-currency sums of the effective (not reversed) payments on each side.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Totals {
    /// The collector's sum.
    #[serde(with = "crate::money::wire::string")]
    pub local: Decimal,
    /// The biller's sum.
    #[serde(with = "crate::money::wire::string")]
    pub biller: Decimal,
    /// How many payments the collector counts.
    pub local_count: u32,
    /// How many payments the biller counts.
    pub biller_count: u32,
}

/// A day's reconciliation: every payment matched or flagged, and the totals per currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Reconciliation {
    /// The day reconciled.
    #[serde(with = "crate::calendar::iso_date")]
    pub date: NaiveDate,
    /// One row per payment, from either side.
    pub rows: Vec<Row>,
    /// The sums per currency.
    pub totals: BTreeMap<Currency, Totals>,
}

impl Reconciliation {
    /// How many rows have this finding.
    pub fn count(&self, finding: Finding) -> usize {
        self.rows.iter().filter(|r| r.finding == finding).count()
    }

    /// Every row matched.
    pub fn is_clean(&self) -> bool {
        self.rows.iter().all(|r| r.finding == Finding::Matched)
    }
}

fn biller_is_effective(kind: StateKind) -> bool {
    matches!(kind, StateKind::Registered | StateKind::Settled)
}

/// Compares `local` with the biller's `remote` records for `date`.
pub fn reconcile(date: NaiveDate, local: &[LocalRecord], remote: &[Settlement]) -> Reconciliation {
    let mut unmatched: Vec<Option<&Settlement>> = remote.iter().map(Some).collect();
    let mut rows = Vec::new();
    for record in local {
        let position = find(&unmatched, |s| {
            record
                .payment_id
                .as_deref()
                .is_some_and(|id| id == s.payment_id)
        })
        .or_else(|| {
            find(&unmatched, |s| {
                s.receipt.as_deref() == Some(record.receipt.as_str())
            })
        })
        .or_else(|| {
            find(&unmatched, |s| {
                s.debt_id == record.debt_id
                    && s.amount == record.amount
                    && s.paid_at == record.paid_at
            })
        });
        let settlement = position.and_then(|i| unmatched[i].take());
        let finding = match settlement {
            None => Finding::MissingAtBiller,
            Some(s) if s.amount != record.amount => Finding::AmountMismatch,
            Some(s) => {
                let theirs_paid = biller_is_effective(s.state.kind);
                let ours_paid = record.state == LocalState::Paid;
                if theirs_paid == ours_paid && (ours_paid || s.state.kind == StateKind::Reversed) {
                    Finding::Matched
                } else {
                    Finding::StateMismatch
                }
            }
        };
        rows.push(Row {
            finding,
            local: Some(record.clone()),
            biller: settlement.cloned(),
        });
    }
    for s in unmatched.into_iter().flatten() {
        rows.push(Row {
            finding: Finding::MissingLocally,
            local: None,
            biller: Some(s.clone()),
        });
    }
    let mut totals: BTreeMap<Currency, Totals> = BTreeMap::new();
    for r in local.iter().filter(|r| r.state == LocalState::Paid) {
        let t = totals.entry(r.amount.currency).or_default();
        t.local += r.amount.amount;
        t.local_count += 1;
    }
    for s in remote.iter().filter(|s| biller_is_effective(s.state.kind)) {
        let t = totals.entry(s.amount.currency).or_default();
        t.biller += s.amount.amount;
        t.biller_count += 1;
    }
    Reconciliation { date, rows, totals }
}

fn find(candidates: &[Option<&Settlement>], pred: impl Fn(&Settlement) -> bool) -> Option<usize> {
    candidates.iter().position(|c| c.is_some_and(&pred))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::types::PaymentState;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }
    fn usd(s: &str) -> Money {
        Money::new(Decimal::from_str_exact(s).unwrap(), Currency::Usd)
    }
    fn local(receipt: &str, id: Option<&str>, amount: &str, state: LocalState) -> LocalRecord {
        LocalRecord {
            receipt: receipt.into(),
            debt_id: "10".into(),
            payment_id: id.map(Into::into),
            amount: usd(amount),
            paid_at: at("2026-11-23 10:00:00"),
            state,
        }
    }
    fn remote(id: &str, receipt: &str, amount: &str, kind: StateKind) -> Settlement {
        Settlement {
            payment_id: id.into(),
            debt_id: "10".into(),
            receipt: Some(receipt.into()),
            amount: usd(amount),
            paid_at: at("2026-11-23 10:00:00"),
            state: PaymentState {
                kind,
                code: "x".into(),
                description: "x".into(),
            },
        }
    }

    #[test]
    fn every_mismatch_kind() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let ours = vec![
            local("A", Some("1"), "10.00", LocalState::Paid),
            local("B", None, "5.00", LocalState::Paid),
            local("C", Some("3"), "7.00", LocalState::Paid),
            local("D", Some("4"), "8.00", LocalState::Paid),
            local("E", Some("5"), "9.00", LocalState::Reversed),
        ];
        let theirs = vec![
            remote("1", "A", "10.00", StateKind::Settled),
            remote("3", "C", "7.50", StateKind::Registered),
            remote("4", "D", "8.00", StateKind::Reversed),
            remote("5", "E", "9.00", StateKind::Reversed),
            remote("6", "F", "1.00", StateKind::Registered),
        ];
        let r = reconcile(date, &ours, &theirs);
        let findings: Vec<(Option<&str>, Finding)> = r
            .rows
            .iter()
            .map(|row| (row.local.as_ref().map(|l| l.receipt.as_str()), row.finding))
            .collect();
        assert_eq!(
            findings,
            vec![
                (Some("A"), Finding::Matched),
                (Some("B"), Finding::MissingAtBiller),
                (Some("C"), Finding::AmountMismatch),
                (Some("D"), Finding::StateMismatch),
                (Some("E"), Finding::Matched),
                (None, Finding::MissingLocally),
            ]
        );
        let t = &r.totals[&Currency::Usd];
        assert_eq!((t.local.to_string(), t.local_count), ("30.00".into(), 4));
        assert_eq!((t.biller.to_string(), t.biller_count), ("18.50".into(), 3));
        assert!(!r.is_clean());
    }
}
