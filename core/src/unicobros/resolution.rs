//! Did this reference get paid, exactly once? The collector's recovery question for
//! Unicobros, answered from the coupons endpoint.
//!
//! The document offers no endpoint that creates a payment: payments happen in Mobbex's
//! checkout, which it does not cover. When a checkout's result is lost (the customer's browser
//! closed, the app died, the redirect never came), the only safe next step is to ask which
//! coupons exist under the payment's `reference` before offering the customer another try.
//! That is what [`UnicobrosClient::resolve_reference`] does; its answer is a
//! [`ReferenceResolution`] in recaudo's terms:
//!
//! | what the coupons show | [`Finding`] | [`Outcome`] |
//! | --- | --- | --- |
//! | no coupon at all (`result: true`, empty list) | `absent` | rejected, *may retry* |
//! | exactly one paid attempt (or one whose approved childs add up to its total), nothing else open | `paid` | confirmed |
//! | one paid attempt and another still open (a cash coupon waiting to be paid) | `paid_with_pending` | needs review |
//! | the paid one differs from the expected amount or currency | `mismatch` | needs review |
//! | two or more paid attempts | `duplicate` | needs review |
//! | a split payment whose parts do not add up | `inconsistent` | needs review |
//! | nothing paid, something pending / in review / unlisted / being cancelled | `unsettled` | needs review |
//! | nothing paid, something refunded | `refunded` | needs review |
//! | every attempt final and unpaid (declined, expired, cancelled, ...) | `rejected` | rejected, *may retry* |
//! | no usable answer after the read retries | `unanswered` | needs review |
//!
//! # What this can prove, and what it cannot
//! - It proves what the gateway holds under the reference *at the moment it answers*: a paid
//!   attempt is a payment (confirmed), several are a duplicate to refund, an empty list means
//!   nothing was charged under that exact reference.
//! - "Absent" cannot rule out a checkout still in flight: a customer who is still on the
//!   payment page, or a card authorisation that lands a second later, shows up after the
//!   answer. [`UnicobrosClient::resolve_lost_checkout`] waits `recovery.settle_delay` first
//!   for that reason; what still closes the gap is Mobbex's duplicate guard (it refuses a
//!   second paid operation with the same reference), so a retry under the **same** reference
//!   cannot be paid twice. A retry under a new reference is not covered by anything.
//! - One paid attempt with another still open (a cash coupon, status 2) is **not** confirmed:
//!   Mobbex's same-reference guard would stop the open one from being paid too, but a gateway
//!   without that guard (the simulator's `unicobros.reference_guard=none` reading) lets the
//!   customer pay it at a cash office later. A person checks, and cancels the open coupon.
//! - It cannot see a payment made under another reference, and it cannot tell who paid.
//! - A refusal (`result: false`) or an HTTP 404 is never read as "absent": only a successful
//!   empty list is. Anything else needs review.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::clock::Clock;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::money::{Currency, Money, format_amount, validate_amount};
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::recovery::Probe;
use crate::transport::Transport;

use super::client::UnicobrosClient;
use super::coupons::{Coupon, CouponsRequest};
use super::validate_reference;

/// The step name of the coupons lookup in evidence.
const COUPONS: &str = <CouponsRequest as Endpoint>::NAME;

/// What the coupons for a reference show (see the module docs' table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// No coupon at all under the reference (`result: true`, empty list): nothing was charged.
    Absent,
    /// Exactly one paid attempt and nothing else open: confirmed.
    Paid,
    /// One attempt paid and another still open (a cash coupon waiting, status 2): it may be
    /// paid too where the gateway does not refuse a second paid operation under the reference.
    PaidWithPending,
    /// The paid attempt differs from the expected amount or currency.
    Mismatch,
    /// Two or more paid attempts: one is to be refunded.
    Duplicate,
    /// A split payment whose parts do not add up to its total.
    Inconsistent,
    /// Nothing paid, but something pending, in review, unlisted or being cancelled.
    Unsettled,
    /// Nothing paid, and something refunded.
    Refunded,
    /// Every attempt final and unpaid (declined, expired, cancelled, ...): nothing was charged.
    Rejected,
    /// No usable answer after the read retries.
    Unanswered,
}

impl Finding {
    /// The finding's snake_case name, as in the module docs' table.
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::Absent => "absent",
            Finding::Paid => "paid",
            Finding::PaidWithPending => "paid_with_pending",
            Finding::Mismatch => "mismatch",
            Finding::Duplicate => "duplicate",
            Finding::Inconsistent => "inconsistent",
            Finding::Unsettled => "unsettled",
            Finding::Refunded => "refunded",
            Finding::Rejected => "rejected",
            Finding::Unanswered => "unanswered",
        }
    }
}

