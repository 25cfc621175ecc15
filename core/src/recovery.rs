//! Resolving a write (a payment or a reversal) whose reply may be lost: the one engine behind
//! every biller's safe payment, so the rule is written once.
//!
//! No biller offers an idempotency key. So a write is sent once and, if anything that may have
//! reached the biller goes wrong (timeout, dropped connection, 5xx, garbled reply, a biller code
//! that reports a failed call rather than a refusal), the biller is *asked* (each biller's own
//! status check, the [`Probe`]) before anything is sent again:
//!
//! - applied → [`Outcome::Confirmed`], `recovered`;
//! - absent → sent again only where the biller guards duplicates
//!   ([`RecoveryPolicy::resend_when_absent`]), within [`RecoveryPolicy::max_sends`] counted
//!   across crashes, and only after a second answer of absence
//!   ([`RecoveryPolicy::confirm_absence_after`] later); otherwise needs review, and
//!   `resume`/`review` ask again later;
//! - definitely not applied and not allowed any more → [`Outcome::Rejected`];
//! - anything else, or no answer → [`Outcome::NeedsReview`], with every step as evidence.
//!
//! A write an earlier run may have sent (a crash, a payment left for review) starts with the
//! check ([`Attempt`]): `resume` and `review` go through this same engine, never a weaker one.
//! A request that provably never left (connection refused) is simply sent again. The biller's
//! refusal of the only send is a rejection with its code and message verbatim, checked first
//! where the status check can tell this write from any other
//! ([`RecoveryPolicy::refusals`]); a refusal of a resend is always checked, because it
//! may be the biller's duplicate guard answering our own first send.

use std::future::Future;
use std::time::Duration;

use futures::future::LocalBoxFuture;

use crate::clock::Clock;
use crate::error::Error;
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::retry::RetryPolicy;

/// How a write whose reply was lost is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryPolicy {
    /// Sends in all, across crashes (the count lives in the journal): the first, plus resends
    /// each made only after the biller proved the write absent twice.
    pub max_sends: u32,
    /// Wait before the first status check, so that a request still being processed when its reply
    /// was lost has time to land (otherwise "absent" could be a race). Never shorter than the
    /// biller's floor ([`RecoveryPolicy::with_floor`]).
    pub settle_delay: Duration,
    /// Before a resend, the biller is asked once more this long after it first said "absent":
    /// a resend needs two answers of absence, apart in time, so that a request that lands late
    /// is caught by the second.
    pub confirm_absence_after: Duration,
    /// Send again after the biller proved a write absent. Only safe where the biller refuses a
    /// duplicate of a write that lands late after all (Unicomer's unique `num_recibo`); setting
    /// it states that the biller has such a guard. Off: a proven absence ends in needs review, and
    /// `resume`/`review` ask again later (a late landing then becomes confirmed).
    pub resend_when_absent: bool,
    /// How a refusal is taken (see [`RefusalCheck`]).
    pub refusals: RefusalCheck,
    /// Biller codes that do not refuse the write but report a failure of the call, which may
    /// come after the write was stored (Zoom's `CODE_003`, "error en la llamada al servicio"):
    /// checked with the biller like a lost reply. A biller error under HTTP 5xx is always so.
    pub doubtful_codes: Vec<String>,
}

impl Default for RecoveryPolicy {
    fn default() -> Self {
        RecoveryPolicy {
            max_sends: 2,
            settle_delay: Duration::from_secs(2),
            confirm_absence_after: Duration::from_secs(2),
            resend_when_absent: true,
            refusals: RefusalCheck::AtItsWord,
            doubtful_codes: Vec::new(),
        }
    }
}

