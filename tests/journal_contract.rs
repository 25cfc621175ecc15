//! The contract every payment journal keeps, one suite for all of them (memory, file,
//! PostgreSQL, and any journal to come): a storage under test implements [`Storage`], and
//! [`journal_contract_tests!`](crate::journal_contract_tests) writes one test per clause:
//!
//! - [`round_trip`]: every field of an entry reads back as written (amounts to the digit, as
//!   decimal text, timestamps to the nanosecond); an entry is keyed by biller *and* receipt;
//!   saving again replaces it in place; `entries` lists them oldest first.
//! - [`reopen`]: a second instance over the same storage (another process, a restart) sees
//!   every entry.
//! - [`torn_write`]: a write cut short by a crash leaves the entry's last complete write, and
//!   the journal goes on after it.
//! - [`corrupt_entry`]: an entry that does not read is an error naming it (its line, its
//!   receipt), never skipped: a payment forgotten could be paid again.
//! - [`concurrent_claim`]: one receipt is resolved by one caller at a time. For a journal shared
//!   by several instances ([`Storage::shared`]), a second claim of a receipt, from the same
//!   instance or another, waits until the first is dropped, a claim given up while waiting holds
//!   nothing, and other receipts do not wait; for every journal, two `pay` calls with one receipt
//!   running at once (on two instances where the journal is shared) send it once.
//! - [`unsaved_outcome`]: a journal that cannot write the outcome after the intent is reported
//!   on the result (`unsaved`), the entry stays in flight, and `resume` settles it from the
//!   biller without paying twice.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::LocalBoxFuture;
use recaudo_core::collection::{
    AsyncJournal, BillerId, Claim, CollectionService, Collector, EntryStatus, JournalEntry,
    PaymentRef, PaymentRequest, PaymentResult, PaymentState, ReversalResult, StateKind,
};
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::{Currency, Error, Evidence, Outcome, Rejection};
use recaudo_sim::{Fault, FaultKind, Simulator};

/// How a test damages the stored entries ([`Storage::damage`]).
#[derive(Debug, Clone)]
pub enum Damage {
    /// A crash in the middle of writing `next`, a later state of the entry.
    Torn { next: Box<JournalEntry> },
    /// The stored entry is overwritten with something that is not a journal entry.
    Corrupt,
}

/// A journal's storage under the contract. Every test gets a fresh, empty one.
pub trait Storage {
    type Journal: AsyncJournal;

    fn name(&self) -> &'static str;

    /// Opens an instance over this storage. Each call is another instance over the same
    /// entries, as another process or a restarted one would open it.
    fn open(&self) -> LocalBoxFuture<'_, Result<Self::Journal, Error>>;

    /// Whether instances share the payment's lock ([`AsyncJournal::claim`]): a journal several
    /// processes may use at once. A journal that one process owns (memory, a file) needs none.
    fn shared(&self) -> bool;

    /// Damages what is stored for `entry` (already saved). `None`: this storage cannot be
    /// damaged that way (memory has nothing to tear). Otherwise, for [`Damage::Corrupt`], the
    /// text an error must contain to name the damage (a line number, a receipt).
    fn damage<'a>(
        &'a self,
        entry: &'a JournalEntry,
        damage: Damage,
    ) -> LocalBoxFuture<'a, Option<String>>;
}

/// One test per clause of the contract, for the storage `$make(name)` builds: an async fn
/// given the test's name (for storages that need a place of their own per test) that returns
/// `None` when the storage is not available here (the test then passes saying so). An
/// attribute may follow for every test (`#[ignore = "needs a server"]`).
#[macro_export]
macro_rules! journal_contract_tests {
    ($make:path) => {
        $crate::journal_contract_tests!($make, #[cfg(all())]);
    };
    ($make:path, #[$attr:meta]) => {
        #[tokio::test]
        #[$attr]
        async fn round_trip() {
            if let Some(storage) = $make("round_trip").await {
                $crate::journal_contract::round_trip(&storage).await;
            }
        }

        #[tokio::test]
        #[$attr]
        async fn reopen() {
            if let Some(storage) = $make("reopen").await {
                $crate::journal_contract::reopen(&storage).await;
            }
        }

        #[tokio::test]
        #[$attr]
        async fn torn_write() {
            if let Some(storage) = $make("torn_write").await {
                $crate::journal_contract::torn_write(&storage).await;
            }
        }

        #[tokio::test]
        #[$attr]
        async fn corrupt_entry() {
            if let Some(storage) = $make("corrupt_entry").await {
                $crate::journal_contract::corrupt_entry(&storage).await;
            }
        }

        #[tokio::test]
        #[$attr]
        async fn concurrent_claim() {
            if let Some(storage) = $make("concurrent_claim").await {
                $crate::journal_contract::concurrent_claim(&storage).await;
            }
        }

        #[tokio::test]
        #[$attr]
        async fn unsaved_outcome() {
            if let Some(storage) = $make("unsaved_outcome").await {
                $crate::journal_contract::unsaved_outcome(&storage).await;
            }
        }
    };
}

fn at(secs: i64, nanos: u32) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_790_000_000 + secs, nanos).expect("valid time")
}

