//! The payment journal as the CLI keeps it: a file that persists by default, one per biller and
//! collector, in recaudo's data directory; a lock file so that concurrent `recaudo` processes on
//! the same journal take turns; and `recaudo journal`, which lists the entries.
//!
//! Where: `--journal FILE`, else `$RECAUDO_JOURNAL`, else
//! `<data dir>/journals/<biller>-<collector>-<host>.jsonl`, where the data directory is
//! `$RECAUDO_DATA_DIR` or the platform's (`$XDG_DATA_HOME/recaudo`, `~/.local/share/recaudo`
//! on Linux; `~/Library/Application Support/recaudo` on macOS; `%APPDATA%\recaudo\data` on
//! Windows). The collector is the account (Unicomer's commerce, Zoom's login or user, Cooplan's
//! login) and the host the biller's: a sandbox's payments never share a journal with
//! production's, where a receipt already used would otherwise answer for a payment never sent.
//! `--no-journal` is the only way to run without one.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clap::{Args, ValueEnum};
use recaudo_core::collection::{BillerId, EntryStatus, JournalEntry, JournalStore, MemoryJournal};
use recaudo_core::money::format_amount;
use recaudo_core::native::FileJournal;
use recaudo_core::{Error, Outcome};
use serde_json::{Value, json};

use crate::Globals;
use crate::output::{CliError, Report};

/// The journal flags of every command that pays, resumes, reviews or reconciles.
#[derive(Args, Clone, Default)]
pub struct JournalArgs {
    /// The payment journal file (default: $RECAUDO_JOURNAL, else one file per biller and
    /// collector in recaudo's data directory; `recaudo journal` lists them).
    #[arg(long, value_name = "FILE", conflicts_with = "no_journal")]
    pub journal: Option<PathBuf>,
    /// Run without a journal: a payment's intent is then lost if the process dies, and a
    /// receipt is not protected against being paid twice. Only for tests.
    #[arg(long)]
    pub no_journal: bool,
}

impl JournalArgs {
    pub fn file(path: Option<PathBuf>) -> Self {
        JournalArgs {
            journal: path,
            no_journal: false,
        }
    }

    /// Where the journal is: the flag, the variable, else `default` in the data directory;
    /// `None` with `--no-journal`.
    pub fn resolve(&self, default: impl FnOnce() -> String) -> Result<Option<PathBuf>, CliError> {
        if self.no_journal {
            return Ok(None);
        }
        if let Some(p) = &self.journal {
            return Ok(Some(p.clone()));
        }
        if let Some(p) = crate::args::optional_env_var("RECAUDO_JOURNAL") {
            return Ok(Some(PathBuf::from(p)));
        }
        Ok(Some(journals_dir()?.join(default())))
    }
}

/// recaudo's data directory: `$RECAUDO_DATA_DIR`, else the platform's.
pub fn data_dir() -> Result<PathBuf, CliError> {
    if let Some(dir) = crate::args::optional_env_var("RECAUDO_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "recaudo")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            CliError::new("config", "no home directory to keep the payment journal in")
                .with_hint("set RECAUDO_DATA_DIR to a directory, or give --journal FILE")
        })
}

pub fn journals_dir() -> Result<PathBuf, CliError> {
    Ok(data_dir()?.join("journals"))
}

/// A file name part: letters, digits, `.`, `-`, `_`; anything else becomes `_`.
pub fn file_part(text: &str) -> String {
    let part: String = text
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if part.is_empty() {
        "default".into()
    } else {
        part
    }
}

/// The default journal's file name for a biller, collector account and base URL.
pub fn default_name(biller: BillerId, collector: &str, base_url: &str) -> String {
    let host = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest)
        .split('/')
        .next()
        .unwrap_or("");
    format!(
        "{}-{}-{}.jsonl",
        biller.as_str(),
        file_part(collector),
        file_part(host)
    )
}

/// The journal a command runs with: a file (locked for the command's whole run) or, with
/// `--no-journal`, memory. `only` narrows what `entries()` shows, so that `review` can settle
/// one receipt at a time through the service's own `resume`/`review`.
pub struct Journal {
    store: Store,
    path: Option<PathBuf>,
    only: Mutex<Option<BTreeSet<String>>>,
    _lock: Option<File>,
}

enum Store {
    File(FileJournal),
    Memory(MemoryJournal),
}

impl Journal {
    pub fn memory() -> Self {
        Journal {
            store: Store::Memory(MemoryJournal::new()),
            path: None,
            only: Mutex::new(None),
            _lock: None,
        }
    }