/// A paid attempt under the reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaidAttempt {
    /// The coupon's id (what [`super::TransactionStatusRequest`] takes).
    pub coupon_id: String,
    /// The operation's id, when the coupon carries one.
    pub uid: Option<String>,
    /// The coupon's total.
    #[serde(with = "crate::money::wire::string")]
    pub amount: Decimal,
    /// The coupon's currency (`ARS` or `TEST`), when given.
    pub currency: Option<String>,
    /// Paid because its approved childs add up to its total (its own status said otherwise).
    pub via_childs: bool,
}

/// The answer to "did this reference get paid, exactly once?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceResolution {
    /// The reference asked about.
    pub reference: String,
    /// The answer in recaudo's terms (see the module docs' table).
    pub outcome: Outcome,
    /// What the coupons showed, more precisely than the outcome.
    pub finding: Finding,
    /// Every paid attempt: one when confirmed, several for a duplicate.
    pub paid: Vec<PaidAttempt>,
    /// The coupons as the gateway listed them (empty when absent or unanswered).
    pub coupons: Vec<Coupon>,
    /// For `absent` and `rejected`: why nothing was charged.
    pub rejection: Option<Rejection>,
    /// What was asked and seen, for the journal and a person reviewing.
    pub evidence: Vec<Evidence>,
}

impl ReferenceResolution {
    /// Whether the customer may safely be offered another try under this reference: nothing
    /// was charged under it (see the module docs for what that cannot rule out).
    pub fn may_retry(&self) -> bool {
        matches!(self.finding, Finding::Absent | Finding::Rejected)
    }

    /// The judgement as a [`Probe`], the shape [`crate::recovery::resolve`] takes, for a
    /// checkout-creating write should one ever be added.
    pub fn probe(&self) -> Probe<ReferenceResolution> {
        match self.finding {
            Finding::Paid => Probe::Applied(self.clone()),
            Finding::Absent => Probe::Absent(self.clone()),
            Finding::Rejected => match &self.rejection {
                Some(r) => Probe::Refused(r.clone(), self.clone()),
                None => Probe::Review(self.clone()),
            },
            Finding::Unanswered => Probe::Unknown,
            _ => Probe::Review(self.clone()),
        }
    }
}

/// How one coupon stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attempt {
    Paid {
        via_childs: bool,
    },
    /// May still be paid.
    Open,
    Refunded,
    /// Final and unpaid.
    Unpaid,
    /// A split payment whose approved parts do not add up to its total.
    Inconsistent,
}

fn classify(c: &Coupon) -> Attempt {
    if !c.childs.is_empty() {
        let approved = c.approved_childs_total();
        if c.status.is_paid() {
            return if approved == c.total {
                Attempt::Paid { via_childs: false }
            } else {
                Attempt::Inconsistent
            };
        }
        if approved > Decimal::ZERO {
            return if approved == c.total {
                Attempt::Paid { via_childs: true }
            } else {
                Attempt::Inconsistent
            };
        }
        let own = classify_status(c);
        let child_open = c.childs.iter().any(|k| classify(k) != Attempt::Unpaid);
        return if own == Attempt::Unpaid && child_open {
            Attempt::Open
        } else {
            own
        };
    }
    classify_status(c)
}

fn classify_status(c: &Coupon) -> Attempt {
    use super::status::StatusGroup as G;
    match c.status.group() {
        G::Approved => Attempt::Paid { via_childs: false },
        G::Refunded => Attempt::Refunded,
        _ if c.status.is_definitely_unpaid() => Attempt::Unpaid,
        _ => Attempt::Open,
    }
}

fn describe(c: &Coupon) -> String {
    let mut s = format!(
        "{} {} {} {}",
        c.id,
        c.status,
        c.total,
        c.currency.as_deref().unwrap_or("?")
    );
    if !c.childs.is_empty() {
        s.push_str(&format!(
            " [{} child(s), approved {}]",
            c.childs.len(),
            c.approved_childs_total()
        ));
    }
    s
}