/// How a biller's refusal of a write is taken. An HTTP stack may resend a request by itself
/// (Chromium resends a POST when a reused keep-alive connection closes before any reply byte),
/// and a biller may store a write and then answer an error: the refusal we read can hide a write
/// that was made. A refusal of a *resend* is always checked (it may be the duplicate guard
/// answering our own first send); these choose what happens to a refusal of the only send, and
/// what a write found after a refusal means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalCheck {
    /// The only send's refusal is a rejection; a write found after a resend's refusal is ours.
    /// For billers whose check cannot tell this write from an earlier one, and that do not
    /// store-then-fail (or where nothing better can be known).
    AtItsWord,
    /// Every refusal is checked: absent → rejected; found → confirmed. Only where the check
    /// identifies *this* write by the collector's own key (Unicomer's receipt number).
    Confirming,
    /// Every refusal is checked: absent → rejected; found → needs review, because the write found
    /// may be an earlier one by someone else (Cooplan: an invoice paid a moment before ours).
    Cautious,
}

impl RecoveryPolicy {
    /// This policy with `settle_delay` at least `floor`: each biller's safe payment applies its
    /// own floor, so no configuration can ask the biller before a write had a chance to land.
    pub fn with_floor(&self, floor: Duration) -> RecoveryPolicy {
        RecoveryPolicy {
            settle_delay: self.settle_delay.max(floor),
            ..self.clone()
        }
    }

    /// Whether an error answering a write leaves it in doubt (the biller may have stored it).
    fn in_doubt(&self, error: &Error) -> bool {
        match error {
            Error::Biller {
                biller_code,
                http_status,
                ..
            } => *http_status >= 500 || self.doubtful_codes.iter().any(|c| c == biller_code),
            other => other.may_have_reached_biller(),
        }
    }
}

/// Where a write stands when its resolution starts, and how each send is recorded.
pub struct Attempt<'a> {
    /// Sends already made in earlier runs (the journal's count): they count towards
    /// [`RecoveryPolicy::max_sends`].
    pub prior_sends: u32,
    /// When the write was first sent, for checks that bound the biller's records by time
    /// (Cooplan's report); `None`: now.
    pub first_sent_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The biller's id for the write, when an earlier run learned it (Unicomer's `idtrx`): the
    /// check can then ask by it too.
    pub payment_id: Option<String>,
    /// When an earlier run last touched the write (its last send or its last check): the first
    /// check waits only what is left of the settle delay since then.
    pub last_touched_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Called with a send's number (1 for the first) before it leaves; an error stops the send.
    /// The journal writes the count here, so that it survives a crash.
    pub before_send: &'a dyn Fn(u32) -> LocalBoxFuture<'a, Result<(), Error>>,
}

impl Attempt<'_> {
    /// A write never sent before, with nothing to record.
    pub fn fresh() -> Attempt<'static> {
        Attempt {
            prior_sends: 0,
            first_sent_at: None,
            payment_id: None,
            last_touched_at: None,
            before_send: &|_| Box::pin(std::future::ready(Ok(()))),
        }
    }

    /// Whether an earlier run may have sent the write: then the biller is asked first.
    pub fn in_doubt(&self) -> bool {
        self.prior_sends > 0
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
    /// How the write ended.
    pub outcome: Outcome,
    /// The write's own reply, when one arrived.
    pub reply: Option<R>,
    /// The last status check's details, when one was made and answered.
    pub probe: Option<P>,
    /// Sends in all, earlier runs included.
    pub sends: u32,
    /// The outcome was established by asking the biller rather than from the write's reply.
    pub recovered: bool,
    /// Why the biller refused it, when it did.
    pub rejection: Option<Rejection>,
    /// What was sent and seen, in order, for a person to review.
    pub evidence: Vec<Evidence>,
}

