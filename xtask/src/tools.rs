//! What the foreign-language suites share: reading a tool's version, installing Debian
//! packages once per run, and running a test program whose `test result:` lines count.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{Tally, count};

/// How long one foreign suite may run before it is killed and counted as failed.
const SUITE_LIMIT: Duration = Duration::from_secs(600);

static APT_UPDATED: AtomicBool = AtomicBool::new(false);

/// A command's stdout, when it runs and succeeds.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Installs Debian packages (through `sudo` when not root), running `apt-get update` first,
/// once per run.
pub fn apt_install(packages: &[&str]) -> Result<(), String> {
    let sudo = output("id", &["-u"]).is_some_and(|id| id.trim() != "0");
    let apt = |args: &[&str]| -> Result<(), String> {
        let mut command = if sudo {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        } else {
            Command::new("apt-get")
        };
        let status = command
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("apt-get {} failed", args.join(" ")))
        }
    };
    if !APT_UPDATED.swap(true, Ordering::SeqCst) {
        apt(&["update"])?;
    }
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    apt(&args)
}

/// Runs a test program, echoing its output and adding up its `test result:` lines. A program
/// that outlives [`SUITE_LIMIT`] is killed and counted as a failure.
pub fn run_counted(mut command: Command, what: &str, tally: &mut Tally) -> Result<(), String> {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let reader = std::thread::spawn(move || {
        let (mut passed, mut failed, mut counted) = (0, 0, false);
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                passed += count(rest, " passed");
                failed += count(rest, " failed");
                counted = true;
            }
        }
        (passed, failed, counted)
    });
    let deadline = Instant::now() + SUITE_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (passed, failed, counted) = reader.join().map_err(|_| "the output reader panicked")?;
    tally.passed += passed;
    tally.failed += failed;
    match status {
        None => {
            println!("FAILED: {what} ran longer than {SUITE_LIMIT:?} and was stopped");
            tally.failed += 1;
        }
        Some(status) if !status.success() => {
            println!("FAILED: {what} exited with {status}");
            tally.failed += 1;
        }
        Some(_) if !counted => {
            println!("FAILED: {what} printed no test result");
            tally.failed += 1;
        }
        Some(_) => {}
    }
    Ok(())
}
