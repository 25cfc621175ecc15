//! One Unicomer lookup against the simulator from Rust (the core over the native transport, no
//! bindings), many times: prints the median. `cargo xtask ffi-perf` runs it next to the same
//! lookup from Kotlin (`LookupBench.kt` in `bindings/kotlin/src/test/kotlin/`) and reports the
//! ratio.
//!
//! Usage: `RECAUDO_SIM_URL=http://127.0.0.1:PORT/ lookup-bench [calls] [warm-up]`.

use std::time::Instant;

use recaudo_core::Secret;
use recaudo_core::collection::{BillerOptions, Collector, Connection};
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::unicomer::UnicomerOptions;

fn main() -> Result<(), String> {
    let base = std::env::var("RECAUDO_SIM_URL").map_err(|_| "RECAUDO_SIM_URL is not set")?;
    let mut args = std::env::args().skip(1);
    let calls: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(300)
        .max(1);
    let warmup: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let mut connection = Connection::new(format!("{}/unicomer/", base.trim_end_matches('/')));
    connection.timeout_ms = Some(5_000);
    let options = BillerOptions::Unicomer(UnicomerOptions::new(
        connection,
        "cajero@recaudo.test",
        Secret::new("fake-password-123"),
        "EMPTEST",
    ));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let transport = NativeTransport::new().map_err(|e| e.to_string())?;
    let collector =
        Collector::connect(options, transport, SystemClock).map_err(|e| e.to_string())?;
    let mut samples = Vec::with_capacity(calls);
    runtime.block_on(async {
        for _ in 0..warmup {
            collector
                .lookup("0900000001")
                .await
                .map_err(|e| e.to_string())?;
        }
        for _ in 0..calls {
            let started = Instant::now();
            let statement = collector
                .lookup("0900000001")
                .await
                .map_err(|e| e.to_string())?;
            samples.push(started.elapsed());
            if statement.debts.is_empty() {
                return Err("no debts".to_owned());
            }
        }
        Ok::<(), String>(())
    })?;
    samples.sort();
    println!("rust_lookup_median_us {}", samples[calls / 2].as_micros());
    Ok(())
}
