//! `recaudo unicomer lookup|pay|status|reverse|reconcile`.

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand, ValueEnum};
use recaudo_core::Secret;
use recaudo_core::money::{Currency, format_amount};
use recaudo_core::native::SystemClock;
use recaudo_core::unicomer::{
    ConsultarPagoResponse, Credentials, DatosCliente, Environment, EstadoCuenta, EstadoFiltro,
    Factura, PaymentReport, PaymentRequest, PaymentState, RegistroConciliacion, ReversalReport,
    ReversalRequest, UnicomerClient, UnicomerConfig,
};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use recaudo_core::collection::BillerId;

use crate::Globals;
use crate::args::{
    Missing, date as parse_date, money as parse_money, paid_at as parse_paid_at,
    positive_id as parse_id,
};
use crate::output::{CliError, DebtRow, PaymentRow, Report, lookup_report, state_json};
use crate::trace::Traced;

pub type Client = UnicomerClient<Traced, SystemClock>;

#[derive(Args)]
pub struct UnicomerArgs {
    /// A documented environment, used when --base-url is not given.
    #[arg(long, value_enum)]
    env: Option<EnvArg>,
    #[command(subcommand)]
    command: UnicomerCommand,
}

#[derive(Clone, Copy, ValueEnum)]
enum EnvArg {
    Dev,
    Prd,
}