/// An entry with every field set, including the optional ones.
pub fn full_entry(biller: BillerId, receipt: &str, amount: &str) -> JournalEntry {
    let amount = crate::dec(amount);
    let paid_at = crate::at("2026-11-23 10:15:00");
    let mut reference = PaymentRef::new("700001", receipt, amount, paid_at);
    reference.payment_id = Some("1001".into());
    let evidence = vec![
        Evidence::new("registrarpago", "reply lost after 400 ms"),
        Evidence::new("consultarpago", "estado 1: \"REGISTRADO\" — ñandú, 100 %"),
    ];
    let mut request = PaymentRequest::new(
        "700001",
        amount,
        receipt,
        "CAJERA ÁNGELA",
        "AGENCIA \"CENTRO\"",
    );
    request.paid_at = Some(paid_at);
    request.payer = Some(recaudo_core::collection::Payer::new(
        "V-00000001",
        "CLIENTE DE PRUEBA",
        "cliente@example.test",
    ));
    request.balance = Some(crate::dec("1000000.10"));
    request.extra = [("bank_account".to_owned(), "0213".to_owned())]
        .into_iter()
        .collect();
    let mut result = PaymentResult::new(Outcome::Confirmed, reference.clone(), Currency::Usd);
    result.recovered = true;
    result.sends = 2;
    result.state = Some(PaymentState::new(StateKind::Registered, "1", "REGISTRADO"));
    result.rejection = Some(Rejection {
        code: "451".into(),
        message: "el recibo ya existe".into(),
        by_biller: true,
    });
    result.evidence = evidence.clone();
    let mut reversal = ReversalResult::new(Outcome::NeedsReview, reference);
    reversal.evidence = evidence;
    JournalEntry {
        biller,
        request,
        status: EntryStatus::Resolved,
        sends: 2,
        result: Some(result),
        reversal: Some(reversal),
        error: Some("an earlier attempt: connection refused".into()),
        recorded_at: at(0, 123_456_789),
        updated_at: at(5, 987_654_321),
    }
}

/// An entry as written right before the first send.
pub fn intent(biller: BillerId, receipt: &str, amount: &str) -> JournalEntry {
    JournalEntry {
        status: EntryStatus::InFlight,
        sends: 0,
        result: None,
        reversal: None,
        error: None,
        ..full_entry(biller, receipt, amount)
    }
}

fn json(entry: &JournalEntry) -> String {
    serde_json::to_string(entry).expect("an entry serializes")
}

/// `entries` restricted to `keys`, in the journal's order.
fn only<'a>(entries: &'a [JournalEntry], keys: &[(BillerId, &str)]) -> Vec<&'a JournalEntry> {
    entries
        .iter()
        .filter(|e| keys.contains(&(e.biller, e.request.receipt.as_str())))
        .collect()
}

fn assert_same(name: &str, got: Option<&JournalEntry>, want: &JournalEntry) {
    let got =
        got.unwrap_or_else(|| panic!("{name}: {} {} missing", want.biller, want.request.receipt));
    assert_eq!(got, want, "{name}");
    // Decimal equality ignores scale (831.6 == 831.60): the text must match too.
    assert_eq!(json(got), json(want), "{name}: not the same text");
}

