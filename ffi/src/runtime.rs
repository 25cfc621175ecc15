//! Where every binding call runs: one dedicated thread with a tokio current-thread runtime and a
//! `LocalSet`, fed through a channel.
//!
//! Why this shape: the core's futures are not `Send` (its `Transport` trait has no `Send` bound,
//! so that browser futures fit it too, and a client may hold a `Cell` across an await), while
//! uniffi needs `Send` futures and C callers need blocking calls. So a call sends a `Send`
//! closure to the thread; the closure builds the core's future there and `spawn_local`s it; the
//! caller waits on a oneshot channel: uniffi awaits it (a `Send` future that works on any
//! executor), C blocks on it. Every core future thus runs with a tokio context (reqwest and the
//! clock's timer need one), whatever thread or executor the caller is on. All calls share the
//! thread concurrently (they are I/O bound); a foreign journal's synchronous callbacks run on it.
//!
//! Cancellation (a Kotlin coroutine cancelled, `withTimeout`, a Swift task cancelled): the caller
//! stops waiting at once, because dropping the receiver ends its wait. The work itself:
//!
//! - reads (lookup, status, settlements, reconcile) are [`Mode::Abortable`]: the task sees the
//!   receiver gone and drops the core's future, which aborts the request;
//! - payments, reversals and journal resolutions are [`Mode::Detached`]: a payment may already be
//!   at the biller, so it is never abandoned half-way. It runs to its resolution (confirmed,
//!   rejected or needs review) and, through a `CollectionService`, the journal records it; the
//!   app reads the outcome from the journal, or by paying again with the same receipt (the
//!   journal answers without sending anything).
//!
//! The thread starts on first use and lives as long as the process (valgrind shows its memory as
//! "still reachable", never as lost). A panic inside a call ends that call's task only; the
//! caller gets an `internal` error.

use std::future::Future;
use std::sync::OnceLock;

use recaudo_core::Error;
use tokio::sync::{mpsc, oneshot};

/// A failure of the machinery itself (not of a call): a panicked task, a runtime that did not
/// start. The bindings report it as code `internal`.
pub fn internal(what: &str) -> Error {
    Error::Internal(what.to_owned())
}

/// What happens to a call's work when its caller stops waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Dropped: reads.
    Abortable,
    /// Runs to its end: payments, reversals, journal resolutions.
    Detached,
}

type Job = Box<dyn FnOnce() + Send>;

static EXECUTOR: OnceLock<Result<mpsc::UnboundedSender<Job>, String>> = OnceLock::new();

fn executor() -> Result<&'static mpsc::UnboundedSender<Job>, Error> {
    EXECUTOR
        .get_or_init(start)
        .as_ref()
        .map_err(|e| internal(&format!("cannot start the recaudo runtime: {e}")))
}

fn start() -> Result<mpsc::UnboundedSender<Job>, String> {
    let mut builder = tokio::runtime::Builder::new_current_thread();
    // The clock's timer always; the I/O driver only for the native transport's sockets (the
    // mobile build's app transport does its own I/O, and the driver's code is size).
    builder.enable_time();
    #[cfg(feature = "native-transport")]
    builder.enable_io();
    let runtime = builder.build().map_err(|e| e.to_string())?;
    let (jobs, mut queue) = mpsc::unbounded_channel::<Job>();
    std::thread::Builder::new()
        .name("recaudo".into())
        .spawn(move || {
            let local = tokio::task::LocalSet::new();
            local.block_on(&runtime, async move {
                while let Some(job) = queue.recv().await {
                    job();
                }
            });
        })
        .map_err(|e| e.to_string())?;
    Ok(jobs)
}

/// Starts `work` (built on the runtime's thread) and returns where its result will arrive.
pub fn spawn<W, F, T>(mode: Mode, work: W) -> Result<oneshot::Receiver<Result<T, Error>>, Error>
where
    W: FnOnce() -> F + Send + 'static,
    F: Future<Output = Result<T, Error>> + 'static,
    T: Send + 'static,
{
    let (reply, result) = oneshot::channel();
    let job: Job = Box::new(move || {
        tokio::task::spawn_local(run(mode, work(), reply));
    });
    executor()?
        .send(job)
        .map_err(|_| internal("the recaudo runtime has stopped"))?;
    Ok(result)
}

async fn run<F, T>(mode: Mode, work: F, mut reply: oneshot::Sender<Result<T, Error>>)
where
    F: Future<Output = Result<T, Error>>,
{
    let result = match mode {
        Mode::Detached => work.await,
        Mode::Abortable => {
            tokio::select! {
                result = work => result,
                () = reply.closed() => return,
            }
        }
    };
    // The caller may have stopped waiting: the work is done either way.
    let _ = reply.send(result);
}

/// Runs `work` on the runtime and awaits its result (uniffi's async methods).
pub async fn call<W, F, T>(mode: Mode, work: W) -> Result<T, Error>
where
    W: FnOnce() -> F + Send + 'static,
    F: Future<Output = Result<T, Error>> + 'static,
    T: Send + 'static,
{
    spawn(mode, work)?.await.unwrap_or_else(|_| Err(lost()))
}

/// Runs `work` on the runtime and blocks the calling thread until it ends (the C API). Refused
/// from inside an async runtime, where blocking would stall it.
pub fn block_on<W, F, T>(work: W) -> Result<T, Error>
where
    W: FnOnce() -> F + Send + 'static,
    F: Future<Output = Result<T, Error>> + 'static,
    T: Send + 'static,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::Config(
            "a blocking recaudo call was made from inside an async runtime".into(),
        ));
    }
    spawn(Mode::Detached, work)?
        .blocking_recv()
        .unwrap_or_else(|_| Err(lost()))
}

/// The task ended without a result: it panicked.
fn lost() -> Error {
    internal("a recaudo task panicked (please report it)")
}
