//! The PostgreSQL journal (`recaudo-journal-postgres`) against a real server: the journal
//! contract shared with the memory and file journals, and 8 service instances paying, resuming
//! and reviewing overlapping receipts through faults and a server restart ([`instances`]).
//!
//! `cargo xtask postgres-test` (and `cargo xtask test`) starts a throwaway server and sets
//! `RECAUDO_TEST_POSTGRES_URL` (the connection URL) and `RECAUDO_TEST_POSTGRES_CTL` (a
//! `pg_ctl` wrapper for the restart), and runs these tests with `--include-ignored`: a plain
//! `cargo test` lists them as ignored. Run by hand without a URL, every test passes saying it
//! skipped, unless `RECAUDO_TEST_POSTGRES_REQUIRED` is set.

mod instances;

use futures::future::LocalBoxFuture;
use recaudo_core::Error;
use recaudo_core::collection::JournalEntry;
use recaudo_journal_postgres::PgJournal;
use recaudo_journal_postgres::tokio_postgres::{self, NoTls};
use recaudo_tests::journal_contract::{Damage, Storage};
use tokio::sync::{RwLock, RwLockReadGuard};

/// The contract tests share the server (`read`); the restart test has it alone (`write`).
static SERVER: RwLock<()> = RwLock::const_new(());

/// The server's URL, or `None` (the test skips) when none was given.
pub fn url() -> Option<String> {
    match std::env::var("RECAUDO_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("RECAUDO_TEST_POSTGRES_REQUIRED").is_some() => {
            panic!("RECAUDO_TEST_POSTGRES_URL is not set (cargo xtask postgres-test sets it)")
        }
        _ => {
            println!("skipped: RECAUDO_TEST_POSTGRES_URL is not set (cargo xtask postgres-test)");
            None
        }
    }
}

/// The server's configuration with `schema` first in the search path: each test has tables of
/// its own.
pub fn config(url: &str, schema: &str) -> tokio_postgres::Config {
    let mut config: tokio_postgres::Config = url.parse().expect("a valid test URL");
    config.options(format!("-c search_path={schema}"));
    config
}

/// A plain connection (its driver spawned on the current runtime), for what the journal does
/// not do: creating schemas, damaging rows, counting.
pub async fn raw(config: &tokio_postgres::Config) -> tokio_postgres::Client {
    let (client, connection) = config.connect(NoTls).await.expect("connects");
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

/// A fresh, empty schema.
pub async fn fresh_schema(url: &str, schema: &str) {
    let admin = raw(&config(url, "public")).await;
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};"
        ))
        .await
        .expect("creates the test schema");
}

/// The journal in a schema of its own per test.
struct Pg {
    config: tokio_postgres::Config,
    _turn: RwLockReadGuard<'static, ()>,
}

async fn pg(test: &str) -> Option<Pg> {
    let url = url()?;
    let turn = SERVER.read().await;
    let schema = format!("contract_{test}_{}", std::process::id());
    fresh_schema(&url, &schema).await;
    Some(Pg {
        config: config(&url, &schema),
        _turn: turn,
    })
}

impl Storage for Pg {
    type Journal = PgJournal;