pub async fn round_trip<S: Storage>(storage: &S) {
    let name = storage.name();
    let journal = storage.open().await.expect("opens");
    let a = full_entry(BillerId::Unicomer, "RT-1", "831.60");
    let b = intent(BillerId::Zoom, "RT-1", "0.01");
    let c = intent(BillerId::Cooplan, "RT-3", "123456789012.3456");
    journal.save(&a).await.expect("saves");
    journal.save(&b).await.expect("saves");
    journal.save(&c).await.expect("saves");

    let got = journal
        .get(BillerId::Unicomer, "RT-1")
        .await
        .expect("reads");
    assert_same(name, got.as_ref(), &a);
    let got = got.expect("present");
    assert_eq!(got.request.amount.to_string(), "831.60", "{name}");
    assert_eq!(
        got.result.as_ref().map(|r| r.reference.amount.to_string()),
        Some("831.60".to_owned()),
        "{name}"
    );
    assert_eq!(
        got.request.balance.map(|b| b.to_string()),
        Some("1000000.10".to_owned()),
        "{name}"
    );
    // Keyed by biller and receipt.
    assert_same(
        name,
        journal
            .get(BillerId::Zoom, "RT-1")
            .await
            .expect("reads")
            .as_ref(),
        &b,
    );
    let got = journal.get(BillerId::Cooplan, "RT-3").await.expect("reads");
    assert_same(name, got.as_ref(), &c);
    assert_eq!(
        got.map(|e| e.request.amount.to_string()),
        Some("123456789012.3456".to_owned())
    );
    assert_eq!(
        journal.get(BillerId::Cooplan, "RT-1").await.expect("reads"),
        None,
        "{name}: no such entry"
    );
    assert_eq!(
        journal
            .get(BillerId::Unicomer, "RT-2")
            .await
            .expect("reads"),
        None,
        "{name}: no such entry"
    );

    // Saving again replaces the entry where it stands.
    let mut b2 = b.clone();
    b2.status = EntryStatus::InFlight;
    b2.sends = 1;
    b2.updated_at = at(60, 1);
    journal.save(&b2).await.expect("saves");
    assert_same(
        name,
        journal
            .get(BillerId::Zoom, "RT-1")
            .await
            .expect("reads")
            .as_ref(),
        &b2,
    );
    let entries = journal.entries().await.expect("lists");
    let keys = [
        (BillerId::Unicomer, "RT-1"),
        (BillerId::Zoom, "RT-1"),
        (BillerId::Cooplan, "RT-3"),
    ];
    let listed = only(&entries, &keys);
    assert_eq!(listed.len(), 3, "{name}: one entry per payment");
    assert_same(name, Some(listed[0]), &a);
    assert_same(name, Some(listed[1]), &b2);
    assert_same(name, Some(listed[2]), &c);
}

pub async fn reopen<S: Storage>(storage: &S) {
    let name = storage.name();
    let first = storage.open().await.expect("opens");
    let a = full_entry(BillerId::Unicomer, "RO-1", "25.00");
    let b = intent(BillerId::Cooplan, "RO-2", "136.76");
    first.save(&a).await.expect("saves");
    first.save(&b).await.expect("saves");

    let second = storage.open().await.expect("opens again");
    assert_same(
        name,
        second
            .get(BillerId::Unicomer, "RO-1")
            .await
            .expect("reads")
            .as_ref(),
        &a,
    );
    let mut b2 = b.clone();
    b2.sends = 1;
    b2.updated_at = at(30, 0);
    second.save(&b2).await.expect("saves");

    let third = storage.open().await.expect("opens a third time");
    let entries = third.entries().await.expect("lists");
    let listed = only(
        &entries,
        &[(BillerId::Unicomer, "RO-1"), (BillerId::Cooplan, "RO-2")],
    );
    assert_eq!(listed.len(), 2, "{name}");
    assert_same(name, Some(listed[0]), &a);
    assert_same(name, Some(listed[1]), &b2);
}

pub async fn torn_write<S: Storage>(storage: &S) {
    let name = storage.name();
    let journal = storage.open().await.expect("opens");
    let mut before = intent(BillerId::Unicomer, "TW-1", "25.00");
    before.sends = 1;
    let other = intent(BillerId::Unicomer, "TW-0", "1.00");
    journal.save(&other).await.expect("saves");
    journal.save(&before).await.expect("saves");
    let next = full_entry(BillerId::Unicomer, "TW-1", "25.00");
    let Some(_) = storage
        .damage(
            &before,
            Damage::Torn {
                next: Box::new(next.clone()),
            },
        )
        .await
    else {
        println!("{name}: nothing to tear (the journal lives in memory)");
        return;
    };
    let reopened = storage.open().await.expect("a torn write still opens");
    assert_same(
        name,
        reopened
            .get(BillerId::Unicomer, "TW-1")
            .await
            .expect("reads")
            .as_ref(),
        &before,
    );
    let entries = reopened.entries().await.expect("lists");
    assert_eq!(
        only(
            &entries,
            &[(BillerId::Unicomer, "TW-0"), (BillerId::Unicomer, "TW-1")]
        )
        .len(),
        2,
        "{name}"
    );
    // The journal goes on after the torn write.
    reopened
        .save(&next)
        .await
        .expect("saves after a torn write");
    let again = storage.open().await.expect("opens after the next write");
    assert_same(
        name,
        again
            .get(BillerId::Unicomer, "TW-1")
            .await
            .expect("reads")
            .as_ref(),
        &next,
    );
    assert_same(
        name,
        again
            .get(BillerId::Unicomer, "TW-0")
            .await
            .expect("reads")
            .as_ref(),
        &other,
    );
}

