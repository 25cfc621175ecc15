//! `recaudo zoom lookup|pay|payments|control-number|button-result|button start|complete|abandon`.
//!
//! The pay button (`zoom pay --kind button --control C`, `zoom button ...`) runs on core's
//! journaled pay-button services, the same code the browser and the apps call: the payment is
//! written to the journal before anything is asked, `getXmlWS` decides, and an approved one is
//! registered by the safe payment (a lost reply is recovered by referencia, never resent).
//! `zoom button start` needs the bank's page: `RECAUDO_ZOOM_BUTTON_PAGE`, a URL template with
//! `{control}` and `{return_url}` (Zoom's document does not give it).
//!
//! Credentials from the environment: `RECAUDO_ZOOM_LOGIN` and `RECAUDO_ZOOM_PASSWORD` (the
//! login's `claveenc`), or `RECAUDO_ZOOM_TOKEN` (a token supplied by Zoom, used as is). The
//! user fields payments carry come from the login; `RECAUDO_ZOOM_USER_ID` and
//! `RECAUDO_ZOOM_USER_TYPE` (GE or UCI) override them and are required with a token. Zoom
//! publishes no base URL: `--base-url` is required.

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand, ValueEnum};
use recaudo_core::Secret;
use recaudo_core::collection::{BillerId, Collector};
use recaudo_core::money::{Currency, format_amount};
use recaudo_core::native::SystemClock;
use recaudo_core::zoom::{
    BodyEncoding, ButtonDetails, Credentials, DocRef, DocType, DocumentPayment, InfoPagoRequest,
    MontoDoc, NroControl, PagoInfo, Payer, PaymentReport, PaymentRequest, TransactionKind,
    UserType, XmlPago, ZoomClient, ZoomConfig, ZoomService, ZoomServiceReply,
};
use recaudo_core::{ServiceReply, ServiceRequest};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::Globals;
use crate::args::{Missing, money as parse_money, optional_env_var, positive_id as parse_id};
use crate::output::{CliError, DebtRow, PaymentRow, Report, lookup_report, state_json};
use crate::trace::Traced;

pub type Client = ZoomClient<Traced, SystemClock>;

