//! Resolving a write (a payment or a reversal) whose reply may be lost: the one engine behind
//! every biller's safe payment, so the rule is written once.
//!
//! No biller offers an idempotency key. So a write is sent once and, if anything that may have
//! reached the biller goes wrong (timeout, dropped connection, 5xx, garbled reply), the biller is
//! *asked* (each biller's own status call, the [`Probe`]) before anything is sent again:
//!
//! - applied → [`Outcome::Confirmed`], `recovered`;
//! - proven absent → sent again, at most [`RecoveryPolicy::max_sends`] in all; a refusal of that
//!   resend is checked again, because it may be the biller's duplicate guard tripping on our own
//!   first send;
//! - definitely not applied and not allowed any more → [`Outcome::Rejected`];
//! - anything else, or no answer → [`Outcome::NeedsReview`], with every step as evidence.
//!
//! A request that provably never left (connection refused) is simply sent again. The biller's
//! own refusal of the first send is a rejection with its code and message verbatim, checked
//! first with the status call where that call can tell this write from any other
//! ([`RecoveryPolicy::verify_refusals`]): an HTTP stack can resend a request by itself, so a
//! refusal may be the duplicate guard answering a copy of a first send that was committed.

use std::future::Future;
use std::time::Duration;

use crate::clock::Clock;
use crate::error::Error;
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::retry::RetryPolicy;

/// How a write whose reply was lost is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryPolicy {
    /// Sends in all: the first, plus resends each made only after the biller proved the write
    /// absent.
    pub max_sends: u32,
    /// Wait before the first status check, so that a request still being processed when its reply
    /// was lost has time to land (otherwise "absent" could be a race).
    pub settle_delay: Duration,
    /// Ask the biller before taking a refusal of the *first* send as a rejection. An HTTP stack
    /// may resend a request by itself (Chromium resends a POST when a reused keep-alive
    /// connection closes before any reply byte), so the refusal we read can be the biller's
    /// duplicate guard answering our own first, committed send. Only sound where the status
    /// call identifies *this* write by the collector's own unique key (Unicomer's payments, by
    /// receipt number): elsewhere a write found could be an earlier one (a second attempt at an
    /// invoice already paid, a reversal already made), and confirming it would hide a double
    /// collection. Off in the engine's default; each biller's config says where it is on.
    pub verify_refusals: bool,
}

impl Default for RecoveryPolicy {
    fn default() -> Self {
        RecoveryPolicy {
            max_sends: 2,
            verify_refusals: false,
            settle_delay: Duration::from_secs(2),
        }
    }
}

/// What the biller's status call established about the write. `P` carries the biller's details
/// (ids, state) into the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe<P> {
    /// The write took effect.
    Applied(P),
    /// The write provably did not take effect and may be sent again.
    Absent(P),
    /// The write did not take effect and no longer can: a rejection.
    Refused(Rejection, P),
    /// The biller holds something that needs a person (a state that forbids resending, another
    /// collector's record under the same key, ...).
    Review(P),
    /// The status call gave no usable answer.
    Unknown,
}

/// How the write ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution<R, P> {
    pub outcome: Outcome,
    /// The write's own reply, when one arrived.
    pub reply: Option<R>,
    /// The last status check's details, when one was made and answered.
    pub probe: Option<P>,
    pub sends: u32,
    /// The outcome was established by asking the biller rather than from the write's reply.
    pub recovered: bool,
    pub rejection: Option<Rejection>,
    pub evidence: Vec<Evidence>,
}