pub async fn corrupt_entry<S: Storage>(storage: &S) {
    let name = storage.name();
    let journal = storage.open().await.expect("opens");
    let damaged = intent(BillerId::Unicomer, "CE-1", "25.00");
    let sound = intent(BillerId::Unicomer, "CE-2", "26.00");
    journal.save(&damaged).await.expect("saves");
    journal.save(&sound).await.expect("saves");
    let Some(needle) = storage.damage(&damaged, Damage::Corrupt).await else {
        println!("{name}: nothing to corrupt (the journal lives in memory)");
        return;
    };
    let check = |e: Error, what: &str| {
        assert_eq!(e.code(), "storage", "{name}: {what}: {e}");
        assert!(
            e.to_string().contains(&needle),
            "{name}: {what}: the error does not name `{needle}`: {e}"
        );
    };
    match storage.open().await {
        // Refused at open (the file journal).
        Err(e) => check(e, "open"),
        // Or on every read that meets it (a database): never skipped.
        Ok(reopened) => {
            match reopened.entries().await {
                Err(e) => check(e, "entries"),
                Ok(entries) => panic!(
                    "{name}: a damaged entry was skipped: entries listed {} without error",
                    entries.len()
                ),
            }
            match reopened.get(BillerId::Unicomer, "CE-1").await {
                Err(e) => check(e, "get"),
                Ok(e) => panic!("{name}: a damaged entry read as {e:?}"),
            }
        }
    }
}

/// Polls `future` for `wait`: `Some` if it finished.
async fn within<F: std::future::Future + Unpin>(
    wait: Duration,
    future: &mut F,
) -> Option<F::Output> {
    tokio::time::timeout(wait, future).await.ok()
}

pub async fn concurrent_claim<S: Storage>(storage: &S) {
    let name = storage.name();
    if storage.shared() {
        let one = storage.open().await.expect("opens");
        let two = storage.open().await.expect("opens");
        let held = one
            .claim(BillerId::Unicomer, "CC-1")
            .await
            .expect("first claim");
        // Another instance waits...
        let mut waiting = one_claim(&two, "CC-1");
        assert!(
            within(Duration::from_millis(400), &mut waiting)
                .await
                .is_none(),
            "{name}: a second instance claimed a receipt held by the first"
        );
        // ...and so does another claim through the same instance (two services sharing it).
        let mut same_instance = one_claim(&one, "CC-1");
        assert!(
            within(Duration::from_millis(200), &mut same_instance)
                .await
                .is_none(),
            "{name}: a second claim through the same instance did not wait"
        );
        drop(same_instance);
        // A claim given up while waiting (its caller died) holds nothing.
        let mut given_up = one_claim(&two, "CC-1");
        assert!(
            within(Duration::from_millis(100), &mut given_up)
                .await
                .is_none()
        );
        drop(given_up);
        // Other receipts do not wait.
        let other = within(Duration::from_secs(10), &mut one_claim(&two, "CC-2"))
            .await
            .expect("another receipt is claimed at once")
            .expect("claims");
        drop(other);
        drop(held);
        let second = within(Duration::from_secs(10), &mut waiting)
            .await
            .expect("the waiting claim gets the lock once the first is dropped")
            .expect("claims");
        drop(second);
        let again = within(Duration::from_secs(10), &mut one_claim(&one, "CC-1"))
            .await
            .expect("nobody holds the lock any more (the cancelled waiters included)")
            .expect("claims");
        drop(again);
    }

    // Two payments with one receipt at once: one send. The first send's reply is slow, so the
    // second caller arrives while it runs.
    let sim = crate::start_sim().await;
    crate::add_big_customer(&sim);
    sim.arm_fault(Fault {
        biller: "unicomer".into(),
        endpoint: "registrarpago".into(),
        kind: FaultKind::Delay { ms: 250 },
        times: 1,
    });
    let request = payment_request("CC-PAY", "12.34");
    let first = storage.open().await.expect("opens");
    let one = service(&sim, first);
    let (a, b) = if storage.shared() {
        // Two instances.
        let two = service(&sim, storage.open().await.expect("opens"));
        futures::join!(one.pay(&request), two.pay(&request))
    } else {
        futures::join!(one.pay(&request), one.pay(&request))
    };
    let (a, b) = (a.expect("pays"), b.expect("pays"));
    assert_eq!(a.outcome, Outcome::Confirmed, "{name}: {a:?}");
    assert_eq!(b.outcome, Outcome::Confirmed, "{name}: {b:?}");
    assert_eq!(a.reference, b.reference, "{name}");
    assert_eq!(crate::payments_with_receipt(&sim, "CC-PAY"), 1, "{name}");
    assert_eq!(crate::requests(&sim, "registrarpago"), 1, "{name}");
    sim.shutdown();
}

