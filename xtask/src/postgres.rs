//! The PostgreSQL journal's suite (`cargo xtask postgres-test`, and a step of `cargo xtask
//! test`): installs Debian's `postgresql` when no server is installed, creates a throwaway
//! cluster in a temporary directory (as the `postgres` system user when run as root: `initdb`
//! refuses root), starts it on 127.0.0.1 on a free port with a password-protected test role and
//! database, runs the `postgres` test target of `recaudo-tests` against it (the journal
//! contract, then 8 service instances with faults and a server restart in the middle), and
//! stops the server and removes the cluster at the end, also when the tests fail.
//!
//! The tests get `RECAUDO_TEST_POSTGRES_URL` (the connection URL), `RECAUDO_TEST_POSTGRES_CTL`
//! (a script that runs `pg_ctl` on the cluster with its arguments: `restart`) and
//! `RECAUDO_TEST_POSTGRES_REQUIRED=1` (without a URL the target skips; with this it fails).

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::tools::{apt_install, output, run_counted};
use super::{Tally, run, step};

const ROLE: &str = "recaudo";
const DATABASE: &str = "recaudo_test";

/// `cargo xtask postgres-test`: the suite alone.
pub fn command(root: &Path) -> Result<(), String> {
    let mut tally = Tally::default();
    suite(root, &mut tally)?;
    tally.finish("postgres summary")
}

/// The suite, counted into `tally`.
pub fn suite(root: &Path, tally: &mut Tally) -> Result<(), String> {
    step("postgres journal: PostgreSQL server (Debian's package)");
    let started = Instant::now();
    let bin = ensure_postgres()?;
    let installed = started.elapsed();
    println!(
        "PostgreSQL binaries in {} ({:.1} s)",
        bin.display(),
        installed.as_secs_f64()
    );

    step("postgres journal: build the test target");
    let build = Instant::now();
    run(
        root,
        "cargo",
        &[
            "test",
            "-p",
            "recaudo-tests",
            "--test",
            "postgres",
            "--no-run",
        ],
        &[],
    )?;
    let built = build.elapsed();

    step("postgres journal: contract and 8 instances with faults and a server restart");
    let running = Instant::now();
    let server = Server::start(&bin)?;
    println!(
        "PostgreSQL running on 127.0.0.1:{} (cluster in {})",
        server.port,
        server.dir.display()
    );
    let mut tests = Command::new("cargo");
    tests
        .args([
            "test",
            "-p",
            "recaudo-tests",
            "--test",
            "postgres",
            "--",
            "--include-ignored",
            "--nocapture",
        ])
        .env("RECAUDO_TEST_POSTGRES_URL", server.url())
        .env("RECAUDO_TEST_POSTGRES_CTL", server.dir.join("ctl"))
        .env("RECAUDO_TEST_POSTGRES_REQUIRED", "1")
        .current_dir(root);
    let failed_before = tally.failed;
    let result = run_counted(tests, "the postgres journal tests", tally);
    if result.is_err() || tally.failed > failed_before {
        server.print_log_tail();
    }
    drop(server);
    println!(
        "postgres journal: {:.1} s in all (server install/check {:.1} s, build {:.1} s, \
         cluster + tests {:.1} s)",
        started.elapsed().as_secs_f64(),
        installed.as_secs_f64(),
        built.as_secs_f64(),
        running.elapsed().as_secs_f64()
    );
    result
}

/// The directory of the newest installed server's binaries (`/usr/lib/postgresql/<v>/bin`),
/// installing Debian's `postgresql` first when there is none.
fn ensure_postgres() -> Result<PathBuf, String> {
    if let Some(bin) = installed_bin() {
        return ensure_user().map(|()| bin);
    }
    apt_install(&["postgresql"])?;
    let bin = installed_bin().ok_or(
        "`postgresql` installed, but no /usr/lib/postgresql/<version>/bin/initdb was found",
    )?;
    stop_package_clusters();
    ensure_user().map(|()| bin)
}

/// The package creates a `main` cluster and, where an init system lets it, starts it. The
/// tests use a cluster of their own: one the install just started is stopped again, so that
/// nothing is left running.
fn stop_package_clusters() {
    let Some(list) = output("pg_lsclusters", &["--no-header"]) else {
        return;
    };
    for line in list.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if let [version, cluster, _port, status, ..] = fields[..] {
            if status.starts_with("online") {
                let stopped = Command::new("pg_ctlcluster")
                    .args([version, cluster, "stop"])
                    .status()
                    .is_ok_and(|s| s.success());
                println!(
                    "the package's cluster {version}/{cluster} was started by the install: {}",
                    if stopped {
                        "stopped"
                    } else {
                        "could not stop it"
                    }
                );
            }
        }
    }
}

fn installed_bin() -> Option<PathBuf> {
    let versions = std::fs::read_dir("/usr/lib/postgresql").ok()?;
    versions
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            (bin.join("initdb").exists() && bin.join("pg_ctl").exists()).then_some((version, bin))
        })
        .max_by_key(|(v, _)| *v)
        .map(|(_, bin)| bin)
}

fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|id| id.trim() == "0")
}