/// Sends a write through `send` and resolves any doubt through `check` (see the module docs).
/// `step` names the write in the evidence; `describe` turns its reply into an evidence line.
/// `check` returns its probe and the evidence it gathered.
pub async fn resolve<C, R, P, S, SF, K, KF>(
    clock: &C,
    policy: &RecoveryPolicy,
    backoff: &RetryPolicy,
    step: &str,
    describe: impl Fn(&R) -> String,
    mut send: S,
    mut check: K,
) -> Resolution<R, P>
where
    C: Clock,
    S: FnMut() -> SF,
    SF: Future<Output = Result<R, Error>>,
    K: FnMut() -> KF,
    KF: Future<Output = (Probe<P>, Vec<Evidence>)>,
{
    let mut res = Resolution {
        outcome: Outcome::NeedsReview,
        reply: None,
        probe: None,
        sends: 0,
        recovered: false,
        rejection: None,
        evidence: Vec::new(),
    };
    let max_sends = policy.max_sends.max(1);
    loop {
        res.sends += 1;
        let error = match send().await {
            Ok(reply) => {
                res.evidence.push(Evidence::new(step, describe(&reply)));
                res.reply = Some(reply);
                res.outcome = Outcome::Confirmed;
                return res;
            }
            Err(e) => e,
        };
        res.evidence.push(Evidence::new(step, error.to_string()));
        let refused = matches!(error, Error::Biller { .. });
        if refused && res.sends == 1 {
            if !policy.verify_refusals {
                return res.rejected(rejection(&error));
            }
            return verify_refusal(res, rejection(&error), check().await);
        }
        if !refused && !error.may_have_reached_biller() {
            if matches!(error, Error::Transport(_)) && res.sends < max_sends {
                let entropy = clock.now().timestamp_subsec_nanos() as u64;
                clock.sleep(backoff.delay(res.sends, entropy)).await;
                continue;
            }
            return res.rejected(rejection(&error));
        }
        // The biller may have acted on it: ask before anything else.
        res.recovered = true;
        clock.sleep(policy.settle_delay).await;
        let (probe, evidence) = check().await;
        res.evidence.extend(evidence);
        match probe {
            Probe::Applied(p) => {
                res.probe = Some(p);
                res.outcome = Outcome::Confirmed;
                return res;
            }
            Probe::Absent(p) => {
                res.probe = Some(p);
                if refused {
                    return res.rejected(rejection(&error));
                }
                if res.sends >= max_sends {
                    res.evidence.push(Evidence::new(
                        "recovery",
                        format!("still absent after {} sends; not sending again", res.sends),
                    ));
                    return res;
                }
                res.evidence.push(Evidence::new(
                    "recovery",
                    "the biller proved it absent: sending it again",
                ));
            }
            Probe::Refused(r, p) => {
                res.probe = Some(p);
                return res.rejected(r);
            }
            Probe::Review(p) => {
                res.probe = Some(p);
                return res;
            }
            Probe::Unknown => return res,
        }
    }
}

/// A refusal of the first send, checked with the biller: a write that is there after all was
/// ours, resent by the HTTP stack and refused as a duplicate; one that is absent (or refused by
/// the status call too) is a rejection; anything else needs a person, with the refusal attached.
fn verify_refusal<R, P>(
    mut res: Resolution<R, P>,
    refusal: Rejection,
    (probe, evidence): (Probe<P>, Vec<Evidence>),
) -> Resolution<R, P> {
    res.evidence.extend(evidence);
    match probe {
        Probe::Applied(p) => {
            res.probe = Some(p);
            res.recovered = true;
            res.evidence.push(Evidence::new(
                "recovery",
                "refused, yet the biller holds this write: the refusal answered a resend of it",
            ));
            res.outcome = Outcome::Confirmed;
            res
        }
        Probe::Absent(p) | Probe::Refused(_, p) => {
            res.probe = Some(p);
            res.rejected(refusal)
        }
        Probe::Review(p) => {
            res.probe = Some(p);
            res.rejection = Some(refusal);
            res
        }
        Probe::Unknown => {
            res.evidence.push(Evidence::new(
                "recovery",
                "refused, and the status check gave no answer: not known whether it was made",
            ));
            res.rejection = Some(refusal);
            res
        }
    }
}

impl<R, P> Resolution<R, P> {
    fn rejected(mut self, rejection: Rejection) -> Self {
        self.rejection = Some(rejection);
        self.outcome = Outcome::Rejected;
        self
    }
}

