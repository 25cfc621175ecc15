//! `recaudo cooplan lookup|pay|receipt|report|reverse`.
//!
//! A debt is named by one opaque `debt_id`, `IdFactura:Periodo:Contrato:IdAsociado` as `lookup`
//! prints it; `pay --debt` takes it back (the short form `IdFactura:Periodo` needs `--contract`,
//! and the customer id is then looked up). Cooplan has no field for the collector's receipt
//! number: `--receipt` is kept in the outcome document and its evidence only, never sent.

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand, ValueEnum};
use recaudo_core::Secret;
use recaudo_core::cooplan::{
    Cliente, Cobranza, CooplanClient, CooplanConfig, Credentials, DebtRef, Deuda, Environment,
    PaymentReport, PaymentRequest, ReporteCobranzas, ReversalReport, ReversalRequest,
};
use recaudo_core::money::{Currency, format_amount, validate_amount};
use recaudo_core::native::SystemClock;
use recaudo_core::validate;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::Globals;
use crate::args::{Missing, date as parse_date, money as parse_money, positive_id as parse_id};
use crate::output::{CliError, DebtRow, PaymentRow, Report, lookup_report};
use crate::trace::Traced;

pub type Client = CooplanClient<Traced, SystemClock>;

#[derive(Args)]
pub struct CooplanArgs {
    /// A documented environment, used when --base-url is not given. The live URI is plain
    /// http:// and also needs --allow-insecure-http.
    #[arg(long, value_enum, default_value_t = EnvArg::Sandbox)]
    env: EnvArg,
    #[command(subcommand)]
    command: CooplanCommand,
}

#[derive(Clone, Copy, ValueEnum)]
enum EnvArg {
    Sandbox,
    Live,
}

#[derive(Subcommand)]
enum CooplanCommand {
    /// A contract's customer and pending invoices (buscarcliente + consultardeuda).
    Lookup {
        /// The contract (Contrato).
        contrato: String,
    },
    /// Pay an invoice safely: a lost reply is resolved with the pending debts and the day's
    /// collections report, never resent blindly.
    Pay {
        /// The debt to pay: `debt_id` from lookup (IdFactura:Periodo:Contrato:IdAsociado), or
        /// IdFactura:Periodo with --contract.
        #[arg(long)]
        debt: String,
        /// Amount in BOB, e.g. 136.76 (Cooplan expects the invoice's whole amount).
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Your receipt number. Cooplan has no field for it: kept in the outcome document and
        /// its evidence only, never sent.
        #[arg(long)]
        receipt: String,
        /// The contract, when the debt id does not carry it (must match when it does).
        #[arg(long)]
        contract: Option<String>,
        /// IdAsociado, when the debt id does not carry it; otherwise looked up.
        #[arg(long)]
        customer_id: Option<String>,
    },
    /// Print the invoice of a payment made (imprimirfactura).
    Receipt {
        /// IdFactura.
        #[arg(long)]
        invoice: String,
        /// IdCobranza, as pay printed it (payment_id).
        #[arg(long)]
        collection: String,
    },
    /// The collections Cooplan recorded on a date (reportecobranzas).
    Report {
        /// yyyy-mm-dd (Bolivian calendar day).
        #[arg(long)]
        date: String,
    },
    /// Reverse a payment safely (revertirpago).
    Reverse {
        /// IdFactura.
        #[arg(long)]
        invoice: String,
        /// IdCobranza.
        #[arg(long)]
        collection: String,
        /// The contract paid: lets a lost reply be checked against the pending debts.
        #[arg(long)]
        contract: Option<String>,
        /// The period paid (yyyymm).
        #[arg(long)]
        period: Option<String>,
        /// The day it was paid (yyyy-mm-dd), whose report lists it; default today.
        #[arg(long)]
        paid_on: Option<String>,
    },
    /// Your journal (or an export of your records) against Cooplan's records for a day.
    Reconcile {
        #[command(flatten)]
        day: crate::collect::DayArgs,
        #[command(flatten)]
        journal: crate::journal::JournalArgs,
    },
}