/// Judges the coupons listed for `reference` (see the module docs).
pub fn judge(
    reference: &str,
    coupons: Vec<Coupon>,
    expected: Option<Money>,
) -> ReferenceResolution {
    let mut evidence = Vec::new();
    let listed = if coupons.is_empty() {
        format!("no coupon for reference `{reference}`")
    } else {
        let rows: Vec<String> = coupons.iter().map(describe).collect();
        format!(
            "{} coupon(s) for reference `{reference}`: {}",
            coupons.len(),
            rows.join("; ")
        )
    };
    evidence.push(Evidence::new(COUPONS, listed));
    let attempts: Vec<Attempt> = coupons.iter().map(classify).collect();
    let paid: Vec<PaidAttempt> = coupons
        .iter()
        .zip(&attempts)
        .filter_map(|(c, a)| match a {
            Attempt::Paid { via_childs } => Some(PaidAttempt {
                coupon_id: c.id.clone(),
                uid: c.uid.clone(),
                amount: c.total,
                currency: c.currency.clone(),
                via_childs: *via_childs,
            }),
            _ => None,
        })
        .collect();
    let has = |wanted: Attempt| attempts.contains(&wanted);
    let (finding, note) = if coupons.is_empty() {
        (
            Finding::Absent,
            "nothing was charged under this reference: another try is safe".to_owned(),
        )
    } else if paid.len() > 1 {
        (
            Finding::Duplicate,
            format!(
                "{} paid attempts under one reference: a duplicate to refund",
                paid.len()
            ),
        )
    } else if has(Attempt::Inconsistent) {
        (
            Finding::Inconsistent,
            "a split payment's approved parts do not add up to its total".to_owned(),
        )
    } else if let Some(one) = paid.first() {
        match expected.and_then(|e| mismatch(one, e)) {
            Some(why) => (Finding::Mismatch, why),
            None if has(Attempt::Open) => (
                Finding::PaidWithPending,
                format!(
                    "coupon {} is paid, and another attempt under the reference is still open: \
                     it could be paid too; cancel it before calling this settled",
                    one.coupon_id
                ),
            ),
            None => (
                Finding::Paid,
                format!(
                    "exactly one paid attempt: coupon {} for {} {}{}",
                    one.coupon_id,
                    one.amount,
                    one.currency.as_deref().unwrap_or("?"),
                    if one.via_childs {
                        " (its childs add up)"
                    } else {
                        ""
                    }
                ),
            ),
        }
    } else if has(Attempt::Open) {
        (
            Finding::Unsettled,
            "nothing paid yet, but an attempt may still be paid".to_owned(),
        )
    } else if has(Attempt::Refunded) {
        (
            Finding::Refunded,
            "nothing paid now, but an attempt was refunded".to_owned(),
        )
    } else {
        (
            Finding::Rejected,
            "every attempt is final and unpaid: another try is safe".to_owned(),
        )
    };
    evidence.push(Evidence::new("resolution", note));
    let (outcome, rejection) = match finding {
        Finding::Paid => (Outcome::Confirmed, None),
        Finding::Absent => (
            Outcome::Rejected,
            Some(Rejection {
                code: "absent".into(),
                message: format!("Unicobros has no coupon for reference `{reference}`"),
                by_biller: true,
            }),
        ),
        Finding::Rejected => (Outcome::Rejected, latest_rejection(&coupons)),
        _ => (Outcome::NeedsReview, None),
    };
    ReferenceResolution {
        reference: reference.to_owned(),
        outcome,
        finding,
        paid,
        coupons,
        rejection,
        evidence,
    }
}

fn mismatch(paid: &PaidAttempt, expected: Money) -> Option<String> {
    let same_currency = paid
        .currency
        .as_deref()
        .is_some_and(|c| c.trim().eq_ignore_ascii_case(expected.currency.code()));
    if same_currency && paid.amount == expected.amount {
        return None;
    }
    Some(format!(
        "the paid attempt (coupon {}) is {} {}, not the expected {}",
        paid.coupon_id,
        paid.amount,
        paid.currency
            .as_deref()
            .unwrap_or("in an unstated currency"),
        expected
    ))
}

/// The most recent attempt's status, as the biller's reason.
fn latest_rejection(coupons: &[Coupon]) -> Option<Rejection> {
    let latest = coupons
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (c.updated.or(c.created), *i))
        .map(|(_, c)| c)?;
    Some(Rejection {
        code: latest.status.code(),
        message: latest.status.description().to_owned(),
        by_biller: true,
    })
}

/// The currencies a Unicobros payment can be in.
pub(crate) fn check_expected(expected: Option<Money>) -> Result<Option<Money>, Error> {
    let Some(e) = expected else { return Ok(None) };
    if !matches!(e.currency, Currency::Ars | Currency::Test) {
        return Err(Error::invalid(
            "currency",
            format!("Unicobros payments are in ARS or TEST, not {}", e.currency),
        ));
    }
    let amount = validate_amount(e.amount, e.currency, None)?;
    Ok(Some(Money::new(amount, e.currency)))
}

