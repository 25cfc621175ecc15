//! A PostgreSQL payment journal for recaudo's [`CollectionService`], for server-side users (a
//! merchant backend, a bank's collection service) that run several instances behind a load
//! balancer.
//!
//! A file journal on one instance cannot be the payment's lock for the others: two instances
//! could recover or resend the same payment side by side. [`PgJournal`] keeps **one row per
//! payment** (biller, receipt) in a shared database, with the send count written before each
//! send, and takes the **per-payment lock in the database** ([`AsyncJournal::claim`]): a session
//! advisory lock on a connection the claim holds for the whole resolution of the receipt (pay,
//! resume, review, reverse). Any number of instances may call `pay`, `resume` and `review` on
//! the same receipts; one of them at a time asks the biller about a payment, or sends it, so
//! the biller sees no more sends than safe payment allows.
//!
//! ```no_run
//! # async fn demo() -> Result<(), recaudo_core::Error> {
//! use recaudo_journal_postgres::PgJournal;
//! let journal = PgJournal::connect("host=127.0.0.1 user=recaudo dbname=payments").await?;
//! journal.migrate().await?; // the shipped migration, idempotent
//! // CollectionService::new(collector, journal.clone()), one per biller and instance.
//! # Ok(()) }
//! ```
//!
//! How it holds up:
//!
//! - **Durable before the send.** Every `save` is one committed statement before it returns;
//!   the service sends only after it.
//! - **The lock dies with its holder.** A session lock is released by the server when the
//!   session ends, also when the instance's process dies or its connection breaks. While a
//!   claim is held, every read and write of that payment goes through the claim's own
//!   connection: if that connection is lost (a database restart, a network cut), so is the
//!   lock, and every later write for the payment fails instead of racing the instance that may
//!   hold the lock now. A write that fails before a send stops the send.
//! - **The send count never goes back.** A write carrying fewer sends than the row holds is
//!   refused: only a writer that lost the lock could make one.
//! - **A row that does not read is an error naming the payment**, never skipped: a payment
//!   forgotten could be paid again.
//! - **A database restart** fails the calls in flight with [`Error::Storage`]; the pool replaces
//!   the broken connections and the next calls go on. Nothing is lost, since every write was
//!   committed before the send it announced, and `resume` settles whatever was left in flight.
//!
//! The pool: a claim holds one of its connections while the receipt is being resolved, and
//! returns it (unlocked) afterwards, so size the pool for the payments an instance resolves at
//! once plus a few. Connections come from a [`deadpool_postgres::Pool`]; [`PgJournal::connect`]
//! builds one without TLS (a database on loopback or a private network); for TLS, build the
//! pool with your connector and use [`PgJournal::from_pool`]. Errors never carry the connection
//! string or its password.
//!
//! The pool opens its connections on the tokio runtime that first needs them, and a released
//! claim unlocks on it: use a journal (and its clones) from one runtime, as the collection
//! service (whose futures stay on one thread) does anyway.
//!
//! PostgreSQL 11 or later. The lock is a session lock: connect to the server itself or through
//! a proxy that keeps sessions (PgBouncer in session mode), never one that pools transactions.
//!
//! The table is `recaudo_journal` in the connection's `search_path` (migration
//! `migrations/0001_journal.sql`, applied by [`PgJournal::migrate`] and recorded in
//! `recaudo_journal_migrations`).
//!
//! [`CollectionService`]: recaudo_core::collection::CollectionService

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use deadpool_postgres;
pub use tokio_postgres;

use deadpool_postgres::{ClientWrapper, Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use futures::future::LocalBoxFuture;
use recaudo_core::Error;
use recaudo_core::collection::{AsyncJournal, BillerId, Claim, EntryStatus, JournalEntry};

/// The migrations shipped with the crate, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i32, &str, &str)] = &[(
    1,
    "0001_journal",
    include_str!("../migrations/0001_journal.sql"),
)];

/// The advisory lock that serializes migrations across instances (any bigint no one else uses:
/// "recaudo" and a version tag).
const MIGRATION_LOCK: i64 = 0x7265_6361_7564_6f01;

/// Connections [`PgJournal::connect`] opens at most.
pub const DEFAULT_POOL_SIZE: usize = 16;