    fn name(&self) -> &'static str {
        "postgres journal"
    }

    fn open(&self) -> LocalBoxFuture<'_, Result<Self::Journal, Error>> {
        Box::pin(async move {
            let journal = PgJournal::from_config(self.config.clone(), 8)?;
            journal.migrate().await?;
            Ok(journal)
        })
    }

    fn shared(&self) -> bool {
        true
    }

    fn damage<'a>(
        &'a self,
        entry: &'a JournalEntry,
        damage: Damage,
    ) -> LocalBoxFuture<'a, Option<String>> {
        Box::pin(async move {
            let biller = entry.biller.as_str();
            let receipt = entry.request.receipt.as_str();
            match damage {
                // The writer dies in the middle of its transaction: the server rolls it back.
                Damage::Torn { next } => {
                    let writer = raw(&self.config).await;
                    let pid: i32 = writer
                        .query_one("SELECT pg_backend_pid()", &[])
                        .await
                        .expect("pid")
                        .get(0);
                    writer.batch_execute("BEGIN").await.expect("begins");
                    let json = serde_json::to_string(&next).expect("serializes");
                    let changed = writer
                        .execute(
                            "UPDATE recaudo_journal SET entry = $1::text::jsonb, sends = $2, \
                             status = 'resolved' WHERE biller = $3 AND receipt = $4",
                            &[&json, &(next.sends as i32), &biller, &receipt],
                        )
                        .await
                        .expect("updates");
                    assert_eq!(changed, 1);
                    let killer = raw(&self.config).await;
                    let killed: bool = killer
                        .query_one("SELECT pg_terminate_backend($1)", &[&pid])
                        .await
                        .expect("terminates")
                        .get(0);
                    assert!(killed, "the writer's session ends");
                    for _ in 0..100 {
                        if writer.is_closed() {
                            break;
                        }
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    }
                    assert!(writer.is_closed(), "the writer's connection closed");
                    Some(String::new())
                }
                // JSON, but not a journal entry (the column only takes JSON).
                Damage::Corrupt => {
                    let admin = raw(&self.config).await;
                    let changed = admin
                        .execute(
                            "UPDATE recaudo_journal SET entry = jsonb_build_object(\
                                 'biller', biller, 'request', jsonb_build_object('receipt', \
                                 receipt), 'status', 'in_fli') \
                             WHERE biller = $1 AND receipt = $2",
                            &[&biller, &receipt],
                        )
                        .await
                        .expect("damages the row");
                    assert_eq!(changed, 1);
                    Some(receipt.to_owned())
                }
            }
        })
    }
}

mod contract {
    recaudo_tests::journal_contract_tests!(
        super::pg,
        #[ignore = "needs PostgreSQL: cargo xtask postgres-test"]
    );
}

/// What the PostgreSQL journal adds to the contract.
mod journal {
    use super::*;
    use recaudo_core::collection::{AsyncJournal, BillerId};
    use recaudo_tests::journal_contract::{full_entry, intent};