impl<T: Transport, C: Clock> UnicobrosClient<T, C> {
    /// Asks the coupons endpoint (with read retries) and judges the answer; see the module
    /// docs. `expected`, when given, is the amount and currency the payment was for: a paid
    /// attempt for anything else needs review.
    ///
    /// `Err` only for input refused before sending and for answers that say nothing about the
    /// payment but about us: refused credentials ([`Error::Auth`]) and configuration.
    pub async fn resolve_reference(
        &self,
        reference: &str,
        expected: Option<Money>,
    ) -> Result<ReferenceResolution, Error> {
        self.reference_probe(reference, expected)
            .await
            .map(|(_, resolution)| resolution)
    }

    /// [`Self::resolve_reference`] after waiting `recovery.settle_delay`, for a checkout whose
    /// result was just lost: a request still being processed has time to land first.
    pub async fn resolve_lost_checkout(
        &self,
        reference: &str,
        expected: Option<Money>,
    ) -> Result<ReferenceResolution, Error> {
        validate_reference("reference", reference)?;
        let expected = check_expected(expected)?;
        self.clock()
            .sleep(self.config().recovery.settle_delay)
            .await;
        self.resolve_reference(reference, expected).await
    }

    /// The resolution together with its [`Probe`] (what the `check` of a
    /// [`crate::recovery::resolve`] would return).
    pub async fn reference_probe(
        &self,
        reference: &str,
        expected: Option<Money>,
    ) -> Result<(Probe<ReferenceResolution>, ReferenceResolution), Error> {
        validate_reference("reference", reference)?;
        let expected = check_expected(expected)?;
        let request = CouponsRequest {
            reference: reference.to_owned(),
        };
        let resolution = match self.read(&request).await {
            Ok(coupons) => judge(reference, coupons, expected),
            Err(
                e @ (Error::Auth { .. }
                | Error::Config(_)
                | Error::InsecureUrl { .. }
                | Error::InvalidInput { .. }
                | Error::InvalidAmount(_)),
            ) => return Err(e),
            Err(e) => ReferenceResolution {
                reference: reference.to_owned(),
                outcome: Outcome::NeedsReview,
                finding: Finding::Unanswered,
                paid: Vec::new(),
                coupons: Vec::new(),
                rejection: None,
                evidence: vec![
                    Evidence::new(COUPONS, e.to_string()),
                    Evidence::new(
                        "resolution",
                        "the gateway gave no usable answer: a person must check the reference",
                    ),
                ],
            },
        };
        Ok((resolution.probe(), resolution))
    }
}