/// Sends a write through `send` and resolves any doubt through `check` (see the module docs).
/// `step` names the write in the evidence; `describe` turns its reply into an evidence line.
/// `check` returns its probe and the evidence it gathered. A write that an earlier run may have
/// sent ([`Attempt::in_doubt`]) starts with the check.
#[allow(clippy::too_many_arguments)]
pub async fn resolve<C, R, P, S, SF, K, KF>(
    clock: &C,
    policy: &RecoveryPolicy,
    backoff: &RetryPolicy,
    attempt: Attempt<'_>,
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
        sends: attempt.prior_sends,
        recovered: false,
        rejection: None,
        evidence: Vec::new(),
    };
    let max_sends = policy.max_sends.max(1);
    let mut check_first = attempt.in_doubt();
    if check_first {
        res.evidence.push(Evidence::new(
            "recovery",
            format!(
                "sent {} time(s) before; asking the biller before anything else",
                attempt.prior_sends
            ),
        ));
    }
    loop {
        if !check_first {
            if let Err(e) = (attempt.before_send)(res.sends + 1).await {
                // The count could not be recorded: nothing is sent.
                res.evidence
                    .push(Evidence::new(step, format!("not sent: {e}")));
                return if res.sends == 0 {
                    res.rejected(rejection(&e))
                } else {
                    res
                };
            }
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
            if !policy.in_doubt(&error) {
                if matches!(error, Error::Biller { .. }) {
                    // The only send's refusal is taken at its word where the status check
                    // cannot tell this write from another; any other refusal is checked.
                    if res.sends == 1 && policy.refusals == RefusalCheck::AtItsWord {
                        return res.rejected(rejection(&error));
                    }
                    let (probe, evidence) = check().await;
                    let confirms = policy.refusals != RefusalCheck::Cautious;
                    return verify_refusal(res, rejection(&error), probe, evidence, confirms);
                }
                if matches!(error, Error::Transport(_)) && res.sends < max_sends {
                    // Provably never left: send again after a pause (it still counts, so a
                    // flapping network cannot loop forever).
                    let entropy = clock.now().timestamp_subsec_nanos() as u64;
                    clock.sleep(backoff.delay(res.sends, entropy)).await;
                    continue;
                }
                // Never reached the biller (or refused before acting: auth, a 4xx); any earlier
                // send was proven absent twice before this one, so nothing was made.
                return res.rejected(rejection(&error));
            }
        }
        // The biller may have acted on it: ask before anything else, once it had time to land
        // (an earlier run's write may have had that time already).
        let settle = match attempt.last_touched_at.filter(|_| check_first) {
            Some(then) => (clock.now() - then)
                .to_std()
                .map_or(policy.settle_delay, |since| {
                    policy.settle_delay.saturating_sub(since)
                }),
            None => policy.settle_delay,
        };
        check_first = false;
        res.recovered = true;
        clock.sleep(settle).await;
        let (probe, evidence) = check().await;
        res.evidence.extend(evidence);
        let Some(absent) = settle_probe(&mut res, probe) else {
            return res;
        };
        res.probe = Some(absent);
        // Absent. Resend only where the biller guards duplicates, within the count, and after a
        // second answer of absence.
        if !policy.resend_when_absent {
            res.evidence.push(Evidence::new(
                "recovery",
                "the biller shows no such write; it documents no duplicate guard, so recaudo does \
                 not send it again (a late landing would make two): review asks again later",
            ));
            return res;
        }
        if res.sends >= max_sends {
            res.evidence.push(Evidence::new(
                "recovery",
                format!("still absent after {} sends; not sending again", res.sends),
            ));
            return res;
        }
        clock.sleep(policy.confirm_absence_after).await;
        let (probe, evidence) = check().await;
        res.evidence.extend(evidence);
        let Some(absent) = settle_probe(&mut res, probe) else {
            return res;
        };
        res.probe = Some(absent);
        res.evidence.push(Evidence::new(
            "recovery",
            "the biller proved it absent twice: sending it again",
        ));
    }
}

/// Applies a probe's answer; `Some` only for an absence, the one answer that lets the engine
/// go on.
fn settle_probe<R, P>(res: &mut Resolution<R, P>, probe: Probe<P>) -> Option<P> {
    match probe {
        Probe::Applied(p) => {
            res.probe = Some(p);
            res.outcome = Outcome::Confirmed;
            None
        }
        Probe::Absent(p) => Some(p),
        Probe::Refused(r, p) => {
            res.probe = Some(p);
            res.rejection = Some(r);
            res.outcome = Outcome::Rejected;
            None
        }
        Probe::Review(p) => {
            res.probe = Some(p);
            None
        }
        Probe::Unknown => None,
    }
}