pub async fn run(globals: &Globals, args: CooplanArgs) -> Result<Report, CliError> {
    let client = client_from_env(globals, args.env)?;
    match args.command {
        CooplanCommand::Reconcile { day, journal } => {
            // The root this command chose (--base-url, or its own default).
            let globals = globals.at(client.config().base_url.as_str());
            crate::collect::reconcile_for(
                &globals,
                recaudo_core::collection::BillerId::Cooplan,
                journal,
                day,
            )
            .await
        }
        CooplanCommand::Lookup { contrato } => {
            let customers = client.find_customer(&contrato).await?;
            let debts = client.debts(&contrato).await?;
            Ok(lookup(contrato.trim(), customers.first(), &debts))
        }
        CooplanCommand::Pay {
            debt,
            amount,
            receipt,
            contract,
            customer_id,
        } => {
            let debt: DebtRef = debt.parse()?;
            let amount = parse_money(&amount)?;
            validate_amount(amount, Currency::Bob, None)
                .map_err(|e| CliError::from(recaudo_core::Error::from(e)))?;
            validate::code("receipt", receipt.trim(), 40, &['-', '_', '/', '.'])?;
            let contrato = pick("contract", debt.contrato.as_deref(), contract.as_deref())?
                .ok_or_else(|| {
                    CliError::new(
                        "invalid_input",
                        "the debt id carries no contract: give --contract",
                    )
                })?;
            recaudo_core::cooplan::inputs::check_contrato(&contrato)?;
            let given = pick(
                "customer id",
                debt.id_asociado.as_deref(),
                customer_id.as_deref(),
            )?;
            let (id_asociado, balance) = match given {
                Some(id) => (id, None),
                None => look_up_customer_id(&client, &contrato, &debt).await?,
            };
            let request = PaymentRequest {
                id_factura: debt.id_factura,
                periodo: debt.periodo.clone(),
                contrato,
                id_asociado,
                amount,
                balance,
                receipt: Some(receipt.trim().to_owned()),
            };
            let report = client.pay(request).await?;
            Ok(pay_report(&report))
        }
        CooplanCommand::Receipt {
            invoice,
            collection,
        } => {
            let id_factura = parse_id("invoice", &invoice)?;
            let printed = client.print_invoice(id_factura, &collection).await?;
            let json = json!({
                "invoice": id_factura,
                "payment_id": collection.trim(),
                "message": printed.message,
                "values": printed.values,
            });
            let text = format!(
                "invoice {id_factura} of collection {}: {}\n",
                collection.trim(),
                printed.values
            );
            Ok(Report::new(json, text))
        }
        CooplanCommand::Report { date } => {
            let fecha = parse_date("date", &date)?;
            let report = client.collections_report(fecha).await?;
            Ok(report_report(fecha, &report))
        }
        CooplanCommand::Reverse {
            invoice,
            collection,
            contract,
            period,
            paid_on,
        } => {
            let request = ReversalRequest {
                id_factura: parse_id("invoice", &invoice)?,
                id_cobranza: collection,
                contrato: contract,
                periodo: period,
                paid_on: paid_on
                    .as_deref()
                    .map(|d| parse_date("paid-on", d))
                    .transpose()?,
            };
            let report = client.reverse(request).await?;
            Ok(reverse_report(&report))
        }
    }
}

/// Builds the client from the environment's credentials and the global flags.
fn client_from_env(globals: &Globals, env: EnvArg) -> Result<Client, CliError> {
    let mut missing = Missing::default();
    let cod_seguridad = missing.var(VARS[0]);
    let login = missing.var(VARS[1]);
    let pwd = missing.var(VARS[2]);
    missing.check("Cooplan", &VARS)?;
    let credentials = Credentials {
        cod_seguridad: Secret::new(cod_seguridad),
        login,
        pwd: Secret::new(pwd),
    };
    let mut config = match &globals.base_url {
        Some(url) => CooplanConfig::with_base_url(url, globals.allow_insecure_http, credentials)?,
        None => {
            let environment = match env {
                EnvArg::Sandbox => Environment::Sandbox,
                EnvArg::Live => Environment::Live,
            };
            CooplanConfig::new(environment, credentials, globals.allow_insecure_http)?
        }
    };
    config.timeout = globals.timeout;
    Ok(CooplanClient::new(config, Traced::new()?, SystemClock)?)
}