/// Formats an amount with the currency's decimals when the currency is one recaudo knows and
/// the amount fits them; otherwise its own digits (a reply is never rounded for display).
pub fn amount_text(amount: Decimal, currency: Option<&str>) -> String {
    match currency.and_then(|c| c.parse::<Currency>().ok()) {
        Some(c) if amount.normalize().scale() <= c.minor_units() => format_amount(amount, c),
        _ => amount.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unicobros::status::StatusCode;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn coupon(id: &str, status: &str, total: &str, childs: Vec<Coupon>) -> Coupon {
        Coupon {
            id: id.into(),
            uid: None,
            operation: None,
            status: StatusCode::parse(status),
            source: None,
            installment_count: None,
            total: d(total),
            currency: Some("ARS".into()),
            description: None,
            reference: None,
            card_number: None,
            user: None,
            updated: None,
            created: None,
            childs,
        }
    }

    fn finding(coupons: Vec<Coupon>) -> (Finding, Outcome) {
        let r = judge("REF-1", coupons, None);
        (r.finding, r.outcome)
    }

    #[test]
    fn each_row_of_the_table() {
        use Finding as F;
        use Outcome as O;
        assert_eq!(finding(vec![]), (F::Absent, O::Rejected));
        assert_eq!(
            finding(vec![coupon("a", "200", "10", vec![])]),
            (F::Paid, O::Confirmed)
        );
        assert_eq!(
            finding(vec![
                coupon("a", "400", "10", vec![]),
                coupon("b", "300", "10", vec![])
            ]),
            (F::Paid, O::Confirmed)
        );
        assert_eq!(
            finding(vec![
                coupon("a", "200", "10", vec![]),
                coupon("b", "2", "10", vec![])
            ]),
            (F::PaidWithPending, O::NeedsReview),
            "a pending sibling may still be paid where the gateway has no same-reference guard"
        );
        assert_eq!(
            finding(vec![
                coupon("a", "200", "10", vec![]),
                coupon("b", "301", "10", vec![])
            ]),
            (F::Duplicate, O::NeedsReview)
        );
        for open in [
            "0", "1", "2", "3", "4", "100", "201", "210", "600", "603", "800", "999",
        ] {
            assert_eq!(
                finding(vec![
                    coupon("a", "401", "10", vec![]),
                    coupon("b", open, "10", vec![])
                ]),
                (F::Unsettled, O::NeedsReview),
                "{open}"
            );
        }
        assert_eq!(
            finding(vec![
                coupon("a", "602", "10", vec![]),
                coupon("b", "400", "10", vec![])
            ]),
            (F::Refunded, O::NeedsReview)
        );
        for closed in ["400", "401", "402", "403", "410", "415", "500", "601"] {
            assert_eq!(
                finding(vec![coupon("a", closed, "10", vec![])]),
                (F::Rejected, O::Rejected),
                "{closed}"
            );
        }
    }

    #[test]
    fn childs_add_up_or_need_review() {
        let parts = || {
            vec![
                coupon("c1", "200", "400.53", vec![]),
                coupon("c2", "200", "500", vec![]),
                coupon("c3", "400", "900.53", vec![]),
            ]
        };
        assert_eq!(
            finding(vec![coupon("p", "200", "900.53", parts())]).0,
            Finding::Paid
        );
        let r = judge("R", vec![coupon("p", "1", "900.53", parts())], None);
        assert_eq!(r.finding, Finding::Paid);
        assert!(r.paid[0].via_childs);
        assert_eq!(
            finding(vec![coupon("p", "200", "1000", parts())]).0,
            Finding::Inconsistent
        );
        let half = vec![
            coupon("c1", "200", "400.53", vec![]),
            coupon("c2", "400", "500", vec![]),
        ];
        assert_eq!(
            finding(vec![coupon("p", "1", "900.53", half)]).0,
            Finding::Inconsistent
        );
        let none = vec![coupon("c1", "2", "400.53", vec![])];
        assert_eq!(
            finding(vec![coupon("p", "400", "400.53", none)]).0,
            Finding::Unsettled
        );
        let dead = vec![coupon("c1", "400", "400.53", vec![])];
        assert_eq!(
            finding(vec![coupon("p", "400", "400.53", dead)]).0,
            Finding::Rejected
        );
    }

    #[test]
    fn expected_amount_and_currency_are_checked() {
        let paid = || vec![coupon("a", "200", "10.50", vec![])];
        let ars = |a: &str| Some(Money::new(d(a), Currency::Ars));
        assert_eq!(judge("R", paid(), ars("10.5")).finding, Finding::Paid);
        assert_eq!(judge("R", paid(), ars("10.51")).finding, Finding::Mismatch);
        let test_money = Some(Money::new(d("10.50"), Currency::Test));
        let r = judge("R", paid(), test_money);
        assert_eq!(
            (r.finding, r.outcome),
            (Finding::Mismatch, Outcome::NeedsReview)
        );
    }

    #[test]
    fn rejections_carry_the_latest_status_and_probes_match() {
        let mut older = coupon("a", "401", "10", vec![]);
        older.updated = super::super::dates::parse("2024-01-01T00:00:00.000Z");
        let mut newer = coupon("b", "400", "10", vec![]);
        newer.updated = super::super::dates::parse("2024-01-02T00:00:00.000Z");
        let r = judge("R", vec![newer, older], None);
        let rej = r.rejection.clone().unwrap();
        assert_eq!((rej.code.as_str(), rej.by_biller), ("400", true));
        assert!(r.may_retry());
        assert!(matches!(r.probe(), Probe::Refused(..)));
        let absent = judge("R", vec![], None);
        assert!(absent.may_retry());
        assert_eq!(absent.rejection.as_ref().unwrap().code, "absent");
        assert!(matches!(absent.probe(), Probe::Absent(_)));
        let dup = judge(
            "R",
            vec![
                coupon("a", "200", "1", vec![]),
                coupon("b", "200", "1", vec![]),
            ],
            None,
        );
        assert!(!dup.may_retry());
        assert_eq!(dup.paid.len(), 2);
        assert!(matches!(dup.probe(), Probe::Review(_)));
        assert!(matches!(
            judge("R", vec![coupon("a", "200", "1", vec![])], None).probe(),
            Probe::Applied(_)
        ));
    }

    #[test]
    fn amounts_print_with_the_currency_decimals_but_never_round() {
        assert_eq!(amount_text(d("10288"), Some("TEST")), "10288.00");
        assert_eq!(amount_text(d("100.5"), Some("ARS")), "100.50");
        assert_eq!(amount_text(d("1.005"), Some("ARS")), "1.005");
        assert_eq!(amount_text(d("7"), Some("XYZ")), "7");
        assert_eq!(amount_text(d("7"), None), "7");
    }
}
