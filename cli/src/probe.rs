//! `recaudo probe <biller> --base-url URL`: which reading of its ambiguous document a biller
//! follows, learned with read-only calls (see `recaudo_core::discover`). Credentials come from
//! the same environment variables as every other command. Exit 0 when the probe ran, even with
//! undetermined switches; non-zero when the biller could not be reached or refused us.

use clap::Args;
use recaudo_core::collection::BillerId;
use recaudo_core::discover::{self, Discovery, ProbeInput};
use recaudo_core::native::{NativeTransport, SystemClock};

use crate::Globals;
use crate::output::{CliError, Report};

#[derive(Args)]
pub struct ProbeArgs {
    /// unicomer, unicobros, zoom or cooplan.
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
    let input = ProbeInput {
        customer: subject(&args, biller)?,
        date: args
            .date
            .as_deref()
            .map(|d| crate::args::date("date", d))
            .transpose()?,
    };
    let transport = NativeTransport::new()?;
    let clock = SystemClock;
    let (t, c, i) = (&transport, &clock, &input);
    let found = match biller {
        BillerId::Unicomer => {
            let client = crate::unicomer::client(globals)?;
            discover::unicomer(client.config(), t, c, i).await?
        }
        BillerId::Unicobros => {
            let client = crate::unicobros::client(globals)?;
            discover::unicobros(client.config(), t, c, i).await?
        }
        BillerId::Zoom => {
            let client = crate::zoom::client(globals)?;
            discover::zoom(client.config(), t, c, i).await?
        }
        BillerId::Cooplan => {
            let client = crate::cooplan::client(globals)?;
            discover::cooplan(client.config(), t, c, i).await?
        }
        // The probes are each biller's own code (`recaudo_core::discover`).
        _ => {
            return Err(CliError::new(
                "invalid_input",
                format!("recaudo probe has no probe for {biller} yet"),
            ));
        }
    };
    report(&found)
}

/// The one "known customer" flag that belongs to the biller; any other is refused.
fn subject(args: &ProbeArgs, biller: BillerId) -> Result<Option<String>, CliError> {
    let flags = [
        ("--customer", BillerId::Unicomer, &args.customer),
        ("--contract", BillerId::Cooplan, &args.contract),
        ("--document", BillerId::Zoom, &args.document),
        ("--reference", BillerId::Unicobros, &args.reference),
    ];
    let mut subject = None;
    for (flag, owner, value) in flags {
        match value {
            Some(v) if owner == biller => subject = Some(v.clone()),
            Some(_) => {
                return Err(CliError::new(
                    "invalid_input",
                    format!("{flag} is for {owner}, not {biller}"),
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