const SAVE: &str = "\
    INSERT INTO recaudo_journal AS j \
        (biller, receipt, status, outcome, sends, entry, recorded_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8) \
    ON CONFLICT (biller, receipt) DO UPDATE SET \
        status = EXCLUDED.status, outcome = EXCLUDED.outcome, sends = EXCLUDED.sends, \
        entry = EXCLUDED.entry, recorded_at = EXCLUDED.recorded_at, \
        updated_at = EXCLUDED.updated_at \
    WHERE j.sends <= EXCLUDED.sends";

const GET: &str = "SELECT biller, receipt, entry::text FROM recaudo_journal \
    WHERE biller = $1 AND receipt = $2";

const ENTRIES: &str = "SELECT biller, receipt, entry::text FROM recaudo_journal ORDER BY seq";

/// Takes the payment's lock, waiting while another session holds it. The key is a 64-bit hash
/// of the table's identity, the biller and the receipt: two journals in one database never
/// share a lock, and a hash collision only makes two payments wait for each other.
const LOCK: &str = "SELECT k.key, pg_advisory_lock(k.key)::text FROM (SELECT \
    hashtextextended(('recaudo_journal'::regclass)::oid::text || ':' || $1 || ':' || $2, 0) \
    AS key) k";

const UNLOCK: &str = "SELECT pg_advisory_unlock($1)";

/// Runs `$op` on a pooled connection; once more on a fresh one when the first had been closed
/// (the server restarted since it was pooled). Every operation retried is idempotent.
macro_rules! retry_once {
    ($journal:expr, $what:expr, |$c:ident| $op:expr) => {{
        let mut attempt = 0;
        loop {
            attempt += 1;
            let conn = $journal.pooled().await?;
            let result = {
                let $c: &ClientWrapper = &conn;
                $op.await
            };
            match result {
                Ok(value) => break value,
                Err(e) if attempt == 1 && broken(&e, &conn) => {
                    drop(Object::take(conn));
                }
                Err(e) => return Err(storage($what, &e)),
            }
        }
    }};
}

type Claims = Mutex<BTreeMap<(BillerId, String), (u64, Arc<ClaimConn>)>>;

/// The journal in a PostgreSQL database, shared by any number of instances. Cheap to clone:
/// clones share the pool and the claims (one per service is the usual way).
#[derive(Clone)]
pub struct PgJournal {
    pool: Pool,
    /// The payments this journal holds the lock of, each with the connection holding it.
    claims: Arc<Claims>,
    next_claim: Arc<AtomicU64>,
}

impl fmt::Debug for PgJournal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.pool.status();
        f.debug_struct("PgJournal")
            .field("pool_size", &status.size)
            .field("pool_available", &status.available)
            .field("claims", &self.claims.lock().map(|c| c.len()).unwrap_or(0))
            .finish()
    }
}

