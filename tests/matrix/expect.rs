//! What each cell must end in, reasoned from the biller's safe payment, the reading it plays and
//! the scenario. One function per biller, listed by name in [`BY_BILLER`] (a biller not listed is
//! held to [`proven_and_resent`], core's default recovery); each arm says why.

use std::fmt;

use recaudo_core::collection::BillerId;
use recaudo_sim::Readings;

/// What is done to the payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scenario {
    /// No fault: the baseline.
    None,
    /// The write never reaches the biller's logic (connection closed, nothing stored).
    DropBeforeCommit,
    /// Stored, then the connection closed without a reply.
    DropAfterCommit,
    /// HTTP 500 without processing.
    Error500,
    /// Stored, then half the body.
    TruncatedJson,
    /// Stored, then the reply held past the client's timeout.
    Delay,
    /// Stored only after the client's timeout, its settle delay and a bit: after the first
    /// check, before the second.
    LateCommit,
    /// Stored, then the biller's own error body (HTTP 200).
    CommitThenError,
    /// The app dies after the write was stored, before its reply; a restarted service `resume`s.
    CrashLanded,
    /// The app dies after the journal recorded the send, but the write never reached the biller
    /// (the request was dropped before commit); a restarted service `resume`s.
    CrashUnsent,
    /// As [`Scenario::CrashUnsent`], then the restarted service runs two `pay`s of the same
    /// receipt and a `resume` at once.
    Concurrent,
}

impl Scenario {
    pub const ALL: [Scenario; 11] = [
        Scenario::None,
        Scenario::DropBeforeCommit,
        Scenario::DropAfterCommit,
        Scenario::Error500,
        Scenario::TruncatedJson,
        Scenario::Delay,
        Scenario::LateCommit,
        Scenario::CommitThenError,
        Scenario::CrashLanded,
        Scenario::CrashUnsent,
        Scenario::Concurrent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scenario::None => "no fault",
            Scenario::DropBeforeCommit => "drop_before_commit",
            Scenario::DropAfterCommit => "drop_after_commit",
            Scenario::Error500 => "error_500",
            Scenario::TruncatedJson => "truncated_json",
            Scenario::Delay => "delay > timeout",
            Scenario::LateCommit => "late_commit",
            Scenario::CommitThenError => "commit_then_error",
            Scenario::CrashLanded => "crash (landed) + resume",
            Scenario::CrashUnsent => "crash (unsent) + resume",
            Scenario::Concurrent => "crash, pay x2 || resume",
        }
    }

    /// Whether the write was never stored by the first send (the biller holds it only if
    /// recovery sends it again).
    fn first_send_lost(self) -> bool {
        matches!(
            self,
            Scenario::DropBeforeCommit
                | Scenario::Error500
                | Scenario::CrashUnsent
                | Scenario::Concurrent
        )
    }
}

/// Where a payment stands in the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Out {
    Confirmed,
    Rejected,
    NeedsReview,
    /// Refused before anything was sent (`Err`, the journal says not sent).
    NotSent,
    /// Still in flight in the journal (`resume` would take it up again).
    InFlight,
}

impl Out {
    pub fn name(self) -> &'static str {
        match self {
            Out::Confirmed => "confirmed",
            Out::Rejected => "rejected",
            Out::NeedsReview => "needs_review",
            Out::NotSent => "not_sent",
            Out::InFlight => "in_flight",
        }
    }
}