#[derive(Args)]
pub struct ZoomArgs {
    /// How request bodies are encoded (Zoom's PHP services read both; form is what public
    /// integrations send).
    #[arg(long, value_enum, default_value_t = EncodingArg::Form)]
    encoding: EncodingArg,
    #[command(subcommand)]
    command: ZoomCommand,
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    Form,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DocTypeArg {
    Guide,
    Invoice,
    CreditNote,
}

impl DocTypeArg {
    fn doc_type(self) -> DocType {
        match self {
            DocTypeArg::Guide => DocType::Guide,
            DocTypeArg::Invoice => DocType::Invoice,
            DocTypeArg::CreditNote => DocType::CreditNote,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Transfer,
    Button,
}

impl KindArg {
    fn kind(self) -> TransactionKind {
        match self {
            KindArg::Transfer => TransactionKind::Transfer,
            KindArg::Button => TransactionKind::PayButton,
        }
    }
}

#[derive(Subcommand)]
enum ZoomCommand {
    /// What a guide, invoice or credit note still owes (getMontoDocWs). A document that is
    /// unknown, cancelled or fully paid has no debts.
    Lookup {
        /// What kind of document the number is.
        #[arg(long, value_enum)]
        doc_type: DocTypeArg,
        /// The document number (a guide's 1000120587, an invoice's 01E046-0001234567).
        number: String,
    },
    /// Register a payment safely (createPagoWs): a lost reply is resolved with getInfoPagoWs
    /// by reference, never resent blindly.
    Pay {
        /// The payment: document, amount, reference, payer, account, date.
        #[command(flatten)]
        payment: PaymentArgs,
        /// The payer's bank code (codbancoori), for transfers.
        #[arg(long, allow_hyphen_values = true)]
        origin_bank: Option<String>,
        /// A bank transfer, or a pay-button payment (with --control).
        #[arg(long, value_enum, default_value_t = KindArg::Transfer)]
        kind: KindArg,
        /// The pay button's control number (with --kind button): its approved result at
        /// getXmlWS fills the payment's pay-button fields.
        #[arg(long)]
        control: Option<String>,
        /// The journal a pay-button payment is written to (transfers are not journaled here:
        /// `recaudo pay --biller zoom` journals them).
        #[command(flatten)]
        journal: crate::journal::JournalArgs,
    },
    /// The pay button as a journaled payment: start (a control number and the bank's page),
    /// complete (the bank's result, then Zoom's record), abandon.
    Button {
        #[command(subcommand)]
        command: ButtonCommand,
    },
    /// Payment records (getInfoPagoWs); every filter is optional and the list ones repeat.
    Payments {
        /// idpago
        #[arg(long = "id", allow_hyphen_values = true)]
        ids: Vec<String>,
        /// idestatuspago (1 pending)
        #[arg(long = "status", allow_hyphen_values = true)]
        statuses: Vec<String>,
        /// idempresa (1 Zoom)
        #[arg(long = "company", allow_hyphen_values = true)]
        companies: Vec<String>,
        /// idtipotransbanc: transfer or button (repeatable).
        #[arg(long = "kind", value_enum)]
        kinds: Vec<KindArg>,
        /// idcuentabanco
        #[arg(long = "bank-account", allow_hyphen_values = true)]
        bank_accounts: Vec<String>,
        /// referencia
        #[arg(long = "reference")]
        references: Vec<String>,
        /// codusuario
        #[arg(long = "user")]
        users: Vec<String>,
        /// fechapagoDesde, yyyy-mm-dd
        #[arg(long)]
        from: Option<String>,
        /// fechapagoHasta, yyyy-mm-dd
        #[arg(long)]
        to: Option<String>,
        /// fechacarga (the record's creation date), yyyy-mm-dd
        #[arg(long)]
        loaded_on: Option<String>,
        /// montoTotal
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
        /// codoficina
        #[arg(long, allow_hyphen_values = true)]
        office: Option<String>,
        /// codcliente
        #[arg(long, allow_hyphen_values = true)]
        client: Option<String>,
        /// guia (a guide number)
        #[arg(long, allow_hyphen_values = true)]
        guide: Option<String>,
        /// factura (an invoice number)
        #[arg(long)]
        invoice: Option<String>,
        /// fechasync: records created at or after "yyyy-mm-dd hh:mm"
        #[arg(long)]
        sync_from: Option<String>,
        /// todosEnviosEntregados: only payments whose guides were all delivered (true) or not
        #[arg(long)]
        delivered: Option<bool>,
    },
    /// A pay-button control number for an amount (getNroControlWS).
    ControlNumber {
        /// The amount in VES, e.g. 1024.00.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
    },
    /// A pay-button payment's result by control number (getXmlWS).
    ButtonResult {
        /// The control number getNroControlWS gave.
        #[arg(long)]
        control: String,
    },
    /// Your journal (or an export of your records) against Zoom's records for a day.
    Reconcile {
        #[command(flatten)]
        day: crate::collect::DayArgs,
        #[command(flatten)]
        journal: crate::journal::JournalArgs,
    },
}

#[derive(Subcommand)]
enum ButtonCommand {
    /// Opens a pay-button payment: checked, a control number (getNroControlWS), journaled in
    /// flight, and the bank's page to send the customer to (RECAUDO_ZOOM_BUTTON_PAGE).
    Start {
        #[command(flatten)]
        payment: PaymentArgs,
        /// Where the bank's page sends the customer back.
        #[arg(long)]
        return_url: String,
        #[command(flatten)]
        journal: crate::journal::JournalArgs,
    },
    /// Reads the bank's result (getXmlWS): approved is registered at Zoom (createPagoWs 25),
    /// declined closed, pending left in flight (exit 4; ask again).
    Complete {
        /// The payment's receipt, as given to `start`.
        #[arg(long)]
        receipt: String,
        #[command(flatten)]
        journal: crate::journal::JournalArgs,
    },
    /// The customer left: closed as abandoned unless the bank approved (then registered).
    Abandon {
        /// The payment's receipt, as given to `start`.
        #[arg(long)]
        receipt: String,
        #[command(flatten)]
        journal: crate::journal::JournalArgs,
    },
}

/// A payment's fields, as `zoom pay` and `zoom button start` name them.
#[derive(Args)]
struct PaymentArgs {
    /// The document to pay: a lookup's `debt_id` (guide:1000120587).
    #[arg(long)]
    debt: String,
    /// Amount in VES, e.g. 1500.00.
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// The payment's reference (referencia, the key it is found again by): the transfer
    /// number, or a pay-button payment's receipt (its identity in the journal).
    #[arg(long)]
    receipt: String,
    /// The payer's RIF or cédula (V-12345678, J-01234567-1).
    #[arg(long, allow_hyphen_values = true)]
    payer_id: String,
    /// The payer's name, without special characters.
    #[arg(long)]
    payer_name: String,
    /// The payer's e-mail.
    #[arg(long)]
    payer_email: String,
    /// Zoom's destination bank account code (idcuentabanco).
    #[arg(long, allow_hyphen_values = true)]
    bank_account: String,
    /// The payment's date, yyyy-mm-dd; default today in Venezuela.
    #[arg(long)]
    paid_on: Option<String>,
}

pub async fn run(globals: &Globals, args: ZoomArgs) -> Result<Report, CliError> {
    let client = client_from_env(globals, args.encoding)?;
    match args.command {
        ZoomCommand::Reconcile { day, journal } => {
            crate::collect::reconcile_for(globals, BillerId::Zoom, journal, day).await
        }
        ZoomCommand::Lookup { doc_type, number } => {
            let doc = DocRef::new(doc_type.doc_type(), number)?;
            let docs = client.document_amounts(&doc).await?;
            Ok(lookup(&doc, &docs))
        }
        ZoomCommand::Pay {
            payment:
                PaymentArgs {
                    debt,
                    amount,
                    receipt,
                    payer_id,
                    payer_name,
                    payer_email,
                    bank_account,
                    paid_on,
                },
            origin_bank,
            kind,
            control,
            journal,
        } => {
            let doc: DocRef = debt.parse()?;
            let amount = parse_money(&amount)?;
            let paid_on = paid_on
                .as_deref()
                .map(|d| crate::args::date("date", d))
                .transpose()?;
            let mut request = PaymentRequest {
                kind: kind.kind(),
                bank_account: parse_id("bank-account", &bank_account)?,
                origin_bank: origin_bank
                    .as_deref()
                    .map(|b| parse_id("origin-bank", b))
                    .transpose()?,
                reference: receipt,
                payer: Payer {
                    id: payer_id,
                    name: payer_name,
                    email: payer_email,
                },
                paid_on,
                amount,
                documents: vec![DocumentPayment {
                    doc: doc.clone(),
                    amount,
                    // Replaced by the document's own date once it is looked up.
                    sort_date: paid_on.unwrap_or_else(|| client.today()),
                }],
                balance: None,
                button: ButtonDetails::default(),
            };
            let control = match (kind, control) {
                (KindArg::Button, Some(c)) => Some(c),
                (KindArg::Button, None) => {
                    return Err(CliError::new(
                        "invalid_input",
                        "--kind button needs --control (the pay button's control number)",
                    ));
                }
                (KindArg::Transfer, Some(_)) => {
                    return Err(CliError::new(
                        "invalid_input",
                        "--control applies only to --kind button",
                    ));
                }
                (KindArg::Transfer, None) => None,
            };
            // Refuse bad input before asking Zoom anything.
            client.check_payment(&request)?;
            // A token without the user fields fails here, before anything is read.
            client.session_user().await?;
            let owed = client.document_amounts(&doc).await?;
            let found = owed.iter().find(|d| d.doc_ref().as_ref() == Some(&doc));
            let Some(found) = found else {
                return Err(CliError::new(
                    "not_payable",
                    format!(
                        "Zoom has no payable document {doc} (unknown, cancelled or fully paid)"
                    ),
                ));
            };
            request.balance = Some(found.montopagar);
            if let Some(fecha) = found.fecha {
                request.documents[0].sort_date = fecha;
            }
            if let Some(control) = control {
                // The same journaled path as the pay-button services: begin, then complete.
                let unified = unified_button_request(&request, &doc, &control, paid_on);
                let service = button_service(globals, client, &journal)?;
                begin_once(&service, &unified).await?;
                return complete_report(&service, &unified.receipt, false).await;
            }
            let report = client.pay(request).await?;
            Ok(pay_report(&report))
        }
        ZoomCommand::Payments {
            ids,
            statuses,
            companies,
            kinds,
            bank_accounts,
            references,
            users,
            from,
            to,
            loaded_on,
            amount,
            office,
            client: codcliente,
            guide,
            invoice,
            sync_from,
            delivered,
        } => {
            let ids_of = |field: &str, list: &[String]| -> Result<Vec<i64>, CliError> {
                list.iter().map(|v| parse_id(field, v)).collect()
            };
            let opt_id = |field: &str, v: &Option<String>| -> Result<Option<i64>, CliError> {
                v.as_deref().map(|v| parse_id(field, v)).transpose()
            };
            let filter = InfoPagoRequest {
                idpago: ids_of("id", &ids)?,
                idestatuspago: ids_of("status", &statuses)?,
                idempresa: ids_of("company", &companies)?,
                idtipotransbanc: kinds.iter().map(|k| k.kind()).collect(),
                idcuentabanco: ids_of("bank-account", &bank_accounts)?,
                referencia: references,
                codusuario: users,
                fechapago_desde: from
                    .as_deref()
                    .map(|d| crate::args::date("date", d))
                    .transpose()?,
                fechapago_hasta: to
                    .as_deref()
                    .map(|d| crate::args::date("date", d))
                    .transpose()?,
                fechacarga: loaded_on
                    .as_deref()
                    .map(|d| crate::args::date("date", d))
                    .transpose()?,
                monto_total: amount.as_deref().map(parse_money).transpose()?,
                codoficina: opt_id("office", &office)?,
                codcliente: opt_id("client", &codcliente)?,
                guia: opt_id("guide", &guide)?,
                factura: invoice,
                fechasync: sync_from.as_deref().map(parse_sync).transpose()?,
                todos_envios_entregados: delivered,
            };
            let records = client.payments(&filter).await?;
            Ok(payments_report(&records))
        }
        ZoomCommand::ControlNumber { amount } => {
            let amount = parse_money(&amount)?;
            let control = client.control_number(amount).await?;
            Ok(control_report(&control))
        }
        ZoomCommand::ButtonResult { control } => {
            let result = client.button_result(&control).await?;
            Ok(button_report(&result))
        }
        ZoomCommand::Button { command } => button(globals, client, command).await,
    }
}

type ButtonService = recaudo_core::collection::CollectionService<
    crate::trace::Traced,
    SystemClock,
    crate::journal::Journal,
>;

/// The collection service the pay-button commands run through: this module's client and the
/// journal the arguments name (by default the one `recaudo pay --biller zoom` uses).
fn button_service(
    globals: &Globals,
    client: Client,
    journal: &crate::journal::JournalArgs,
) -> Result<ButtonService, CliError> {
    let c = client.config();
    let who = match (&c.credentials, &c.user.codusuario) {
        (_, Some(user)) => user.clone(),
        (Credentials::Login { login, .. }, None) => login.clone(),
        (Credentials::Token(_), None) => "token".to_owned(),
    };
    let name = crate::journal::default_name(BillerId::Zoom, &who, c.base_url.as_str());
    let journal = match journal.resolve(|| name)? {
        Some(path) => crate::journal::Journal::open(globals, &path)?,
        None => crate::journal::Journal::memory(),
    };
    Ok(recaudo_core::collection::CollectionService::new(
        Collector::Zoom(client),
        journal,
    ))
}

/// The unified pay-button request for a Zoom payment already checked by `zoom pay`.
fn unified_button_request(
    request: &PaymentRequest,
    doc: &DocRef,
    control: &str,
    paid_on: Option<NaiveDate>,
) -> recaudo_core::collection::PaymentRequest {
    let mut unified = recaudo_core::collection::PaymentRequest::new(
        doc.to_string(),
        request.amount,
        request.reference.trim(),
        "recaudo-cli",
        "zoom pay",
    );
    unified.payer = Some(recaudo_core::collection::Payer::new(
        request.payer.id.clone(),
        request.payer.name.clone(),
        request.payer.email.clone(),
    ));
    unified.paid_at = paid_on.and_then(|d| d.and_hms_opt(0, 0, 0));
    unified.balance = request.balance;
    unified.extra = [
        ("kind", "button".to_owned()),
        ("control", control.trim().to_owned()),
        ("bank_account", request.bank_account.to_string()),
        (
            "document_date",
            request.documents[0]
                .sort_date
                .format("%Y-%m-%d")
                .to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    if let Some(bank) = request.origin_bank {
        unified.extra.insert("origin_bank".into(), bank.to_string());
    }
    unified
}

/// Journals a pay-button payment given its control number, unless this receipt already names
/// this very payment (a second run of the same command completes it, nothing more).
async fn begin_once(
    service: &ButtonService,
    request: &recaudo_core::collection::PaymentRequest,
) -> Result<(), CliError> {
    use recaudo_core::services::Payments;
    if let Some(entry) = Payments::entry(service, &request.receipt).await? {
        let same = entry.request.debt_id == request.debt_id
            && entry.request.amount == request.amount
            && entry.request.extra.get("kind") == request.extra.get("kind")
            && entry.request.extra.get("control") == request.extra.get("control");
        if same {
            return Ok(());
        }
    }
    Ok(Payments::begin(service, request).await?)
}

/// `zoom button start|complete|abandon`.
async fn button(
    globals: &Globals,
    client: Client,
    command: ButtonCommand,
) -> Result<Report, CliError> {
    match command {
        ButtonCommand::Start {
            payment,
            return_url,
            journal,
        } => {
            let amount = parse_money(&payment.amount)?;
            let mut request = recaudo_core::collection::PaymentRequest::new(
                payment.debt,
                amount,
                payment.receipt,
                "recaudo-cli",
                "zoom button",
            );
            request.payer = Some(recaudo_core::collection::Payer::new(
                payment.payer_id,
                payment.payer_name,
                payment.payer_email,
            ));
            request.paid_at = payment
                .paid_on
                .as_deref()
                .map(|d| crate::args::date("date", d))
                .transpose()?
                .and_then(|d| d.and_hms_opt(0, 0, 0));
            request.extra.insert(
                "bank_account".into(),
                parse_id("bank-account", &payment.bank_account)?.to_string(),
            );
            let service = button_service(globals, client, &journal)?;
            let reply = serve(
                &service,
                ZoomService::ButtonStart {
                    payment: request,
                    return_url,
                },
            )
            .await?;
            let ZoomServiceReply::ButtonStart { checkout } = reply else {
                return Err(unexpected(&reply));
            };
            let json = json!({
                "receipt": checkout.receipt,
                "control": checkout.control,
                "invoice": checkout.invoice,
                "amount": ves(checkout.amount.amount),
                "currency": "VES",
                "page_url": checkout.page_url,
                "journal": service.journal().path().map(|p| p.display().to_string()),
            });
            let text = format!(
                "pay button {} for {} VES (receipt {}): send the customer to\n  {}\n",
                checkout.control,
                ves(checkout.amount.amount),
                checkout.receipt,
                checkout.page_url
            );
            Ok(Report::new(json, text))
        }
        ButtonCommand::Complete { receipt, journal } => {
            let service = button_service(globals, client, &journal)?;
            complete_report(&service, &receipt, false).await
        }
        ButtonCommand::Abandon { receipt, journal } => {
            let service = button_service(globals, client, &journal)?;
            complete_report(&service, &receipt, true).await
        }
    }
}

async fn serve(
    service: &ButtonService,
    request: ZoomService,
) -> Result<ZoomServiceReply, CliError> {
    match service.serve(ServiceRequest::Zoom(request)).await? {
        ServiceReply::Zoom(reply) => Ok(reply),
        other => Err(CliError::new(
            "internal",
            format!("a reply from another biller: {other:?}"),
        )),
    }
}

fn unexpected(reply: &ZoomServiceReply) -> CliError {
    CliError::new("internal", format!("unexpected reply {reply:?}"))
}

/// Completes (or abandons) a pay-button payment and reports it: a settled one as any payment
/// (exit 0 confirmed, 3 rejected, 4 needs review) with its button state; a pending one exits
/// 4 (still open: ask again).
async fn complete_report(
    service: &ButtonService,
    receipt: &str,
    abandon: bool,
) -> Result<Report, CliError> {
    let request = if abandon {
        ZoomService::ButtonAbandon {
            receipt: receipt.to_owned(),
        }
    } else {
        ZoomService::ButtonComplete {
            receipt: receipt.to_owned(),
        }
    };
    let outcome = match serve(service, request).await? {
        ZoomServiceReply::ButtonComplete { outcome }
        | ZoomServiceReply::ButtonAbandon { outcome } => outcome,
        other => return Err(unexpected(&other)),
    };
    let state = serde_json::to_value(outcome.state).unwrap_or(Value::Null);
    let journal = service
        .journal()
        .path()
        .map_or(Value::Null, |p| json!(p.display().to_string()));
    let mut report = match &outcome.result {
        Some(result) => {
            let mut report = crate::collect::payment_report(result);
            report.text = format!(
                "pay button {}: {}\n{}",
                state.as_str().unwrap_or("-"),
                outcome.detail,
                report.text
            );
            report
        }
        None => {
            let mut report = Report::new(
                json!({"receipt": outcome.receipt}),
                format!(
                    "pay button {}: still pending at the bank ({}); ask again with `recaudo \
                     zoom button complete --receipt {}`\n",
                    outcome.receipt, outcome.detail, outcome.receipt
                ),
            );
            report.exit = crate::codes::NEEDS_REVIEW;
            report
        }
    };
    report.json["button_state"] = state;
    report.json["detail"] = json!(outcome.detail);
    report.json["journal"] = journal;
    Ok(report)
}

/// The client for `recaudo probe`, and for the unified commands when the environment gives a
/// token or user fields (see [`collector_beyond_options`]): `--base-url` and the environment's
/// credentials.
pub fn client(globals: &Globals) -> Result<Client, CliError> {
    client_from_env(globals, EncodingArg::Form)
}

fn client_from_env(globals: &Globals, encoding: EncodingArg) -> Result<Client, CliError> {
    let var = optional_env_var;
    let mut missing = Missing::default();
    let credentials = match (
        var("RECAUDO_ZOOM_TOKEN"),
        var("RECAUDO_ZOOM_LOGIN"),
        var("RECAUDO_ZOOM_PASSWORD"),
    ) {
        (Some(token), _, _) => Some(Credentials::Token(Secret::new(token))),
        (None, Some(login), Some(password)) => Some(Credentials::Login {
            login,
            password: Secret::new(password),
        }),
        (None, login, password) => {
            if login.is_none() {
                missing.note_var("RECAUDO_ZOOM_LOGIN");
            }
            if password.is_none() {
                missing.note_var("RECAUDO_ZOOM_PASSWORD");
            }
            missing.note(
                "or set RECAUDO_ZOOM_TOKEN (with RECAUDO_ZOOM_USER_ID and RECAUDO_ZOOM_USER_TYPE) \
                 instead",
            );
            None
        }
    };
    if globals.base_url.is_none() {
        missing.note("give --base-url URL: Zoom publishes no base URL");
    }
    missing.check("Zoom", &VARS)?;
    let (Some(credentials), Some(base_url)) = (credentials, &globals.base_url) else {
        return Err(CliError::new(
            "internal",
            "Zoom's configuration was not checked",
        ));
    };
    let mut config = ZoomConfig::new(base_url, globals.allow_insecure_http, credentials)?;
    config.timeout = globals.timeout;
    config.encoding = match encoding {
        EncodingArg::Form => BodyEncoding::Form,
        EncodingArg::Json => BodyEncoding::Json,
    };
    config.button.page = var("RECAUDO_ZOOM_BUTTON_PAGE");
    config.user.codusuario = var("RECAUDO_ZOOM_USER_ID");
    config.user.tipousuario = var("RECAUDO_ZOOM_USER_TYPE")
        .map(|t| t.parse::<UserType>())
        .transpose()
        .map_err(|e| {
            CliError::new("config", format!("RECAUDO_ZOOM_USER_TYPE: {e}"))
                .with_hint("set RECAUDO_ZOOM_USER_TYPE to GE or UCI")
        })?;
    Ok(ZoomClient::new(config, Traced::new()?, SystemClock)?)
}

const VARS: [&str; 2] = ["RECAUDO_ZOOM_LOGIN", "RECAUDO_ZOOM_PASSWORD"];

/// What the environment can give Zoom beyond its options (`ZoomOptions` holds a login and a
/// password only): a token, and the user fields payments carry.
const BEYOND_OPTIONS: [&str; 3] = [
    "RECAUDO_ZOOM_TOKEN",
    "RECAUDO_ZOOM_USER_ID",
    "RECAUDO_ZOOM_USER_TYPE",
];

/// The unified commands' collector for Zoom when the environment sets any of
/// [`BEYOND_OPTIONS`], built by this module as `recaudo zoom` builds it, with the default
/// journal named by the user id when one is given (else the login, else `token`); `None` for
/// any other biller, or for Zoom with a login and password only (the options serve).
pub fn collector_beyond_options(
    globals: &Globals,
    biller: BillerId,
) -> Result<Option<(crate::collect::NativeCollector, String)>, CliError> {
    if biller != BillerId::Zoom || BEYOND_OPTIONS.iter().all(|v| optional_env_var(v).is_none()) {
        return Ok(None);
    }
    let client = client(globals)?;
    let c = client.config();
    let who = match (&c.credentials, &c.user.codusuario) {
        (_, Some(user)) => user.clone(),
        (Credentials::Login { login, .. }, None) => login.clone(),
        (Credentials::Token(_), None) => "token".to_owned(),
    };
    let name = crate::journal::default_name(biller, &who, c.base_url.as_str());
    Ok(Some((Collector::Zoom(client), name)))
}

fn parse_sync(text: &str) -> Result<NaiveDateTime, CliError> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M").map_err(|_| {
        CliError::new(
            "invalid_input",
            format!("invalid sync-from `{text}`: expected \"yyyy-mm-dd hh:mm\""),
        )
    })
}

pub fn ves(amount: Decimal) -> String {
    format_amount(amount, Currency::Ves)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn debt_row(d: &MontoDoc) -> DebtRow {
    let doc = d.doc_ref();
    let debt_id = doc.as_ref().map_or_else(
        || format!("{}:{}", d.tipo_doc, d.nro_doc),
        ToString::to_string,
    );
    let kind = d.doc_type().map_or("Documento", DocType::description);
    DebtRow {
        debt_id,
        description: format!(
            "{kind} {}{}",
            d.nro_doc.trim(),
            d.fecha
                .map_or(String::new(), |f| format!(" del {}", day(f)))
        ),
        amount_due: d.montopagar,
        balance: d.montopagar,
        currency: Currency::Ves,
        // Zoom gives the creation date, not a due date.
        due_date: None,
        details: json!({
            "doc_type": d.doc_type().map(DocType::name),
            "number": d.nro_doc.trim(),
            "date": d.fecha.map(day),
            "total": ves(d.montodoc),
            "paid": d.totalpagado.map(ves),
            "taxable_base": d.base_imp.map(ves),
            "vat": d.totaliva.map(ves),
            "suggested_withholdings": {
                "iva": d.vs_ret_iva.map(ves),
                "islr_2": d.vs_ret_islr_2.map(ves),
                "islr_3": d.vs_ret_islr_3.map(ves),
                "islr_5": d.vs_ret_islr_5.map(ves),
                "municipal": d.vs_ret_im.map(ves),
                "stamps": d.vs_ret_tf.map(ves),
                "social": d.vs_ret_rs.map(ves),
            },
        }),
    }
}

pub fn lookup(doc: &DocRef, docs: &[MontoDoc]) -> Report {
    let customer = json!({
        "document": doc.to_string(),
        "doc_type": doc.doc_type.name(),
        "number": doc.number,
    });
    let heading = if docs.is_empty() {
        format!(
            "{} {}: nothing payable (unknown, cancelled or fully paid)",
            doc.doc_type.description(),
            doc.number
        )
    } else {
        format!("{} {}", doc.doc_type.description(), doc.number)
    };
    let debts: Vec<DebtRow> = docs.iter().map(debt_row).collect();
    lookup_report(customer, heading, &debts)
}

fn status_of(code: i64, name: Option<&str>) -> Value {
    state_json(
        code,
        name.unwrap_or(if code == 1 { "PENDIENTE" } else { "" }),
    )
}

pub fn pay_report(r: &PaymentReport) -> Report {
    PaymentRow {
        outcome: r.outcome,
        payment_id: json!(r.idpago),
        debt_id: r
            .documents
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(","),
        receipt: r.reference.clone(),
        amount: r.amount,
        currency: Currency::Ves,
        // Zoom records a payment date, not a time.
        paid_at: day(r.paid_on),
        recovered: r.recovered,
        sends: r.sends,
        state: r
            .status
            .as_ref()
            .map_or(Value::Null, |s| status_of(s.code, s.name.as_deref())),
        rejection: r.rejection.clone(),
        evidence: r.evidence.clone(),
    }
    .report()
}

fn payment_json(p: &PagoInfo) -> Value {
    let documents: Vec<Value> = p
        .listpagodoc
        .iter()
        .map(|d| {
            json!({
                "debt_id": d.document().map(|(t, n)| format!("{t}:{n}")),
                "amount": d.monto.map(ves),
            })
        })
        .collect();
    json!({
        "payment_id": p.idpago,
        "reference": p.referencia,
        "amount": ves(p.montototal),
        "currency": "VES",
        "paid_on": p.fechapago.map(day),
        "kind": p.kind().map_or_else(
            || p.idtipotransbanc.map(|k| k.to_string()),
            |k| Some(k.name().to_owned()),
        ),
        "status": p.idestatuspago.map(|s| status_of(s, p.status_name())),
        "bank_account": p.idcuentabanco,
        "origin_bank": p.codbancoori,
        "payer": {
            "id": p.rifcipagador,
            "name": p.nombrepagador,
            "email": p.emailpagador,
        },
        "user": p.codusuario,
        "loaded_at": p.fechahoracarga.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
        "control_number": p.nro_control,
        "documents": documents,
    })
}

pub fn payments_report(records: &[PagoInfo]) -> Report {
    let total: Decimal = records.iter().map(|r| r.montototal).sum();
    let json = json!({
        "count": records.len(),
        "total": ves(total),
        "currency": "VES",
        "payments": records.iter().map(payment_json).collect::<Vec<_>>(),
    });
    let mut text = format!("{} payment(s), total {} VES\n", records.len(), ves(total));
    if !records.is_empty() {
        let mut t =
            crate::output::table(&["payment", "reference", "amount VES", "paid on", "status"]);
        for r in records {
            t.add_row(vec![
                r.idpago.to_string(),
                r.referencia.clone(),
                ves(r.montototal),
                r.fechapago.map_or("-".into(), day),
                r.status_name()
                    .map(str::to_owned)
                    .or_else(|| r.idestatuspago.map(|s| s.to_string()))
                    .unwrap_or_else(|| "-".into()),
            ]);
        }
        crate::output::align_right(&mut t, &[0, 2]);
        text.push_str(&crate::output::indented(&t));
    }
    Report::new(json, text)
}

pub fn control_report(c: &NroControl) -> Report {
    let json = json!({
        "control": c.control,
        "invoice": c.factura,
        "amount": c.monto.map(ves),
        "currency": "VES",
    });
    let text = format!(
        "control number {} (invoice {}) for {} VES\n",
        c.control,
        c.factura.as_deref().unwrap_or("-"),
        c.monto.map_or("-".into(), ves)
    );
    Report::new(json, text)
}

pub fn button_report(x: &XmlPago) -> Report {
    let json = json!({
        "control": x.control,
        "success": x.success,
        "approved": x.approved(),
        "state": x.estado,
        "code": x.codigo,
        "description": x.descripcion,
        "amount": x.monto.map(ves),
        "amount_raw": x.monto_raw,
        "currency": "VES",
        "invoice": x.factura,
        "affiliation": x.cod_afiliacion,
        "card": x.tarjeta,
        "terminal": x.terminal,
        "lot": x.lote,
        "approval": x.authid,
        "reference": x.referencia,
        "voucher": x.voucher,
    });
    let reason = [x.codigo.as_deref(), x.descripcion.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let text = format!(
        "pay button {}: {} ({}) {} VES\n",
        x.control.as_deref().unwrap_or("-"),
        if x.approved() {
            "approved"
        } else {
            "not approved"
        },
        if reason.is_empty() { "-" } else { &reason },
        x.monto.map_or("-".into(), ves)
    );
    Report::new(json, text)
}
