//! `recaudo demo`: a collection day against the in-process simulator of every biller.
//!
//! Unicomer through its own client ([`unicomer`]), then Zoom, Cooplan and Unicobros through
//! the unified collection API with a journal ([`others`]), each with a reply lost on purpose and
//! recovered without paying twice; then the capability matrix and a summary.

mod others;
mod unicomer;

use recaudo_sim::{SimConfig, Simulator};
use serde_json::json;

use crate::output::{CliError, Report};

pub async fn run() -> Result<Report, CliError> {
    let config = SimConfig::default();
    let sim = Simulator::start(config.clone())
        .await
        .map_err(|e| CliError::new("sim", format!("cannot start the simulator: {e}")))?;
    let result = day(&sim, &config).await;
    sim.shutdown();
    result
}

async fn day(sim: &Simulator, config: &SimConfig) -> Result<Report, CliError> {
    let unicomer = unicomer::walk(sim, &config.unicomer).await?;
    let mut text = format!("recaudo demo: simulator at {}\n", sim.base_url());
    text.push_str(&unicomer.text);
    let others = others::walk(sim, config).await?;
    text.push_str(&others.text);
    let capabilities = crate::collect::capabilities();
    unicomer::say(
        &mut text,
        "what each biller offers (recaudo capabilities)",
        &capabilities.text,
    );
    let ok = unicomer.exit == 0 && others.exit == 0;
    text.push_str(&format!(
        "\n== day summary\n{}\n",
        if ok {
            "every biller's collection day completed as expected: no payment lost, none doubled"
        } else {
            "UNEXPECTED RESULT: see above"
        }
    ));
    let json = json!({
        "ok": ok,
        "unicomer": unicomer.json,
        "others": others.json,
        "capabilities": capabilities.json,
    });
    let mut report = Report::new(json, text);
    report.exit = if ok { 0 } else { 1 };
    Ok(report)
}
