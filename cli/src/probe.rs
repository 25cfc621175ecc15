//! `recaudo probe <biller> --base-url URL`: which reading of its ambiguous document a biller
//! follows, learned with read-only calls (see `recaudo_core::discover`). Credentials come from
//! the same environment variables as every other command. Exit 0 when the probe ran, even with
//! undetermined switches; non-zero when the biller could not be reached or refused us.

use clap::Args;
use recaudo_core::collection::BillerId;
use recaudo_core::discover::{Discovery, ProbeInput};

use crate::Globals;
use crate::output::{CliError, Report};

#[derive(Args)]
pub struct ProbeArgs {
    /// The biller (`recaudo capabilities` lists them).
    biller: String,
    /// Unicomer: a known customer's cédula/RUC, whose statement is read.
    #[arg(long)]
    customer: Option<String>,
    /// Cooplan: a known contract (Contrato), whose customers and debts are read.
    #[arg(long)]
    contract: Option<String>,
    /// Zoom: a known document, `guide:N`, `invoice:SERIES-N` or `credit-note:N`.
    #[arg(long)]
    document: Option<String>,
    /// Unicobros: a payment reference, whose coupons are read.
    #[arg(long)]
    reference: Option<String>,
    /// The day of the report or reconciliation, yyyy-mm-dd (default: today at the biller).
    #[arg(long)]
    date: Option<String>,
}

pub async fn run(globals: &Globals, args: ProbeArgs) -> Result<Report, CliError> {
    let biller: BillerId = args.biller.parse()?;
    let date = args
        .date
        .as_deref()
        .map(|d| crate::args::date("date", d))
        .transpose()?;
    let input = ProbeInput::new(subject(&args, biller)?, date);
    let (collector, _) = crate::collect::collector(globals, biller.as_str())?;
    report(&collector.probe(&input).await?)
}

/// The one "known subject" flag the biller's probe takes (its `probe_subject`); any other is
/// refused.
fn subject(args: &ProbeArgs, biller: BillerId) -> Result<Option<String>, CliError> {
    let flags = [
        ("customer", &args.customer),
        ("contract", &args.contract),
        ("document", &args.document),
        ("reference", &args.reference),
    ];
    let mut subject = None;
    for (flag, value) in flags {
        match value {
            Some(v) if biller.probe_subject() == Some(flag) => subject = Some(v.clone()),
            Some(_) => {
                let takes = biller
                    .probe_subject()
                    .map_or("no subject".to_owned(), |s| format!("--{s}"));
                return Err(CliError::new(
                    "invalid_input",
                    format!("--{flag} is not for {biller}, whose probe takes {takes}"),
                ));
            }
            None => {}
        }
    }
    Ok(subject)
}

fn report(d: &Discovery) -> Result<Report, CliError> {
    let json = serde_json::to_value(d).map_err(|e| CliError::new("internal", e.to_string()))?;
    let known = d.findings.iter().filter(|f| f.reading.is_some()).count();
    let mut text = format!(
        "probe {}: {known} of {} switch(es) determined\n",
        d.biller,
        d.findings.len()
    );
    for f in &d.findings {
        let reading = f.reading.as_deref().unwrap_or("undetermined");
        text.push_str(&format!("\n{:<38} {reading}\n", f.key));
        for e in &f.evidence {
            text.push_str(&format!("  - {e}\n"));
        }
        if let Some(pin) = &f.pin {
            text.push_str(&format!("  pin: {pin}\n"));
        }
    }
    if !d.notes.is_empty() {
        text.push_str("\nnotes\n");
        for n in &d.notes {
            text.push_str(&format!("  - {n}\n"));
        }
    }
    Ok(Report::new(json, text))
}