    /// Opens the journal at `path` (creating its directory), after taking its lock file: a
    /// second `recaudo` on the same journal waits here until the first one ends.
    pub fn open(globals: &Globals, path: &Path) -> Result<Self, CliError> {
        let storage = |e: std::io::Error| {
            CliError::new("storage", format!("journal {}: {e}", path.display()))
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(storage)?;
        }
        let mut lock_path = path.as_os_str().to_owned();
        lock_path.push(".lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(storage)?;
        match fs4::FileExt::try_lock(&lock) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                let spinner = crate::progress::spinner(
                    globals,
                    format!(
                        "waiting for another recaudo process using the journal {}",
                        path.display()
                    ),
                );
                let taken = fs4::FileExt::lock(&lock);
                spinner.finish_and_clear();
                taken.map_err(storage)?;
            }
            Err(fs4::TryLockError::Error(e)) => return Err(storage(e)),
        }
        let file = FileJournal::open(path)?;
        Ok(Journal {
            store: Store::File(file),
            path: Some(path.to_path_buf()),
            only: Mutex::new(None),
            _lock: Some(lock),
        })
    }

    /// The journal's file; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Shows only these receipts through `entries()` (all with `None`).
    pub fn only(&self, receipts: Option<BTreeSet<String>>) {
        *self.only.lock().unwrap_or_else(|p| p.into_inner()) = receipts;
    }

    fn inner(&self) -> &dyn JournalStore {
        match &self.store {
            Store::File(f) => f,
            Store::Memory(m) => m,
        }
    }
}

impl JournalStore for Journal {
    fn save(&self, entry: &JournalEntry) -> Result<(), Error> {
        self.inner().save(entry)
    }

    fn get(&self, biller: BillerId, receipt: &str) -> Result<Option<JournalEntry>, Error> {
        self.inner().get(biller, receipt)
    }

    fn entries(&self) -> Result<Vec<JournalEntry>, Error> {
        let all = self.inner().entries()?;
        let only = self.only.lock().unwrap_or_else(|p| p.into_inner());
        Ok(match &*only {
            None => all,
            Some(keep) => all
                .into_iter()
                .filter(|e| keep.contains(&e.request.receipt))
                .collect(),
        })
    }
}

/// Where an entry stands, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum State {
    /// Recorded, possibly sent, not resolved (a crash, a killed process).
    InFlight,
    /// Resolved as needs review: the biller's checks did not settle it.
    NeedsReview,
    Confirmed,
    Rejected,
    /// Refused before anything was sent (bad input).
    NotSent,
}

impl State {
    pub fn of(entry: &JournalEntry) -> State {
        match (entry.status, entry.result.as_ref().map(|r| r.outcome)) {
            (EntryStatus::InFlight, _) => State::InFlight,
            (EntryStatus::NotSent, _) => State::NotSent,
            (EntryStatus::Resolved, Some(Outcome::Confirmed)) => State::Confirmed,
            (EntryStatus::Resolved, Some(Outcome::Rejected)) => State::Rejected,
            // A resolved entry without a result cannot be told apart: a person looks.
            (EntryStatus::Resolved, _) => State::NeedsReview,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            State::InFlight => "in_flight",
            State::NeedsReview => "needs_review",
            State::Confirmed => "confirmed",
            State::Rejected => "rejected",
            State::NotSent => "not_sent",
        }
    }

    /// Still open: `review` asks the biller about it.
    pub fn is_open(self) -> bool {
        matches!(self, State::InFlight | State::NeedsReview)
    }
}

/// Reads a journal file without taking its lock or writing to it (a listing never waits for a
/// payment in progress): the last line for a receipt wins; a torn last line is being written
/// (or was cut by a crash) and is skipped; any other damaged line is refused, named.
pub fn read_entries(path: &Path) -> Result<Vec<JournalEntry>, CliError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::new("storage", format!("journal {}: {e}", path.display())))?;
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let memory = MemoryJournal::new();
    for (i, (n, line)) in lines.iter().enumerate() {
        match serde_json::from_str::<JournalEntry>(line) {
            Ok(entry) => memory.save(&entry)?,
            Err(_) if i + 1 == lines.len() => {}
            Err(e) => {
                return Err(CliError::new(
                    "storage",
                    format!(
                        "journal {}: line {} is not a journal entry ({})",
                        path.display(),
                        n + 1,
                        recaudo_core::error::without_values(&e.to_string())
                    ),
                )
                .with_hint(
                    "restore that line from a backup; recaudo will not guess what it held",
                ));
            }
        }
    }
    Ok(memory.entries()?)
}

/// The journal files `recaudo journal` reads: the one named, else every one in the data
/// directory.
fn journal_files(named: Option<PathBuf>) -> Result<Vec<PathBuf>, CliError> {
    if let Some(p) =
        named.or_else(|| crate::args::optional_env_var("RECAUDO_JOURNAL").map(PathBuf::from))
    {
        if !p.exists() {
            return Err(
                CliError::new("invalid_input", format!("no journal at {}", p.display())).with_hint(
                    "`recaudo journal` without --journal lists every journal in the data directory",
                ),
            );
        }
        return Ok(vec![p]);
    }
    let dir = journals_dir()?;
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(list) => list
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(CliError::new("storage", format!("{}: {e}", dir.display())));
        }
    };
    files.sort();
    Ok(files)
}