/// The biller's refusal verbatim, or recaudo's reason when the biller never saw the request.
pub fn rejection(error: &Error) -> Rejection {
    match error {
        Error::Biller {
            biller_code,
            biller_message,
            ..
        } => Rejection {
            code: biller_code.clone(),
            message: biller_message.clone(),
            by_biller: true,
        },
        other => Rejection {
            code: other.code().to_owned(),
            message: other.to_string(),
            by_biller: !matches!(other, Error::Transport(_)),
        },
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use chrono::DateTime;

    use super::*;
    use crate::clock::ManualClock;
    use crate::transport::{Delivery, TransportError, TransportErrorKind};

    fn lost() -> Error {
        Error::Transport(TransportError::new(
            TransportErrorKind::Io,
            Delivery::MaybeDelivered,
            "reset",
        ))
    }
    fn refused() -> Error {
        Error::Biller {
            biller_code: "451".into(),
            biller_message: "no".into(),
            http_status: 200,
        }
    }
    fn not_sent() -> Error {
        Error::Transport(TransportError::new(
            TransportErrorKind::Connect,
            Delivery::NotSent,
            "refused",
        ))
    }

    /// Runs the engine over scripted send results and probes; returns the resolution and the
    /// number of checks made.
    fn run(
        sends: Vec<Result<u32, Error>>,
        probes: Vec<Probe<&'static str>>,
    ) -> (Resolution<u32, &'static str>, usize) {
        let policy = RecoveryPolicy {
            verify_refusals: true,
            ..RecoveryPolicy::default()
        };
        run_with(&policy, sends, probes)
    }

    fn run_with(
        policy: &RecoveryPolicy,
        sends: Vec<Result<u32, Error>>,
        probes: Vec<Probe<&'static str>>,
    ) -> (Resolution<u32, &'static str>, usize) {
        let clock = ManualClock::new(DateTime::from_timestamp(0, 0).unwrap());
        let sends = RefCell::new(sends.into_iter());
        let probes = RefCell::new(probes.into_iter());
        let checks = RefCell::new(0);
        let res = futures::executor::block_on(resolve(
            &clock,
            policy,
            &RetryPolicy::default(),
            "write",
            |r| format!("ok {r}"),
            || std::future::ready(sends.borrow_mut().next().expect("no more sends scripted")),
            || {
                *checks.borrow_mut() += 1;
                std::future::ready((
                    probes.borrow_mut().next().expect("no more probes scripted"),
                    vec![],
                ))
            },
        ));
        let n = *checks.borrow();
        (res, n)
    }

    #[test]
    fn a_reply_confirms() {
        let (r, checks) = run(vec![Ok(7)], vec![]);
        assert_eq!(
            (r.outcome, r.reply, r.sends, r.recovered, checks),
            (Outcome::Confirmed, Some(7), 1, false, 0)
        );
    }

    #[test]
    fn a_first_refusal_is_checked_then_rejects() {
        let (r, checks) = run(vec![Err(refused())], vec![Probe::Absent("none")]);
        assert_eq!((r.outcome, r.sends, checks), (Outcome::Rejected, 1, 1));
        assert_eq!(r.rejection.unwrap().code, "451");
    }

    #[test]
    fn a_first_refusal_of_a_write_that_exists_confirms_it() {
        // The HTTP stack resent our committed first send; the duplicate guard refused the copy.
        let (r, checks) = run(vec![Err(refused())], vec![Probe::Applied("id 4")]);
        assert_eq!(
            (r.outcome, r.sends, r.recovered, r.probe, checks),
            (Outcome::Confirmed, 1, true, Some("id 4"), 1)
        );
        assert!(r.rejection.is_none());
    }

    #[test]
    fn a_first_refusal_without_an_answer_needs_review_with_the_refusal() {
        let (r, _) = run(vec![Err(refused())], vec![Probe::Unknown]);
        assert_eq!(r.outcome, Outcome::NeedsReview);
        assert_eq!(r.rejection.unwrap().code, "451");
    }

    #[test]
    fn by_default_refusals_are_taken_at_their_word() {
        let (r, checks) = run_with(&RecoveryPolicy::default(), vec![Err(refused())], vec![]);
        assert_eq!((r.outcome, checks), (Outcome::Rejected, 0));
    }

    #[test]
    fn a_lost_reply_is_checked_not_resent() {
        let (r, checks) = run(vec![Err(lost())], vec![Probe::Applied("id 9")]);
        assert_eq!(
            (r.outcome, r.sends, r.recovered, r.probe, checks),
            (Outcome::Confirmed, 1, true, Some("id 9"), 1)
        );
    }

    #[test]
    fn proven_absence_allows_one_resend() {
        let (r, _) = run(vec![Err(lost()), Ok(3)], vec![Probe::Absent("none")]);
        assert_eq!(
            (r.outcome, r.sends, r.reply),
            (Outcome::Confirmed, 2, Some(3))
        );
        let (r, _) = run(
            vec![Err(lost()), Err(lost())],
            vec![Probe::Absent("none"), Probe::Absent("none")],
        );
        assert_eq!((r.outcome, r.sends), (Outcome::NeedsReview, 2));
    }

    #[test]
    fn a_refused_resend_is_checked_again() {
        let (r, _) = run(
            vec![Err(lost()), Err(refused())],
            vec![Probe::Absent("none"), Probe::Applied("late")],
        );
        assert_eq!((r.outcome, r.probe), (Outcome::Confirmed, Some("late")));
        let (r, _) = run(
            vec![Err(lost()), Err(refused())],
            vec![Probe::Absent("none"), Probe::Absent("none")],
        );
        assert_eq!(r.outcome, Outcome::Rejected);
    }

    #[test]
    fn never_sent_is_resent_then_rejected() {
        let (r, checks) = run(vec![Err(not_sent()), Err(not_sent())], vec![]);
        assert_eq!((r.outcome, r.sends, checks), (Outcome::Rejected, 2, 0));
        assert!(!r.rejection.unwrap().by_biller);
    }

    #[test]
    fn doubt_without_an_answer_needs_review() {
        let (r, _) = run(vec![Err(lost())], vec![Probe::Unknown]);
        assert_eq!(r.outcome, Outcome::NeedsReview);
        let (r, _) = run(vec![Err(lost())], vec![Probe::Review("zombie")]);
        assert_eq!((r.outcome, r.probe), (Outcome::NeedsReview, Some("zombie")));
        assert_eq!(r.evidence.len(), 1);
    }
}