const VARS: [&str; 3] = [
    "RECAUDO_COOPLAN_COD_SEGURIDAD",
    "RECAUDO_COOPLAN_LOGIN",
    "RECAUDO_COOPLAN_PWD",
];

/// `RECAUDO_COOPLAN_CODSEGURIDAD`, read before the variables followed the options' field names
/// (`cod_seguridad`), still read when the rule's name is not set (see [`crate::options`]).
pub const LEGACY_VARS: &[(&str, &str)] = &[(
    "RECAUDO_COOPLAN_COD_SEGURIDAD",
    "RECAUDO_COOPLAN_CODSEGURIDAD",
)];

/// The value from the debt id or from its flag; both given must agree.
fn pick(
    what: &str,
    from_debt: Option<&str>,
    flag: Option<&str>,
) -> Result<Option<String>, CliError> {
    match (from_debt.map(str::trim), flag.map(str::trim)) {
        (Some(a), Some(b)) if a != b => Err(CliError::new(
            "invalid_input",
            format!("the debt id's {what} `{a}` differs from the flag's `{b}`"),
        )),
        (Some(a), _) => Ok(Some(a.to_owned())),
        (None, Some(b)) => Ok(Some(b.to_owned())),
        (None, None) => Ok(None),
    }
}

/// IdAsociado (and the debt's amount) from consultardeuda, for a short debt id.
async fn look_up_customer_id(
    client: &Client,
    contrato: &str,
    debt: &DebtRef,
) -> Result<(String, Option<Decimal>), CliError> {
    let debts = client.debts(contrato).await?;
    let found = debts
        .iter()
        .find(|d| d.is(debt.id_factura, Some(&debt.periodo)))
        .ok_or_else(|| {
            CliError::new(
                "invalid_input",
                format!(
                    "invoice {} period {} is not among contract {contrato}'s pending debts; give --customer-id to pay it anyway",
                    debt.id_factura, debt.periodo
                ),
            )
        })?;
    let id = DebtRef::from_deuda(contrato, found)
        .id_asociado
        .ok_or_else(|| {
            CliError::new(
                "invalid_input",
                "the debt has no customer id (ID): give --customer-id",
            )
        })?;
    Ok((id, Some(found.monto_total)))
}

fn bob(amount: Decimal) -> String {
    format_amount(amount, Currency::Bob)
}