impl PgJournal {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db` or
    /// `host=... user=... dbname=...`), without TLS, with a pool of [`DEFAULT_POOL_SIZE`]
    /// connections, and checks that one connection opens. Call [`PgJournal::migrate`] once
    /// before use (every instance may: it is idempotent and serialized).
    pub async fn connect(url: &str) -> Result<Self, Error> {
        let config: tokio_postgres::Config = url.parse().map_err(|e: tokio_postgres::Error| {
            // The parser's messages name options, not values; still, keep the string out.
            let reason = describe(&e);
            let reason = if reason.contains('`') {
                "see the libpq connection string syntax".to_owned()
            } else {
                reason
            };
            Error::Storage(format!(
                "postgres journal: the connection string does not parse ({reason})"
            ))
        })?;
        let journal = Self::from_config(config, DEFAULT_POOL_SIZE)?;
        drop(journal.pooled().await?);
        Ok(journal)
    }

    /// A journal over a pool of at most `max_size` connections to `config`, without TLS. The
    /// pool opens connections when first needed.
    pub fn from_config(mut config: tokio_postgres::Config, max_size: usize) -> Result<Self, Error> {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("recaudo-journal");
        }
        let manager = Manager::from_config(
            config,
            tokio_postgres::NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(max_size.max(2))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(60)))
            .create_timeout(Some(Duration::from_secs(15)))
            .recycle_timeout(Some(Duration::from_secs(15)))
            .build()
            .map_err(|e| Error::Storage(format!("postgres journal: {e}")))?;
        Ok(Self::from_pool(pool))
    }

    /// A journal over a pool you built (TLS, your own sizes and timeouts). A claim holds one
    /// of its connections while a payment is resolved.
    pub fn from_pool(pool: Pool) -> Self {
        PgJournal {
            pool,
            claims: Arc::new(Mutex::new(BTreeMap::new())),
            next_claim: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Applies the shipped migrations not applied yet ([`MIGRATIONS`]), in one transaction,
    /// under a lock that makes instances starting together take turns.
    pub async fn migrate(&self) -> Result<(), Error> {
        let mut conn = self.pooled().await?;
        let db = |e: tokio_postgres::Error| storage("migrating", &e);
        let tx = conn.transaction().await.map_err(db)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(db)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS recaudo_journal_migrations (\
                 version integer PRIMARY KEY, \
                 name text NOT NULL, \
                 applied_at timestamptz NOT NULL DEFAULT now())",
        )
        .await
        .map_err(db)?;
        let applied: Vec<i32> = tx
            .query("SELECT version FROM recaudo_journal_migrations", &[])
            .await
            .map_err(db)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        for (version, name, sql) in MIGRATIONS {
            if applied.contains(version) {
                continue;
            }
            tx.batch_execute(sql).await.map_err(db)?;
            tx.execute(
                "INSERT INTO recaudo_journal_migrations (version, name) VALUES ($1, $2)",
                &[version, name],
            )
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    /// A connection from the pool.
    async fn pooled(&self) -> Result<Object, Error> {
        self.pool
            .get()
            .await
            .map_err(|e| Error::Storage(format!("postgres journal: no connection: {}", chain(&e))))
    }

    /// The claim connection holding this payment's lock, when this journal holds it.
    fn claimed(&self, biller: BillerId, receipt: &str) -> Option<Arc<ClaimConn>> {
        let claims = self.claims.lock().unwrap_or_else(|p| p.into_inner());
        claims
            .get(&(biller, receipt.to_owned()))
            .map(|(_, conn)| Arc::clone(conn))
    }

    async fn save_entry(&self, entry: &JournalEntry) -> Result<(), Error> {
        let json = serde_json::to_string(entry)
            .map_err(|e| Error::Storage(format!("postgres journal: {e}")))?;
        let (biller, receipt) = entry.key();
        let what = || format!("saving {biller} receipt {receipt}");
        let written = match self.claimed(biller, receipt) {
            Some(claim) => {
                let client = claim.client(biller, receipt)?;
                save_on(client, entry, &json)
                    .await
                    .map_err(|e| storage(&what(), &e))?
            }
            None => retry_once!(self, &what(), |c| save_on(c, entry, &json)),
        };
        if written == 1 {
            return Ok(());
        }
        // Refused by the send-count guard: someone wrote a later state of this payment.
        Err(Error::Storage(format!(
            "postgres journal: {biller} receipt {receipt}: the journal already holds more sends \
             than this write's {}: another instance resolved this payment meanwhile; nothing \
             was written",
            entry.sends
        )))
    }

    async fn get_entry(
        &self,
        biller: BillerId,
        receipt: &str,
    ) -> Result<Option<JournalEntry>, Error> {
        let what = || format!("reading {biller} receipt {receipt}");
        let row = match self.claimed(biller, receipt) {
            Some(claim) => {
                let client = claim.client(biller, receipt)?;
                get_on(client, biller, receipt)
                    .await
                    .map_err(|e| storage(&what(), &e))?
            }
            None => retry_once!(self, &what(), |c| get_on(c, biller, receipt)),
        };
        row.map(|r| decode(&r)).transpose()
    }

    async fn all_entries(&self) -> Result<Vec<JournalEntry>, Error> {
        let rows = retry_once!(self, "reading the journal", |c| entries_on(c));
        rows.iter().map(decode).collect()
    }

    async fn take_claim(&self, biller: BillerId, receipt: &str) -> Result<Claim, Error> {
        // Detached (closed) if this future is dropped while waiting: the server then drops the
        // wait, and no connection goes back to the pool holding a lock nobody knows of.
        let mut pending = Detach(Some(self.pooled().await?));
        let conn = pending.0.as_ref().expect("just set");
        let statement = conn
            .prepare_cached(LOCK)
            .await
            .map_err(|e| storage(&format!("locking {biller} receipt {receipt}"), &e))?;
        let row = conn
            .query_one(&statement, &[&biller.as_str(), &receipt])
            .await
            .map_err(|e| storage(&format!("locking {biller} receipt {receipt}"), &e))?;
        let key: i64 = row.get(0);
        let id = self.next_claim.fetch_add(1, Ordering::Relaxed);
        let held = Arc::new(ClaimConn {
            conn: pending.0.take(),
            key,
        });
        let map_key = (biller, receipt.to_owned());
        self.claims
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(map_key.clone(), (id, Arc::clone(&held)));
        Ok(Claim::held(ClaimGuard {
            claims: Arc::clone(&self.claims),
            key: map_key,
            id,
            _held: held,
        }))
    }
}

async fn save_on(
    client: &ClientWrapper,
    entry: &JournalEntry,
    json: &str,
) -> Result<u64, tokio_postgres::Error> {
    let statement = client.prepare_cached(SAVE).await?;
    let status = match entry.status {
        EntryStatus::InFlight => "in_flight",
        EntryStatus::Resolved => "resolved",
        EntryStatus::NotSent => "not_sent",
    };
    let outcome = entry.result.as_ref().map(|r| r.outcome.as_str());
    let sends = i32::try_from(entry.sends).unwrap_or(i32::MAX);
    client
        .execute(
            &statement,
            &[
                &entry.biller.as_str(),
                &entry.request.receipt,
                &status,
                &outcome,
                &sends,
                &json,
                &entry.recorded_at,
                &entry.updated_at,
            ],
        )
        .await
}

async fn get_on(
    client: &ClientWrapper,
    biller: BillerId,
    receipt: &str,
) -> Result<Option<tokio_postgres::Row>, tokio_postgres::Error> {
    let statement = client.prepare_cached(GET).await?;
    client
        .query_opt(&statement, &[&biller.as_str(), &receipt])
        .await
}

async fn entries_on(
    client: &ClientWrapper,
) -> Result<Vec<tokio_postgres::Row>, tokio_postgres::Error> {
    let statement = client.prepare_cached(ENTRIES).await?;
    client.query(&statement, &[]).await
}

/// A row's entry, or an error naming the payment: a row that does not read is never skipped.
fn decode(row: &tokio_postgres::Row) -> Result<JournalEntry, Error> {
    let biller: String = row.get(0);
    let receipt: String = row.get(1);
    let text: String = row.get(2);
    let entry = serde_json::from_str::<JournalEntry>(&text).map_err(|e| {
        Error::Storage(format!(
            "postgres journal: the row for {biller} receipt {receipt} is not a journal entry \
             ({}); the journal is damaged: restore or repair that row, recaudo will not guess \
             what it held",
            recaudo_core::error::without_values(&e.to_string())
        ))
    })?;
    if entry.biller.as_str() != biller || entry.request.receipt != receipt {
        return Err(Error::Storage(format!(
            "postgres journal: the row for {biller} receipt {receipt} holds the entry of {} \
             receipt {}; the journal is damaged: repair that row",
            entry.biller, entry.request.receipt
        )));
    }
    Ok(entry)
}

/// Whether a failed call met a connection the server had closed (a restart, a cut): worth one
/// more try on a fresh connection.
fn broken(e: &tokio_postgres::Error, conn: &ClientWrapper) -> bool {
    use tokio_postgres::error::SqlState;
    e.is_closed()
        || conn.is_closed()
        || e.code().is_some_and(|c| {
            *c == SqlState::ADMIN_SHUTDOWN
                || *c == SqlState::CRASH_SHUTDOWN
                || c.code().starts_with("08")
        })
        || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
}

fn storage(what: &str, e: &tokio_postgres::Error) -> Error {
    Error::Storage(format!("postgres journal: {what}: {}", describe(e)))
}

/// An error with its causes (the server's message included); never the connection string.
fn describe(e: &tokio_postgres::Error) -> String {
    chain(e)
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let next = s.to_string();
        if !message.ends_with(&next) {
            message.push_str(": ");
            message.push_str(&next);
        }
        source = s.source();
    }
    message
}

/// A pooled connection that leaves the pool (and closes, ending its session and any lock it
/// holds) when dropped, unless taken back out first.
struct Detach(Option<Object>);

impl Drop for Detach {
    fn drop(&mut self) {
        if let Some(conn) = self.0.take() {
            drop(Object::take(conn));
        }
    }
}

/// The connection holding one payment's lock.
struct ClaimConn {
    conn: Option<Object>,
    key: i64,
}

impl ClaimConn {
    /// The connection, while it still holds the lock.
    fn client(&self, biller: BillerId, receipt: &str) -> Result<&ClientWrapper, Error> {
        match &self.conn {
            Some(conn) if !conn.is_closed() => Ok(conn),
            _ => Err(Error::Storage(format!(
                "postgres journal: {biller} receipt {receipt}: the connection holding this \
                 payment's lock closed, and the lock with it (another instance may hold it \
                 now); nothing was read or written"
            ))),
        }
    }
}

impl Drop for ClaimConn {
    /// Unlocks and returns the connection to the pool; when that cannot be done (no runtime,
    /// a closed connection, an unlock that fails) the connection is closed instead, which
    /// releases the lock just as well.
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        let handle = match tokio::runtime::Handle::try_current() {
            Ok(handle) if !conn.is_closed() => handle,
            _ => {
                drop(Detach(Some(conn)));
                return;
            }
        };
        let key = self.key;
        let mut guard = Detach(Some(conn));
        handle.spawn(async move {
            let unlocked = match guard.0.as_ref() {
                Some(conn) => conn
                    .query_one(UNLOCK, &[&key])
                    .await
                    .is_ok_and(|row| row.get::<_, bool>(0)),
                None => false,
            };
            if unlocked {
                // Back to the pool, unlocked.
                drop(guard.0.take());
            }
        });
    }
}