fn one_claim<'a, J: AsyncJournal>(
    journal: &'a J,
    receipt: &'a str,
) -> LocalBoxFuture<'a, Result<Claim, Error>> {
    journal.claim(BillerId::Unicomer, receipt)
}

fn payment_request(receipt: &str, amount: &str) -> PaymentRequest {
    let mut request = PaymentRequest::new(
        crate::BIG_INVOICE.to_string(),
        crate::dec(amount),
        receipt,
        "CAJERO",
        "AGENCIA",
    );
    request.paid_at = Some(crate::at("2026-11-23 12:00:00"));
    request
}

fn service<J: AsyncJournal>(
    sim: &Simulator,
    journal: J,
) -> CollectionService<NativeTransport, SystemClock, J> {
    CollectionService::new(Collector::Unicomer(crate::client(sim)), journal)
}

/// A journal whose outcome writes fail: the intent and the send counts are written, the
/// resolution is not (a full disk, a database gone after the send).
pub struct FailingOutcomes<J>(pub J);

impl<J: AsyncJournal> AsyncJournal for FailingOutcomes<J> {
    fn save<'a>(&'a self, entry: &'a JournalEntry) -> LocalBoxFuture<'a, Result<(), Error>> {
        if entry.status == EntryStatus::Resolved {
            return Box::pin(std::future::ready(Err(Error::Storage(
                "no space left on device (test)".into(),
            ))));
        }
        self.0.save(entry)
    }
    fn get<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Option<JournalEntry>, Error>> {
        self.0.get(biller, receipt)
    }
    fn entries(&self) -> LocalBoxFuture<'_, Result<Vec<JournalEntry>, Error>> {
        self.0.entries()
    }
    fn claim<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Claim, Error>> {
        self.0.claim(biller, receipt)
    }
}

pub async fn unsaved_outcome<S: Storage>(storage: &S) {
    let name = storage.name();
    let sim = crate::start_sim().await;
    crate::add_big_customer(&sim);
    let request = payment_request("US-1", "7.77");
    {
        let failing = service(&sim, FailingOutcomes(storage.open().await.expect("opens")));
        let result = failing.pay(&request).await.expect("the payment resolves");
        assert_eq!(result.outcome, Outcome::Confirmed, "{name}: {result:?}");
        let why = result
            .unsaved
            .as_deref()
            .unwrap_or_else(|| panic!("{name}: an unsaved outcome was not surfaced"));
        assert!(why.contains("no space left"), "{name}: {why}");
    }
    let journal = storage.open().await.expect("opens");
    let entry = journal
        .get(BillerId::Unicomer, "US-1")
        .await
        .expect("reads")
        .expect("the intent was written");
    assert_eq!(entry.status, EntryStatus::InFlight, "{name}");
    assert!(entry.sends >= 1, "{name}: the send was counted");

    let resumed = service(&sim, journal).resume().await.expect("resumes");
    assert_eq!(resumed.len(), 1, "{name}");
    let result = resumed[0].result.as_ref().expect("resolved");
    assert_eq!(result.outcome, Outcome::Confirmed, "{name}");
    assert!(result.unsaved.is_none(), "{name}");
    assert_eq!(
        crate::payments_with_receipt(&sim, "US-1"),
        1,
        "{name}: paid once"
    );
    let settled = storage
        .open()
        .await
        .expect("opens")
        .get(BillerId::Unicomer, "US-1")
        .await
        .expect("reads")
        .expect("present");
    assert_eq!(settled.status, EntryStatus::Resolved, "{name}");
    sim.shutdown();
}