fn fch(value: &NaiveDateTime) -> String {
    value.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn customer_json(contrato: &str, c: Option<&Cliente>) -> Value {
    let Some(c) = c else {
        return json!({"contract": contrato, "name": null});
    };
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    json!({
        "contract": contrato,
        "name": text(&c.nombre),
        "document": text(&c.num_doc),
        "document_type": text(&c.tipo_documento),
        "nit": text(&c.nit),
        "address": text(&c.direccion),
        "location_code": c.cod_ubicacion,
        "state": c.estado,
    })
}

fn debt_row(contrato: &str, d: &Deuda) -> DebtRow {
    let period = recaudo_core::cooplan::dates::periodo_start(&d.periodo)
        .map_or_else(|| d.periodo.clone(), |p| p.format("%Y-%m").to_string());
    DebtRow {
        debt_id: DebtRef::from_deuda(contrato, d).to_string(),
        description: format!("period {period}, invoice {}", d.factura),
        amount_due: d.monto_total,
        balance: d.monto_total,
        currency: Currency::Bob,
        due_date: None,
        details: json!({
            "invoice": d.factura,
            "period": d.periodo,
            "customer_id": d.id,
            "location_code": d.cod_ubicacion,
            "state": d.estado,
        }),
    }
}

pub fn lookup(contrato: &str, customer: Option<&Cliente>, debts: &[Deuda]) -> Report {
    let heading = format!(
        "{} (contract {contrato})",
        customer.map_or("unknown customer", Cliente::name)
    );
    let rows: Vec<DebtRow> = debts.iter().map(|d| debt_row(contrato, d)).collect();
    lookup_report(customer_json(contrato, customer), heading, &rows)
}

pub fn pay_report(r: &PaymentReport) -> Report {
    let debt = DebtRef {
        id_factura: r.id_factura,
        periodo: r.periodo.clone(),
        contrato: Some(r.contrato.clone()),
        id_asociado: Some(r.id_asociado.clone()),
    };
    PaymentRow {
        outcome: r.outcome,
        payment_id: json!(r.id_cobranza),
        debt_id: debt.to_string(),
        receipt: r.receipt.clone().unwrap_or_default(),
        amount: r.amount,
        currency: Currency::Bob,
        paid_at: fch(r.fecha_pago_empresa.as_ref().unwrap_or(&r.sent_at)),
        recovered: r.recovered,
        sends: r.sends,
        state: Value::Null,
        rejection: r.rejection.clone(),
        evidence: r.evidence.clone(),
    }
    .report()
}

fn row_json(r: &Cobranza) -> Value {
    let debt_id = match (r.id_factura, &r.periodo) {
        (Some(f), Some(p)) => Some(
            DebtRef {
                id_factura: f,
                periodo: p.trim().to_owned(),
                contrato: r.contrato.clone(),
                id_asociado: r.id_asociado.clone(),
            }
            .to_string(),
        ),
        _ => None,
    };
    json!({
        "payment_id": r.id_cobranza,
        "debt_id": debt_id,
        "invoice": r.id_factura,
        "period": r.periodo,
        "contract": r.contrato,
        "amount": r.monto.map(bob),
        "paid_at": r.fecha_pago_empresa.as_ref().map(fch),
        "reversed": r.is_reversed(),
    })
}

pub fn report_report(fecha: NaiveDate, report: &ReporteCobranzas) -> Report {
    let date = fecha.format("%Y-%m-%d").to_string();
    match report {
        ReporteCobranzas::Texto(t) => {
            let json = json!({
                "date": date,
                "format": "text",
                "count": null,
                "total": null,
                "currency": "BOB",
                "records": null,
                "text": t,
            });
            Report::new(
                json,
                format!("collections on {date}: the biller answered text, not a list: {t}\n"),
            )
        }
        ReporteCobranzas::Cobranzas(rows) => {
            let total: Decimal = rows
                .iter()
                .filter(|r| !r.is_reversed())
                .filter_map(|r| r.monto)
                .sum();
            let json = json!({
                "date": date,
                "format": "list",
                "count": rows.len(),
                "total": bob(total),
                "currency": "BOB",
                "records": rows.iter().map(row_json).collect::<Vec<_>>(),
                "text": null,
            });
            let mut text = format!(
                "{} collection(s) on {date}, {} BOB in effect\n",
                rows.len(),
                bob(total)
            );
            if !rows.is_empty() {
                let mut t = crate::output::table(&[
                    "collection",
                    "invoice",
                    "period",
                    "amount BOB",
                    "paid at",
                    "state",
                ]);
                for r in rows {
                    t.add_row(vec![
                        r.id_cobranza.clone().unwrap_or_else(|| "-".into()),
                        r.id_factura.map_or("-".into(), |f| f.to_string()),
                        r.periodo.clone().unwrap_or_else(|| "-".into()),
                        r.monto.map_or("-".into(), bob),
                        r.fecha_pago_empresa.as_ref().map_or("-".into(), fch),
                        if r.is_reversed() { "reversed" } else { "paid" }.to_owned(),
                    ]);
                }
                crate::output::align_right(&mut t, &[0, 3]);
                text.push_str(&crate::output::indented(&t));
            }
            Report::new(json, text)
        }
    }
}

pub fn reverse_report(r: &ReversalReport) -> Report {
    let json = json!({
        "outcome": r.outcome,
        "invoice": r.id_factura,
        "payment_id": r.id_cobranza,
        "message": r.message,
        "recovered": r.recovered,
        "sends": r.sends,
        "rejection": r.rejection,
        "evidence": r.evidence,
    });
    let mut text = format!(
        "reversal of collection {} (invoice {}): {}\n",
        r.id_cobranza, r.id_factura, r.outcome
    );
    if let Some(rej) = &r.rejection {
        text.push_str(&format!("  rejected: {} {}\n", rej.code, rej.message));
    }
    for e in &r.evidence {
        text.push_str(&format!("  - {}: {}\n", e.step, e.detail));
    }
    Report::new(json, text).with_outcome(r.outcome)
}
