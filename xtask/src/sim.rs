//! What the foreign-language suites share: where cargo puts its output, and `recaudo sim` as a
//! child process on a free port (the browser, Kotlin and C tests talk HTTP to it).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `CARGO_TARGET_DIR` when set (relative to the workspace), else `<workspace>/target`.
pub fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// The debug `recaudo` binary (built by the suite that starts a simulator).
pub fn recaudo_bin(root: &Path) -> PathBuf {
    target_dir(root).join("debug/recaudo")
}

/// `recaudo sim` on a free port with `extra` arguments, stopped when dropped.
pub struct Sim {
    child: Child,
    pub url: String,
}

impl Sim {
    pub fn start(root: &Path, extra: &[&str]) -> Result<Sim, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("cannot find a free port: {e}"))?
            .port();
        let binary = recaudo_bin(root);
        let child = Command::new(&binary)
            .args(["sim", "--port", &port.to_string()])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .current_dir(root)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let sim = Sim {
            child,
            url: format!("http://127.0.0.1:{port}/"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if ready(port) {
                println!("simulator at {}", sim.url);
                return Ok(sim);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("the simulator did not answer on port {port}"))
    }
}

/// The control API answers: the simulator is serving, not just listening.
fn ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let request = "GET /_sim/state HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let mut reply = String::new();
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_string(&mut reply).is_ok()
        && reply.starts_with("HTTP/1.1 200")
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