#[derive(Args)]
pub struct ListArgs {
    /// Only this biller's entries (`recaudo capabilities` lists every one).
    #[arg(long)]
    biller: Option<String>,
    /// Only entries in this state.
    #[arg(long, value_enum)]
    state: Option<State>,
    /// Only payments made on this day (the biller's calendar), yyyy-mm-dd.
    #[arg(long)]
    date: Option<String>,
    /// Only this receipt.
    #[arg(long)]
    receipt: Option<String>,
    /// Read this journal file (default: $RECAUDO_JOURNAL, else every journal in recaudo's
    /// data directory).
    #[arg(long, value_name = "FILE")]
    journal: Option<PathBuf>,
}

/// One entry as `recaudo journal` prints it.
pub fn entry_json(entry: &JournalEntry, file: Option<&Path>) -> Value {
    let result = entry.result.as_ref();
    let currency = result.map_or(entry.biller.currency(), |r| r.currency);
    json!({
        "biller": entry.biller,
        "receipt": entry.request.receipt,
        "debt_id": entry.request.debt_id,
        "amount": format_amount(entry.request.amount, currency),
        "currency": currency.code(),
        "paid_at": entry.request.paid_at.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
        "state": State::of(entry).as_str(),
        "sends": entry.sends,
        "payment_id": result.and_then(|r| r.reference.payment_id.clone()),
        "reversed": entry.reversal.as_ref().map(|r| r.outcome),
        "error": entry.error,
        "evidence": result.map(|r| r.evidence.clone()).unwrap_or_default(),
        "recorded_at": entry.recorded_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "updated_at": entry.updated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "journal": file.map(|f| f.display().to_string()),
    })
}

pub fn list(args: ListArgs) -> Result<Report, CliError> {
    let biller: Option<BillerId> = args.biller.as_deref().map(str::parse).transpose()?;
    let date = args
        .date
        .as_deref()
        .map(|d| crate::args::date("date", d))
        .transpose()?;
    let files = journal_files(args.journal)?;
    let mut rows = Vec::new();
    let mut table = crate::output::table(&[
        "biller", "receipt", "state", "amount", "cur", "debt", "paid at", "sends", "payment",
    ]);
    for file in &files {
        for entry in read_entries(file)? {
            let state = State::of(&entry);
            let keep = biller.is_none_or(|b| b == entry.biller)
                && args.state.is_none_or(|s| s == state)
                && args
                    .receipt
                    .as_deref()
                    .is_none_or(|r| r.trim() == entry.request.receipt)
                && date.is_none_or(|d| entry.request.paid_at.is_some_and(|p| p.date() == d));
            if !keep {
                continue;
            }
            let row = entry_json(&entry, Some(file));
            table.add_row(vec![
                entry.biller.as_str().to_owned(),
                entry.request.receipt.clone(),
                state.as_str().to_owned(),
                row["amount"].as_str().unwrap_or("").to_owned(),
                row["currency"].as_str().unwrap_or("").to_owned(),
                entry.request.debt_id.clone(),
                row["paid_at"].as_str().unwrap_or("-").to_owned(),
                entry.sends.to_string(),
                row["payment_id"].as_str().unwrap_or("-").to_owned(),
            ]);
            rows.push(row);
        }
    }
    crate::output::align_right(&mut table, &[3, 7]);
    let open = rows
        .iter()
        .filter(|r| matches!(r["state"].as_str(), Some("in_flight" | "needs_review")))
        .count();
    let json = json!({
        "journals": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
        "count": rows.len(),
        "open": open,
        "entries": rows,
    });
    let mut text = match files.len() {
        0 => format!(
            "no journal yet in {}\n",
            journals_dir().map_or_else(|_| "-".into(), |d| d.display().to_string())
        ),
        1 => format!("journal {}\n", files[0].display()),
        n => format!("{n} journals in {}\n", journals_dir()?.display()),
    };
    if rows.is_empty() {
        text.push_str("  no entries\n");
    } else {
        text.push_str(&crate::output::indented(&table));
        text.push_str(&format!(
            "{} entr{}, {open} open{}\n",
            rows.len(),
            if rows.len() == 1 { "y" } else { "ies" },
            if open > 0 {
                ": `recaudo review --biller B` asks the biller about them"
            } else {
                ""
            }
        ));
    }
    Ok(Report::new(json, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_keep_billers_collectors_and_hosts_apart() {
        assert_eq!(
            default_name(
                BillerId::Unicomer,
                "EMPTEST",
                "http://127.0.0.1:8080/unicomer/"
            ),
            "unicomer-EMPTEST-127.0.0.1_8080.jsonl"
        );
        assert_eq!(
            default_name(BillerId::Zoom, "a b/c@d", "https://zoom.example/api/"),
            "zoom-a_b_c_d-zoom.example.jsonl"
        );
        assert_eq!(file_part(" "), "default");
    }
}