#[derive(Subcommand)]
enum UnicomerCommand {
    /// A customer's account statement: what they owe, invoice by invoice.
    Lookup {
        /// The customer's identification number (cédula/RUC).
        cliente: String,
    },
    /// Register a payment safely: a lost reply is resolved with consultarpago, never resent blindly.
    Pay {
        /// The invoice to pay: the statement's `debt_id` (secuencial).
        #[arg(long)]
        debt: String,
        /// Amount in USD, e.g. 25.00.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Your unique receipt number (num_recibo).
        #[arg(long)]
        receipt: String,
        /// Who took the money (usuario_cajero).
        #[arg(long, default_value = "recaudo")]
        cashier: String,
        /// Where the money was taken (agencia).
        #[arg(long, default_value = "recaudo-cli")]
        location: String,
        /// "yyyy-mm-dd hh:mm:ss" or yyyy-mm-ddThh:mm:ss in Ecuador's time; default now.
        #[arg(long, value_name = "DATE_TIME")]
        paid_at: Option<String>,
    },
    /// A payment's state, by the values it was registered with.
    Status {
        /// The invoice paid (secuencial), as `pay --debt` took it.
        #[arg(long)]
        debt: String,
        /// The amount paid, in USD.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// When it was paid, as `pay` printed it ("yyyy-mm-dd hh:mm:ss" or ISO).
        #[arg(long, value_name = "DATE_TIME")]
        paid_at: String,
    },
    /// Reverse a payment still inside Unicomer's window (about 3 minutes).
    Reverse {
        /// The payment id (idtrx).
        #[arg(long)]
        payment: String,
        /// The amount paid, in USD.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// When it was paid, as `pay` printed it ("yyyy-mm-dd hh:mm:ss" or ISO).
        #[arg(long, value_name = "DATE_TIME")]
        paid_at: String,
        /// The invoice it paid, to check the reversal by the documented key if its reply is lost.
        #[arg(long)]
        debt: Option<String>,
    },
    /// The payments Unicomer recorded for a date; with --journal or --records, reconciled
    /// against your own records.
    Reconcile {
        /// The day, yyyy-mm-dd (Ecuador's calendar).
        #[arg(long)]
        date: String,
        /// Which of Unicomer's records to list (without --journal or --records).
        #[arg(long, value_enum, default_value_t = StateArg::All)]
        state: StateArg,
        /// Reconcile against this payment journal (or the default one: give
        /// `recaudo reconcile --biller unicomer`).
        #[arg(long, value_name = "FILE")]
        journal: Option<std::path::PathBuf>,
        /// Reconcile against this export of your records (CSV or JSON; see the README).
        #[arg(long, value_name = "FILE")]
        records: Option<std::path::PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum StateArg {
    All,
    Synced,
    Zombie,
    Reversed,
}

pub async fn run(globals: &Globals, args: UnicomerArgs) -> Result<Report, CliError> {
    let client = client_from_env(globals, args.env)?;
    match args.command {
        UnicomerCommand::Lookup { cliente } => {
            let statement = client.statement(&cliente).await?;
            Ok(lookup(&statement))
        }
        UnicomerCommand::Pay {
            debt,
            amount,
            receipt,
            cashier,
            location,
            paid_at,
        } => {
            let request = PaymentRequest {
                secuencial: parse_id("debt", &debt)?,
                amount: parse_money(&amount)?,
                receipt,
                paid_at: paid_at.as_deref().map(parse_paid_at).transpose()?,
                cashier,
                location,
                balance: None,
            };
            let report = client.pay(request).await?;
            Ok(pay_report(&report))
        }
        UnicomerCommand::Status {
            debt,
            amount,
            paid_at,
        } => {
            let secuencial = parse_id("debt", &debt)?;
            let amount = parse_money(&amount)?;
            let paid_at = parse_paid_at(&paid_at)?;
            let found = client.payment_status(secuencial, paid_at, amount).await?;
            Ok(status_report(secuencial, amount, paid_at, &found))
        }
        UnicomerCommand::Reverse {
            payment,
            amount,
            paid_at,
            debt,
        } => {
            let request = ReversalRequest {
                idtrx: parse_id("payment", &payment)?,
                amount: parse_money(&amount)?,
                paid_at: parse_paid_at(&paid_at)?,
                secuencial: debt.as_deref().map(|d| parse_id("debt", d)).transpose()?,
            };
            let report = client.reverse(request).await?;
            Ok(reverse_report(&report))
        }
        UnicomerCommand::Reconcile {
            date,
            journal,
            records,
            ..
        } if journal.is_some() || records.is_some() => {
            let day = crate::collect::DayArgs { date, records };
            // The root this command chose (--base-url or --env).
            let globals = globals.at(client.config().base_url.as_str());
            crate::collect::reconcile_for(
                &globals,
                BillerId::Unicomer,
                crate::journal::JournalArgs::file(journal),
                day,
            )
            .await
        }
        UnicomerCommand::Reconcile { date, state, .. } => {
            let fecha = parse_date("date", &date)?;
            let (filter, name) = match state {
                StateArg::All => (EstadoFiltro::All, "all"),
                StateArg::Synced => (EstadoFiltro::Synchronised, "synced"),
                StateArg::Zombie => (EstadoFiltro::Zombie, "zombie"),
                StateArg::Reversed => (EstadoFiltro::Reversed, "reversed"),
            };
            let records = client.reconciliation(fecha, filter).await?;
            Ok(reconcile_report(fecha, name, &records))
        }
    }
}

fn client_from_env(globals: &Globals, env: Option<EnvArg>) -> Result<Client, CliError> {
    build(globals, env, true)
}

const VARS: [&str; 3] = [
    "RECAUDO_UNICOMER_USERNAME",
    "RECAUDO_UNICOMER_PASSWORD",
    "RECAUDO_UNICOMER_COMMERCE",
];

/// Builds the client from the environment's credentials and the global flags; everything
/// missing is reported at once. `has_env`: the command offers `--env` (the per-biller ones).
fn build(globals: &Globals, env: Option<EnvArg>, has_env: bool) -> Result<Client, CliError> {
    let mut missing = Missing::default();
    let username = missing.var(VARS[0]);
    let password = missing.var(VARS[1]);
    let commerce = missing.var(VARS[2]);
    if globals.base_url.is_none() && env.is_none() {
        missing.note(if has_env {
            "give --base-url URL or `recaudo unicomer --env dev|prd`".to_owned()
        } else {
            format!(
                "give --base-url URL (Unicomer's documented roots: dev {}, prd {})",
                Environment::Dev.base_url(),
                Environment::Prd.base_url()
            )
        });
    }
    missing.check("Unicomer", &VARS)?;
    let credentials = Credentials {
        username,
        password: Secret::new(password),
    };
    let mut config = match (&globals.base_url, env) {
        (Some(url), _) => {
            UnicomerConfig::with_base_url(url, globals.allow_insecure_http, credentials, commerce)?
        }
        (None, Some(EnvArg::Prd)) => UnicomerConfig::new(Environment::Prd, credentials, commerce),
        (None, _) => UnicomerConfig::new(Environment::Dev, credentials, commerce),
    };
    config.timeout = globals.timeout;
    Ok(UnicomerClient::new(config, Traced::new()?, SystemClock)?)
}

pub fn usd(amount: Decimal) -> String {
    format_amount(amount, Currency::Usd)
}

fn fch(value: &NaiveDateTime) -> String {
    value.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn state_of(state: Option<PaymentState>, biller_text: Option<&str>) -> Value {
    match state {
        None => Value::Null,
        Some(s) => state_json(
            s.code(),
            biller_text
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(s.description()),
        ),
    }
}

pub fn customer_json(c: &DatosCliente) -> Value {
    json!({
        "id": c.cl_cedruc.as_deref().map(str::trim),
        "name": c.full_name(),
        "document_type": c.tipo_doc.as_deref().map(str::trim),
        "city": c.ciudadcliente.as_deref().map(str::trim),
        "email": c.cl_email.as_deref().map(str::trim),
    })
}

pub fn debt_row(f: &Factura) -> DebtRow {
    DebtRow {
        debt_id: f.id.to_string(),
        description: f.description(),
        amount_due: f.valor_pagar,
        balance: f.deuda_tot_conpro,
        currency: Currency::Usd,
        due_date: f.prox_fecvto,
        details: json!({
            "invoice": f.factura_full.as_deref().map(str::trim),
            "instalment": f.credito_cuota.map(usd),
            "instalments_overdue": f.cuotas_vencidas,
            "days_overdue": f.dias_mora,
            "overdue_amount": f.monto_vencido.map(usd),
            "in_arrears": f.in_arrears(),
        }),
    }
}

pub fn lookup(statement: &EstadoCuenta) -> Report {
    let c = &statement.datos_cliente;
    let heading = format!(
        "{} ({})",
        c.full_name(),
        c.cl_cedruc.as_deref().unwrap_or("-").trim()
    );
    let debts: Vec<DebtRow> = statement.facturas.iter().map(debt_row).collect();
    lookup_report(customer_json(c), heading, &debts)
}

pub fn pay_report(r: &PaymentReport) -> Report {
    PaymentRow {
        outcome: r.outcome,
        payment_id: json!(r.idtrx),
        debt_id: r.secuencial.to_string(),
        receipt: r.receipt.clone(),
        amount: r.amount,
        currency: Currency::Usd,
        paid_at: fch(&r.paid_at),
        recovered: r.recovered,
        sends: r.sends,
        state: state_of(r.state, None),
        rejection: r.rejection.clone(),
        evidence: r.evidence.clone(),
    }
    .report()
}

fn status_report(
    secuencial: i64,
    amount: Decimal,
    paid_at: NaiveDateTime,
    found: &ConsultarPagoResponse,
) -> Report {
    let json = json!({
        "debt_id": secuencial.to_string(),
        "payment_id": found.payment_id(),
        "amount": usd(amount),
        "paid_at": fch(&paid_at),
        "receipt": found.num_recibo.as_deref().filter(|r| !r.is_empty()),
        "state": state_of(Some(found.cod_status), found.det_status.as_deref()),
        "may_resend": found.cod_status.may_resend(),
        "reversible": found.cod_status.reversible(),
    });
    let text = format!(
        "payment of {} USD on debt {} at {}: {}{}\n",
        usd(amount),
        secuencial,
        fch(&paid_at),
        found.cod_status,
        found
            .payment_id()
            .map_or(String::new(), |id| format!(" (payment id {id})"))
    );
    Report::new(json, text)
}

pub fn reverse_report(r: &ReversalReport) -> Report {
    let json = json!({
        "outcome": r.outcome,
        "payment_id": r.idtrx,
        "receipt": r.receipt,
        "recovered": r.recovered,
        "state": state_of(r.state, None),
        "rejection": r.rejection,
        "evidence": r.evidence,
    });
    let mut text = format!("reversal of payment {}: {}\n", r.idtrx, r.outcome);
    if let Some(rej) = &r.rejection {
        text.push_str(&format!("  rejected: {} {}\n", rej.code, rej.message));
    }
    Report::new(json, text).with_outcome(r.outcome)
}

pub fn reconcile_report(fecha: NaiveDate, state: &str, records: &[RegistroConciliacion]) -> Report {
    let total: Decimal = records.iter().map(|r| r.val_pagado).sum();
    let rows: Vec<Value> = records
        .iter()
        .map(|r| {
            json!({
                "payment_id": r.idtrx,
                "debt_id": r.secuencial.to_string(),
                "receipt": r.num_recibo,
                "amount": usd(r.val_pagado),
                "paid_at": fch(&r.fch_proceso),
                "registered_at": r.fch_registro.as_ref().map(fch),
                "state": state_of(Some(r.estado), r.estado_desc.as_deref()),
            })
        })
        .collect();
    let json = json!({
        "date": fecha.format("%Y-%m-%d").to_string(),
        "state": state,
        "count": records.len(),
        "total": usd(total),
        "currency": "USD",
        "records": rows,
    });
    let mut text = format!(
        "{} payment(s) on {fecha} ({state}), total {} USD\n",
        records.len(),
        usd(total)
    );
    if !records.is_empty() {
        let mut t = crate::output::table(&[
            "payment",
            "debt",
            "amount USD",
            "paid at",
            "receipt",
            "state",
        ]);
        for r in records {
            t.add_row(vec![
                r.idtrx.to_string(),
                r.secuencial.to_string(),
                usd(r.val_pagado),
                fch(&r.fch_proceso),
                r.num_recibo.clone().unwrap_or_else(|| "-".into()),
                r.estado.to_string(),
            ]);
        }
        crate::output::align_right(&mut t, &[0, 2]);
        text.push_str(&crate::output::indented(&t));
    }
    Report::new(json, text)
}