/// What [`Claim::held`] keeps: forgets the claim here, then lets its connection go.
struct ClaimGuard {
    claims: Arc<Claims>,
    key: (BillerId, String),
    id: u64,
    _held: Arc<ClaimConn>,
}

impl Drop for ClaimGuard {
    fn drop(&mut self) {
        let mut claims = self.claims.lock().unwrap_or_else(|p| p.into_inner());
        if claims.get(&self.key).is_some_and(|(id, _)| *id == self.id) {
            claims.remove(&self.key);
        }
    }
}

impl AsyncJournal for PgJournal {
    fn save<'a>(&'a self, entry: &'a JournalEntry) -> LocalBoxFuture<'a, Result<(), Error>> {
        Box::pin(self.save_entry(entry))
    }

    fn get<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Option<JournalEntry>, Error>> {
        Box::pin(self.get_entry(biller, receipt))
    }

    fn entries(&self) -> LocalBoxFuture<'_, Result<Vec<JournalEntry>, Error>> {
        Box::pin(self.all_entries())
    }

    fn claim<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Claim, Error>> {
        Box::pin(self.take_claim(biller, receipt))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migrations_are_idempotent() {
        for (_, name, sql) in MIGRATIONS {
            let code: String = sql
                .lines()
                .map(|l| l.split("--").next().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n");
            let statements: Vec<&str> = code
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            assert!(!statements.is_empty(), "{name} is empty");
            for statement in statements {
                assert!(
                    statement.contains("IF NOT EXISTS"),
                    "{name}: not idempotent: {statement}"
                );
            }
        }
    }

    #[tokio::test]
    async fn a_bad_connection_string_never_echoes_its_password() {
        let err = PgJournal::connect("postgres://u:s3cret-pw@127.0.0.1:notaport/db")
            .await
            .unwrap_err();
        assert_eq!(err.code(), "storage");
        assert!(!err.to_string().contains("s3cret-pw"), "{err}");
    }

    #[tokio::test]
    async fn an_unreachable_server_is_a_storage_error_without_the_password() {
        // Port 1 on loopback: refused at once.
        let err = PgJournal::connect("postgres://u:s3cret-pw@127.0.0.1:1/db")
            .await
            .unwrap_err();
        assert_eq!(err.code(), "storage");
        let text = err.to_string();
        assert!(!text.contains("s3cret-pw"), "{text}");
        assert!(text.contains("postgres journal"), "{text}");
    }
}