impl fmt::Display for Out {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The exact ending of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expect {
    /// After `pay` (or `resume` for the crash scenarios).
    pub pay: Out,
    /// After the day-end `review`.
    pub review: Out,
    /// Payments with our receipt at the biller at the end.
    pub held: usize,
    /// The most requests the write endpoint may see (the lost first send counts).
    pub sends: u64,
    /// Why, in a few words (printed beside failures).
    pub why: &'static str,
}

fn expect(pay: Out, review: Out, held: usize, sends: u64, why: &'static str) -> Expect {
    Expect {
        pay,
        review,
        held,
        sends,
        why,
    }
}

/// What a biller's cells end in, under a reading set and a scenario.
pub type Expectations = fn(&Readings, Scenario) -> Expect;

/// Each paying biller's expectations, by name.
pub const BY_BILLER: &[(&str, Expectations)] =
    &[("unicomer", unicomer), ("zoom", zoom), ("cooplan", cooplan)];

pub fn expected(biller: BillerId, readings: &Readings, scenario: Scenario) -> Expect {
    let of_biller = BY_BILLER
        .iter()
        .find(|(name, _)| *name == biller.as_str())
        .map_or(proven_and_resent as Expectations, |(_, f)| *f);
    of_biller(readings, scenario)
}

/// Unicomer: `consultarpago` and `conciliacion` together identify our payment by receipt under
/// every reading (conciliacion lists the receipt; its date is retried in the other format), and
/// a proven absence is resent after a second answer of absence: [`proven_and_resent`] under
/// every reading.
fn unicomer(readings: &Readings, scenario: Scenario) -> Expect {
    proven_and_resent(readings, scenario)
}

/// A biller whose status check proves our payment present or absent, and whose client resends a
/// proven absence after a second answer of absence (core's default recovery policy). So every
/// cell confirms; a lost first send is resent once (two requests at the biller, one payment),
/// whether or not the biller guards the receipt.
fn proven_and_resent(_readings: &Readings, scenario: Scenario) -> Expect {
    use Out::Confirmed;
    if scenario.first_send_lost() {
        expect(Confirmed, Confirmed, 1, 2, "absent twice, then resent once")
    } else if scenario == Scenario::None {
        expect(Confirmed, Confirmed, 1, 1, "the reply confirms")
    } else {
        expect(
            Confirmed,
            Confirmed,
            1,
            1,
            "stored by the first send: the check finds it, nothing resent",
        )
    }
}

/// Zoom: `getInfoPagoWs` by referencia finds a stored payment under every reading; an absence
/// is never resent (no documented duplicate guard), so a lost first send stays for review, and
/// a late landing is confirmed by `review`. `zoom.login_path=LoginGenUEWs` refuses the
/// client's spelling (`loginGenUEWs`): nothing can be sent at all.
fn zoom(readings: &Readings, scenario: Scenario) -> Expect {
    use Out::{Confirmed, NeedsReview, NotSent};
    if readings.is("zoom.login_path", "LoginGenUEWs") {
        return expect(
            NotSent,
            NotSent,
            0,
            0,
            "the login is not found: nothing is ever sent",
        );
    }
    match scenario {
        Scenario::None => expect(Confirmed, Confirmed, 1, 1, "the reply confirms"),
        s if s.first_send_lost() => expect(
            NeedsReview,
            NeedsReview,
            0,
            1,
            "absent, and absent cannot be told from not landed yet: never resent",
        ),
        Scenario::LateCommit => expect(
            NeedsReview,
            Confirmed,
            1,
            1,
            "absent at the check, never resent; review finds the late landing",
        ),
        _ => expect(
            Confirmed,
            Confirmed,
            1,
            1,
            "stored by the first send: the check finds it",
        ),
    }
}

/// Cooplan: no status call; the pending debts and the day's collections report stand in. With
/// the report as a list, a stored payment is named and a lost one proven absent (debt pending,
/// no row) and resent once. A refusal of the only send is checked cautiously: a collection found
/// after it may be an earlier payment of the invoice by someone else, so it needs review, and
/// the day-end review (which counts only collections recorded after our first send) confirms it. Under `cooplan.reporte_values=string` the report proves nothing, so
/// no doubt can be settled: every faulted cell needs review, before and after review, whether
/// or not the biller holds the payment. The other switches (headers, debt list shape, id type,
/// a settled invoice collected again) change nothing when recovery never resends blindly.
fn cooplan(readings: &Readings, scenario: Scenario) -> Expect {
    use Out::{Confirmed, NeedsReview};
    let report_proves_nothing = readings.is("cooplan.reporte_values", "string");
    match scenario {
        Scenario::None => expect(Confirmed, Confirmed, 1, 1, "the reply confirms"),
        s if s.first_send_lost() && report_proves_nothing => expect(
            NeedsReview,
            NeedsReview,
            0,
            1,
            "debt pending but the report is text: absence unproven, not resent",
        ),
        s if s.first_send_lost() => expect(
            Confirmed,
            Confirmed,
            1,
            2,
            "debt pending and no row, twice: resent once",
        ),
        Scenario::CommitThenError if !report_proves_nothing => expect(
            NeedsReview,
            Confirmed,
            1,
            1,
            "refused (error 1), yet a collection is found: it may be an earlier one (cautious \
             refusal check), so review; review counts only collections after our first send",
        ),
        _ if report_proves_nothing => expect(
            NeedsReview,
            NeedsReview,
            1,
            1,
            "stored, but the report is text: not provably ours",
        ),
        _ => expect(
            Confirmed,
            Confirmed,
            1,
            1,
            "stored by the first send: the report names it",
        ),
    }
}