/// A refusal, checked with the biller: a write that is there after all was ours (a resend by
/// the HTTP stack refused as a duplicate, or a write stored before the biller failed); one that
/// is absent (or refused by the status call too) is a rejection; anything else needs a person,
/// with the refusal attached.
fn verify_refusal<R, P>(
    mut res: Resolution<R, P>,
    refusal: Rejection,
    probe: Probe<P>,
    evidence: Vec<Evidence>,
    found_confirms: bool,
) -> Resolution<R, P> {
    res.evidence.extend(evidence);
    match probe {
        Probe::Applied(p) if !found_confirms => {
            res.probe = Some(p);
            res.recovered = true;
            res.evidence.push(Evidence::new(
                "recovery",
                "refused, and the biller holds a write like this one: ours stored before the \
                 error, or an earlier one by someone else; a person must check",
            ));
            res.rejection = Some(refusal);
            res
        }
        Probe::Applied(p) => {
            res.probe = Some(p);
            res.recovered = true;
            res.evidence.push(Evidence::new(
                "recovery",
                "refused, yet the biller holds this write: the refusal did not undo it",
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
            by_biller: !matches!(other, Error::Transport(_) | Error::Storage(_)),
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
            refusals: RefusalCheck::Confirming,
            ..RecoveryPolicy::default()
        };
        run_with(&policy, 0, sends, probes)
    }

    fn run_with(
        policy: &RecoveryPolicy,
        prior_sends: u32,
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
            Attempt {
                prior_sends,
                ..Attempt::fresh()
            },
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
    fn a_cautious_check_never_confirms_a_refused_write_it_finds() {
        let policy = RecoveryPolicy {
            refusals: RefusalCheck::Cautious,
            ..RecoveryPolicy::default()
        };
        let (r, _) = run_with(&policy, 0, vec![Err(refused())], vec![Probe::Applied("x")]);
        assert_eq!(r.outcome, Outcome::NeedsReview);
        assert_eq!(r.rejection.unwrap().code, "451");
        let (r, _) = run_with(&policy, 0, vec![Err(refused())], vec![ABSENT]);
        assert_eq!(r.outcome, Outcome::Rejected);
    }

    #[test]
    fn by_default_refusals_are_taken_at_their_word() {
        let (r, checks) = run_with(&RecoveryPolicy::default(), 0, vec![Err(refused())], vec![]);
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

    const ABSENT: Probe<&str> = Probe::Absent("none");

    #[test]
    fn absence_proven_twice_allows_one_resend() {
        let (r, checks) = run(vec![Err(lost()), Ok(3)], vec![ABSENT, ABSENT]);
        assert_eq!(
            (r.outcome, r.sends, r.reply, checks),
            (Outcome::Confirmed, 2, Some(3), 2)
        );
        let (r, _) = run(vec![Err(lost()), Err(lost())], vec![ABSENT, ABSENT, ABSENT]);
        assert_eq!((r.outcome, r.sends), (Outcome::NeedsReview, 2));
    }

    #[test]
    fn a_late_landing_caught_by_the_second_check_is_not_resent() {
        let (r, checks) = run(vec![Err(lost())], vec![ABSENT, Probe::Applied("late")]);
        assert_eq!(
            (r.outcome, r.sends, r.probe, checks),
            (Outcome::Confirmed, 1, Some("late"), 2)
        );
    }

    #[test]
    fn without_a_duplicate_guard_absence_is_never_resent() {
        let policy = RecoveryPolicy {
            resend_when_absent: false,
            ..RecoveryPolicy::default()
        };
        let (r, checks) = run_with(&policy, 0, vec![Err(lost())], vec![ABSENT]);
        assert_eq!((r.outcome, r.sends, checks), (Outcome::NeedsReview, 1, 1));
        assert!(r.rejection.is_none());
    }

    #[test]
    fn a_write_sent_by_an_earlier_run_is_checked_first() {
        let policy = RecoveryPolicy::default();
        let (r, checks) = run_with(&policy, 1, vec![], vec![Probe::Applied("id 2")]);
        assert_eq!(
            (r.outcome, r.sends, r.recovered, checks),
            (Outcome::Confirmed, 1, true, 1)
        );
        // The count survives the crash: one resend allowed in all.
        let (r, _) = run_with(&policy, 1, vec![Ok(5)], vec![ABSENT, ABSENT]);
        assert_eq!((r.outcome, r.sends), (Outcome::Confirmed, 2));
        let (r, _) = run_with(&policy, 2, vec![], vec![ABSENT]);
        assert_eq!((r.outcome, r.sends), (Outcome::NeedsReview, 2));
    }

    #[test]
    fn a_write_left_long_ago_is_asked_about_without_waiting_again() {
        let start = DateTime::from_timestamp(1_000, 0).unwrap();
        let clock = ManualClock::new(start);
        let policy = RecoveryPolicy::default();
        let ask = |touched: i64| {
            let res: Resolution<u32, &str> = futures::executor::block_on(resolve(
                &clock,
                &policy,
                &RetryPolicy::default(),
                Attempt {
                    prior_sends: 1,
                    last_touched_at: DateTime::from_timestamp(touched, 0),
                    ..Attempt::fresh()
                },
                "write",
                |r| format!("ok {r}"),
                || std::future::ready(Ok(1)),
                || std::future::ready((Probe::Applied("x"), vec![])),
            ));
            assert_eq!(res.outcome, Outcome::Confirmed);
        };
        ask(1_000 - 60);
        assert_eq!(clock.now(), start, "sent a minute ago: no wait");
        ask(1_000);
        assert_eq!(
            clock.now() - start,
            chrono::Duration::from_std(policy.settle_delay).unwrap(),
            "sent just now: the whole settle delay"
        );
    }

    #[test]
    fn a_failed_call_code_or_a_5xx_refusal_is_a_doubt_not_a_rejection() {
        let policy = RecoveryPolicy {
            doubtful_codes: vec!["CODE_003".into()],
            ..RecoveryPolicy::default()
        };
        let code_003 = Error::Biller {
            biller_code: "CODE_003".into(),
            biller_message: "error en la llamada".into(),
            http_status: 200,
        };
        let (r, _) = run_with(&policy, 0, vec![Err(code_003)], vec![Probe::Applied("x")]);
        assert_eq!((r.outcome, r.recovered), (Outcome::Confirmed, true));
        let under_500 = Error::Biller {
            biller_code: "451".into(),
            biller_message: "no".into(),
            http_status: 500,
        };
        let (r, _) = run_with(&policy, 0, vec![Err(under_500)], vec![Probe::Applied("x")]);
        assert_eq!(r.outcome, Outcome::Confirmed);
    }

    #[test]
    fn a_refused_resend_is_checked_again() {
        let (r, _) = run(
            vec![Err(lost()), Err(refused())],
            vec![ABSENT, ABSENT, Probe::Applied("late")],
        );
        assert_eq!((r.outcome, r.probe), (Outcome::Confirmed, Some("late")));
        let (r, _) = run(
            vec![Err(lost()), Err(refused())],
            vec![ABSENT, ABSENT, ABSENT],
        );
        assert_eq!(r.outcome, Outcome::Rejected);
    }

    #[test]
    fn a_send_that_cannot_be_recorded_is_not_made() {
        let clock = ManualClock::new(DateTime::from_timestamp(0, 0).unwrap());
        let res: Resolution<u32, &str> = futures::executor::block_on(resolve(
            &clock,
            &RecoveryPolicy::default(),
            &RetryPolicy::default(),
            Attempt {
                before_send: &|_| {
                    Box::pin(std::future::ready(Err(Error::Storage("disk full".into()))))
                },
                ..Attempt::fresh()
            },
            "write",
            |r| format!("ok {r}"),
            || -> std::future::Ready<Result<u32, Error>> { panic!("must not send") },
            || std::future::ready((Probe::Unknown, vec![])),
        ));
        assert_eq!((res.outcome, res.sends), (Outcome::Rejected, 0));
        assert!(!res.rejection.unwrap().by_biller);
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