/// As root the cluster belongs to the `postgres` system user (the package creates it).
fn ensure_user() -> Result<(), String> {
    if !is_root() || output("id", &["-u", "postgres"]).is_some() {
        return Ok(());
    }
    let status = Command::new("useradd")
        .args([
            "--system",
            "--no-create-home",
            "--shell",
            "/bin/sh",
            "postgres",
        ])
        .status()
        .map_err(|e| format!("cannot run useradd: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("cannot create the postgres system user".into())
    }
}

/// A throwaway cluster, stopped and removed when dropped.
struct Server {
    dir: PathBuf,
    port: u16,
    password: String,
}

impl Server {
    fn start(bin: &Path) -> Result<Server, String> {
        let dir = std::env::temp_dir().join(format!(
            "recaudo-pg-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        ));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let server = Server {
            dir,
            port: free_port()?,
            password: random_hex(16)?,
        };
        // From here on, `server` is dropped (stopped, removed) on any error.
        server.init(bin)?;
        Ok(server)
    }

    fn init(&self, bin: &Path) -> Result<(), String> {
        let root = is_root();
        if root {
            let ids = |flag| {
                output("id", &[flag, "postgres"])
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .ok_or("no postgres user")
            };
            std::os::unix::fs::chown(&self.dir, Some(ids("-u")?), Some(ids("-g")?))
                .map_err(|e| format!("chown {}: {e}", self.dir.display()))?;
        }
        let data = self.dir.join("data");
        let log = self.dir.join("server.log");
        let as_owner = |program: &Path| -> Command {
            if root {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"]).arg(program);
                c
            } else {
                Command::new(program)
            }
        };
        let quiet = |mut c: Command, what: &str| -> Result<(), String> {
            // From the cluster's directory: the server's user may not read the caller's.
            let out = c
                .current_dir(&self.dir)
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run {what}: {e}"))?;
            if out.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "{what} failed ({}):\n{}{}",
                    out.status,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ))
            }
        };

        let mut initdb = as_owner(&bin.join("initdb"));
        initdb.arg("-D").arg(&data).args([
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        ]);
        quiet(initdb, "initdb")?;

        // A script the tests run to restart the server (`ctl restart`); it keeps the options
        // the server was started with.
        let ctl = self.dir.join("ctl");
        let runuser = if root { "runuser -u postgres -- " } else { "" };
        std::fs::write(
            &ctl,
            format!(
                "#!/bin/sh\nexec {runuser}'{}' -D '{}' -l '{}' -w -t 120 -m fast \"$@\"\n",
                bin.join("pg_ctl").display(),
                data.display(),
                log.display()
            ),
        )
        .map_err(|e| format!("{}: {e}", ctl.display()))?;
        std::fs::set_permissions(&ctl, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .map_err(|e| format!("{}: {e}", ctl.display()))?;

        let mut start = Command::new(&ctl);
        start.arg("-o").arg(format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=300",
            self.port,
            self.dir.display()
        ));
        start.arg("start");
        quiet(start, "pg_ctl start")?;

        // The test role (with a password: the tests check it never shows in an error) and
        // its database, over the cluster's own socket.
        let mut psql = Command::new(bin.join("psql"));
        psql.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d"])
            .arg("postgres")
            .arg("-h")
            .arg(&self.dir)
            .arg("-p")
            .arg(self.port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::null());
        let mut child = psql.spawn().map_err(|e| format!("cannot run psql: {e}"))?;
        child
            .stdin
            .take()
            .ok_or("no stdin")?
            .write_all(
                format!(
                    "CREATE ROLE {ROLE} LOGIN PASSWORD '{}';\n\
                     CREATE DATABASE {DATABASE} OWNER {ROLE};\n",
                    self.password
                )
                .as_bytes(),
            )
            .map_err(|e| format!("psql: {e}"))?;
        let status = child.wait().map_err(|e| format!("psql: {e}"))?;
        if !status.success() {
            return Err("creating the test role and database failed".into());
        }
        Ok(())
    }

    fn url(&self) -> String {
        format!(
            "postgres://{ROLE}:{}@127.0.0.1:{}/{DATABASE}",
            self.password, self.port
        )
    }

    fn print_log_tail(&self) {
        if let Ok(log) = std::fs::read_to_string(self.dir.join("server.log")) {
            let lines: Vec<&str> = log.lines().collect();
            println!("--- PostgreSQL server log (last 40 lines) ---");
            for line in &lines[lines.len().saturating_sub(40)..] {
                println!("{line}");
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let ctl = self.dir.join("ctl");
        if ctl.exists() && self.dir.join("data/postmaster.pid").exists() {
            let stopped = Command::new(&ctl)
                .arg("stop")
                .current_dir(&self.dir)
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !stopped {
                let _ = Command::new(&ctl)
                    .args(["stop", "-m", "immediate"])
                    .stdout(Stdio::null())
                    .status();
            }
            println!("PostgreSQL stopped");
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

fn random_hex(bytes: usize) -> Result<String, String> {
    use std::io::Read;
    let mut buf = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| format!("/dev/urandom: {e}"))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}