    #[tokio::test]
    #[ignore = "needs PostgreSQL: cargo xtask postgres-test"]
    async fn the_migration_runs_again_and_from_many_instances_at_once() {
        let Some(storage) = pg("migrations").await else {
            return;
        };
        let journals: Vec<PgJournal> = (0..4)
            .map(|_| PgJournal::from_config(storage.config.clone(), 2).unwrap())
            .collect();
        let results = futures::future::join_all(journals.iter().map(|j| j.migrate())).await;
        for r in results {
            r.expect("migrates");
        }
        journals[0].migrate().await.expect("migrates again");
        let client = raw(&storage.config).await;
        let applied: i64 = client
            .query_one("SELECT count(*) FROM recaudo_journal_migrations", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(applied, 1);
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL: cargo xtask postgres-test"]
    async fn one_row_per_payment_with_its_send_count() {
        let Some(storage) = pg("rows").await else {
            return;
        };
        let journal = storage.open().await.unwrap();
        let mut entry = intent(BillerId::Unicomer, "ROW-1", "831.60");
        journal.save(&entry).await.unwrap();
        entry.sends = 1;
        journal.save(&entry).await.unwrap();
        let resolved = full_entry(BillerId::Unicomer, "ROW-1", "831.60");
        journal.save(&resolved).await.unwrap();
        let client = raw(&storage.config).await;
        let rows = client
            .query(
                "SELECT status, outcome, sends, entry->'request'->>'amount' \
                 FROM recaudo_journal WHERE receipt = 'ROW-1'",
                &[],
            )
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row.get::<_, String>(0), "resolved");
        assert_eq!(
            row.get::<_, Option<String>>(1).as_deref(),
            Some("confirmed")
        );
        assert_eq!(row.get::<_, i32>(2), 2);
        assert_eq!(row.get::<_, String>(3), "831.60");
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL: cargo xtask postgres-test"]
    async fn a_write_with_fewer_sends_than_the_row_is_refused() {
        let Some(storage) = pg("stale").await else {
            return;
        };
        let journal = storage.open().await.unwrap();
        let mut entry = intent(BillerId::Cooplan, "ST-1", "5.00");
        entry.sends = 2;
        journal.save(&entry).await.unwrap();
        let mut stale = entry.clone();
        stale.sends = 1;
        let err = journal.save(&stale).await.unwrap_err();
        assert_eq!(err.code(), "storage");
        assert!(err.to_string().contains("ST-1"), "{err}");
        assert_eq!(
            journal
                .get(BillerId::Cooplan, "ST-1")
                .await
                .unwrap()
                .unwrap()
                .sends,
            2
        );
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL: cargo xtask postgres-test"]
    async fn a_claim_whose_connection_died_writes_nothing() {
        let Some(storage) = pg("lost_lock").await else {
            return;
        };
        let journal = storage.open().await.unwrap();
        let entry = intent(BillerId::Unicomer, "LL-1", "5.00");
        journal.save(&entry).await.unwrap();
        let claim = journal.claim(BillerId::Unicomer, "LL-1").await.unwrap();
        // The server ends the session holding the lock (a restart, a network cut).
        let admin = raw(&storage.config).await;
        let ended: i64 = admin
            .query_one(
                "WITH k AS (SELECT hashtextextended(\
                     ('recaudo_journal'::regclass)::oid::text || ':unicomer:LL-1', 0) AS key) \
                 SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l, k \
                 WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 \
                   AND l.classid::text::bigint = (k.key >> 32) & 4294967295 \
                   AND l.objid::text::bigint = k.key & 4294967295",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(ended, 1, "one session held the lock");
        // Another instance can take the lock now...
        let other = storage.open().await.unwrap();
        let taken = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            other.claim(BillerId::Unicomer, "LL-1"),
        )
        .await
        .expect("the lock was released with the session")
        .unwrap();
        // ...so the first may not write: the write fails instead of racing it.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let mut next = entry.clone();
        next.sends = 1;
        let err = journal.save(&next).await.unwrap_err();
        assert_eq!(err.code(), "storage");
        assert!(err.to_string().contains("LL-1"), "{err}");
        assert_eq!(
            other
                .get(BillerId::Unicomer, "LL-1")
                .await
                .unwrap()
                .unwrap()
                .sends,
            0
        );
        drop((claim, taken));
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL: cargo xtask postgres-test"]
    async fn errors_never_show_the_password() {
        let Some(url) = url() else {
            return;
        };
        let config: tokio_postgres::Config = url.parse().unwrap();
        let Some(password) = config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned())
        else {
            println!("the test URL has no password; nothing to check");
            return;
        };
        // A wrong password, a wrong database, a journal never migrated.
        let wrong = url.replace(&password, "not-the-password");
        let err = PgJournal::connect(&wrong).await.unwrap_err();
        assert!(!err.to_string().contains("not-the-password"), "{err}");
        let missing = format!("{}_missing", url);
        let err = PgJournal::connect(&missing).await.unwrap_err();
        assert!(!err.to_string().contains(&password), "{err}");
        let _turn = SERVER.read().await;
        let schema = format!("unmigrated_{}", std::process::id());
        fresh_schema(&url, &schema).await;
        let journal = PgJournal::from_config(super::config(&url, &schema), 2).unwrap();
        let err = journal.entries().await.unwrap_err();
        assert_eq!(err.code(), "storage");
        assert!(!err.to_string().contains(&password), "{err}");
        assert!(err.to_string().contains("recaudo_journal"), "{err}");
    }
}
