//! Safe payment for Zoom, on the shared engine in [`crate::recovery`].
//!
//! A `createPagoWs` whose reply is lost, garbled, late, a server error, or a `CODE_003` ("error
//! en la llamada al servicio", which may come after the record was stored) is never sent again
//! blindly: `getInfoPagoWs` is asked for the records with our `referencia` (fixed, with every
//! other field, before the first send), and the answer is judged here:
//!
//! - exactly one record, and it matches everything we sent that it shows (reference, amount,
//!   date, kind, destination and origin account, user, payer, each document and its amount,
//!   the pay button's control number): confirmed, with its `idpago`;
//! - no record at all (`CODE_000` or an empty list): absent;
//! - records that are not exactly ours, or several: needs review, every record in the evidence.
//!   Never absence: Zoom may store the reference differently (leading zeros), and a record we
//!   cannot recognise may be ours;
//! - no usable answer: needs review.
//!
//! **Zoom documents no duplicate guard** (createPagoWs accepts the same `referencia` twice), and
//! a request can land after `getInfoPagoWs` said "none". So by default an absence is **not**
//! resent: the payment is left for review, and `resume`/`review` ask again later (a late landing
//! then becomes confirmed; one that never landed stays for a person, who checks with Zoom).
//! Setting `recovery.resend_when_absent` states that this Zoom refuses a repeated referencia;
//! recovery then resends after two answers of absence.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::clock::Clock;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::money::{Currency, format_amount, validate_amount};
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::recovery::{Attempt, Probe, resolve};
use crate::transport::Transport;

use super::client::ZoomClient;
use super::config::SETTLE_FLOOR;
use super::create_pago::{ButtonDetails, CreatePagoRequest, CreatePagoResponse, DocumentPayment};
use super::info_pago::{InfoPagoRequest, PagoInfo};
use super::kinds::{DocRef, TransactionKind, UserType};

/// Who paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payer {
    /// RIF or cédula (`V-12345678`, `J-01234567-1`).
    pub id: String,
    /// The payer's name (`nombrepagador`; no special characters).
    pub name: String,
    /// The payer's e-mail address (`emailpagador`).
    pub email: String,
}

/// A payment to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequest {
    /// Bank transfer (24) or pay button (25).
    pub kind: TransactionKind,
    /// `idcuentabanco`: Zoom's destination account.
    pub bank_account: i64,
    /// `codbancoori`: the payer's bank (transfers).
    pub origin_bank: Option<i64>,
    /// `referencia`: the transfer number, or the pay-button identification number. The key the
    /// payment is found again by.
    pub reference: String,
    /// Who paid.
    pub payer: Payer,
    /// `fechapago`; `None` is today in Zoom's time zone.
    pub paid_on: Option<NaiveDate>,
    /// `montoTotal`, VES.
    pub amount: Decimal,
    /// The documents paid (none, or one entry per document).
    pub documents: Vec<DocumentPayment>,
    /// What the customer owes, when the caller looked it up: the amount may not exceed it.
    pub balance: Option<Decimal>,
    /// The pay-button fields (kind 25), e.g. [`ButtonDetails::from_result`].
    pub button: ButtonDetails,
}

/// A payment record's status (`idestatuspago`, and its name when known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentStatus {
    /// The status code (`idestatuspago`).
    pub code: i64,
    /// Its name (`PENDIENTE`), when known.
    pub name: Option<String>,
}

impl PaymentStatus {
    /// The one status the document names: 1, pending.
    fn from_code(code: i64) -> Self {
        PaymentStatus {
            code,
            name: (code == 1).then(|| "PENDIENTE".to_owned()),
        }
    }
}

/// How a payment ended. Everything needed to find it again is here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentReport {
    /// How it ended: confirmed, rejected or needing review.
    pub outcome: Outcome,
    /// Zoom's payment id, when known.
    pub idpago: Option<i64>,
    /// The `referencia` sent: the key the payment is found again by.
    pub reference: String,
    /// The amount sent, in VES.
    #[serde(serialize_with = "amount_text")]
    pub amount: Decimal,
    /// The `fechapago` sent.
    #[serde(serialize_with = "date_text")]
    pub paid_on: NaiveDate,
    /// Bank transfer or pay button.
    pub kind: TransactionKind,
    /// The documents paid.
    pub documents: Vec<DocRef>,
    /// The reply was lost or unusable and the outcome was established by asking Zoom.
    pub recovered: bool,
    /// How many times `createPagoWs` was sent (more than one only after proof of absence).
    pub sends: u32,
    /// The payment record's status, when known.
    pub status: Option<PaymentStatus>,
    /// Why the payment was not made, when it was rejected.
    pub rejection: Option<Rejection>,
    /// Every step taken and what each showed.
    pub evidence: Vec<Evidence>,
}

fn amount_text<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_amount(*v, Currency::Ves))
}

fn date_text<S: Serializer>(v: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::calendar::date_iso(*v))
}

/// What `getInfoPagoWs` said about the payment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    idpago: Option<i64>,
    status: Option<PaymentStatus>,
}

impl<T: Transport, C: Clock> ZoomClient<T, C> {
    /// Registers a payment safely (see the module docs). `Err` only when nothing was sent to
    /// `createPagoWs`: input refused, or the session's user could not be established; every
    /// payment that was attempted ends in a [`PaymentReport`].
    pub async fn pay(&self, request: PaymentRequest) -> Result<PaymentReport, Error> {
        self.pay_with(request, Attempt::fresh()).await
    }

    /// [`Self::pay`] for a payment that may have been sent before (`attempt`: the journal's
    /// count, recorded before each send): such a payment is checked with Zoom first.
    pub async fn pay_with(
        &self,
        request: PaymentRequest,
        attempt: Attempt<'_>,
    ) -> Result<PaymentReport, Error> {
        // Check the input before anything leaves, the login included.
        let amount = self.check_payment(&request)?;
        let paid_on = request.paid_on.unwrap_or_else(|| self.today());
        let user = self.session_user().await?;
        let create = draft(
            &request,
            amount,
            paid_on,
            self.config(),
            user.codusuario,
            user.tipousuario,
        )
        .validated(self.config())?;
        let res = resolve(
            self.clock(),
            &self.config().recovery.with_floor(SETTLE_FLOOR),
            &self.config().retry,
            attempt,
            CreatePagoRequest::NAME,
            |r: &CreatePagoResponse| format!("registered as idpago {}", r.idpago),
            || self.send(&create),
            || self.probe(&create),
        )
        .await;
        let (idpago, status) = match (&res.reply, &res.probe) {
            (Some(reply), _) => (
                Some(reply.idpago),
                reply.idestatuspago.map(PaymentStatus::from_code),
            ),
            (None, Some(found)) => (found.idpago, found.status.clone()),
            (None, None) => (None, None),
        };
        Ok(PaymentReport {
            outcome: res.outcome,
            idpago,
            reference: create.referencia,
            amount,
            paid_on,
            kind: request.kind,
            documents: request.documents.iter().map(|d| d.doc.clone()).collect(),
            recovered: res.recovered,
            sends: res.sends,
            status,
            rejection: res.rejection,
            evidence: res.evidence,
        })
    }

    /// Checks a payment's input as `pay` will, without sending anything (the user fields,
    /// not known before the login, are left out), and returns its amount with two decimals.
    /// For callers that read something from Zoom before paying and want bad input refused
    /// first.
    pub fn check_payment(&self, request: &PaymentRequest) -> Result<Decimal, Error> {
        let amount = validate_amount(request.amount, Currency::Ves, request.balance)?;
        let paid_on = request.paid_on.unwrap_or_else(|| self.today());
        // A placeholder stands in for the user, which only the login knows.
        draft(
            request,
            amount,
            paid_on,
            self.config(),
            "0".into(),
            UserType::Ge,
        )
        .validated(self.config())?;
        Ok(amount)
    }

    /// Asks `getInfoPagoWs` (with read retries) for the records with our reference.
    async fn probe(&self, create: &CreatePagoRequest) -> (Probe<Found>, Vec<Evidence>) {
        let request = InfoPagoRequest::by_reference(create.referencia.clone());
        match self.read(&request).await {
            Ok(records) => judge(create, &records),
            Err(e) => (
                Probe::Unknown,
                vec![Evidence::new(InfoPagoRequest::NAME, e.to_string())],
            ),
        }
    }
}

/// The `createPagoWs` request a payment makes.
fn draft(
    request: &PaymentRequest,
    amount: Decimal,
    paid_on: NaiveDate,
    config: &super::config::ZoomConfig,
    codusuario: String,
    tipousuario: UserType,
) -> CreatePagoRequest {
    CreatePagoRequest {
        idempresa: config.idempresa,
        codusuario,
        idtipotransbanc: request.kind,
        idcuentabanco: request.bank_account,
        codbancoori: request.origin_bank,
        referencia: request.reference.clone(),
        rifcipagador: request.payer.id.clone(),
        nombrepagador: request.payer.name.clone(),
        emailpagador: request.payer.email.clone(),
        tipousuario,
        fechapago: paid_on,
        monto_total: amount,
        tipo_doc: Vec::new(),
        nro_doc: Vec::new(),
        monto: Vec::new(),
        sort_doc: Vec::new(),
        button: request.button.clone(),
    }
    .with_documents(&request.documents)
}

/// Judges the records `getInfoPagoWs` returned (see the module docs): absent only when Zoom
/// returned no record at all.
fn judge(create: &CreatePagoRequest, records: &[PagoInfo]) -> (Probe<Found>, Vec<Evidence>) {
    let listed: Vec<String> = records.iter().map(describe).collect();
    let mut evidence = vec![Evidence::new(
        InfoPagoRequest::NAME,
        if records.is_empty() {
            format!("no record with referencia {}", create.referencia)
        } else {
            format!(
                "{} record(s) for referencia {}: {}",
                records.len(),
                create.referencia,
                listed.join("; ")
            )
        },
    )];
    let found = |r: &PagoInfo| Found {
        idpago: Some(r.idpago),
        status: r.idestatuspago.map(|code| PaymentStatus {
            code,
            name: r
                .status_name()
                .map(str::to_owned)
                .or_else(|| PaymentStatus::from_code(code).name),
        }),
    };
    let none = Found {
        idpago: None,
        status: None,
    };
    match records {
        [] => (Probe::Absent(none), evidence),
        [one] => {
            let differences = differences(create, one);
            if differences.is_empty() {
                (Probe::Applied(found(one)), evidence)
            } else {
                evidence.push(Evidence::new(
                    "recovery",
                    format!(
                        "the record is not ours as sent: {}; a person must check it with Zoom",
                        differences.join(", ")
                    ),
                ));
                (Probe::Review(found(one)), evidence)
            }
        }
        _ => {
            evidence.push(Evidence::new(
                "recovery",
                "several records for our reference: a person must decide which is ours",
            ));
            (Probe::Review(none), evidence)
        }
    }
}

fn describe(r: &PagoInfo) -> String {
    format!(
        "idpago {} montototal {} fechapago {} estatus {}",
        r.idpago,
        format_amount(r.montototal, Currency::Ves),
        r.fechapago.map_or("-".into(), |d| d.to_string()),
        r.idestatuspago.map_or("-".into(), |s| s.to_string()),
    )
}

/// How the record differs from what we sent, over every field the record shows: reference,
/// amount and date always; kind, accounts, user, payer, documents and the button's control
/// number when present.
fn differences(create: &CreatePagoRequest, r: &PagoInfo) -> Vec<String> {
    let mut out = Vec::new();
    let mut differ = |field: &str, theirs: String, ours: String| {
        out.push(format!("{field} {theirs} (ours {ours})"));
    };
    if r.referencia.trim() != create.referencia {
        differ(
            "referencia",
            r.referencia.trim().into(),
            create.referencia.clone(),
        );
    }
    if r.montototal != create.monto_total {
        differ(
            "montototal",
            format_amount(r.montototal, Currency::Ves),
            format_amount(create.monto_total, Currency::Ves),
        );
    }
    if r.fechapago != Some(create.fechapago) {
        differ(
            "fechapago",
            r.fechapago.map_or("-".into(), |d| d.to_string()),
            create.fechapago.to_string(),
        );
    }
    let kind = create.idtipotransbanc.code();
    if let Some(theirs) = r.idtipotransbanc.filter(|k| *k != kind) {
        differ("idtipotransbanc", theirs.to_string(), kind.to_string());
    }
    if let Some(theirs) = r.idcuentabanco.filter(|a| *a != create.idcuentabanco) {
        differ(
            "idcuentabanco",
            theirs.to_string(),
            create.idcuentabanco.to_string(),
        );
    }
    if let (Some(theirs), Some(ours)) = (r.codbancoori, create.codbancoori) {
        if theirs != ours {
            differ("codbancoori", theirs.to_string(), ours.to_string());
        }
    }
    if let Some(theirs) = r.codusuario.as_deref().map(str::trim) {
        if theirs != create.codusuario {
            differ("codusuario", theirs.into(), create.codusuario.clone());
        }
    }
    let texts = [
        ("rifcipagador", &r.rifcipagador, &create.rifcipagador),
        ("nombrepagador", &r.nombrepagador, &create.nombrepagador),
        ("emailpagador", &r.emailpagador, &create.emailpagador),
    ];
    for (field, theirs, ours) in texts {
        if let Some(theirs) = theirs.as_deref().map(str::trim) {
            if !theirs.eq_ignore_ascii_case(ours.trim()) {
                differ(field, theirs.into(), ours.clone());
            }
        }
    }
    if let (Some(theirs), Some(ours)) = (
        r.nro_control.as_deref().map(str::trim),
        create.button.nro_control.as_deref().map(str::trim),
    ) {
        if theirs != ours {
            differ("nro_control", theirs.into(), ours.into());
        }
    }
    // Each document paid, when the record lists them: the same documents with the same amounts.
    if !r.listpagodoc.is_empty() && !create.nro_doc.is_empty() {
        let mut theirs: Vec<(String, Option<Decimal>)> = r
            .listpagodoc
            .iter()
            .map(|d| {
                let number = d
                    .codguia
                    .as_deref()
                    .or(d.codfactura.as_deref())
                    .unwrap_or("");
                (number.trim().to_owned(), d.monto)
            })
            .collect();
        let mut ours: Vec<(String, Option<Decimal>)> = create
            .nro_doc
            .iter()
            .zip(&create.monto)
            .map(|(n, m)| (n.trim().to_owned(), Some(*m)))
            .collect();
        theirs.sort();
        ours.sort();
        let same = theirs.len() == ours.len()
            && theirs
                .iter()
                .zip(&ours)
                .all(|(t, o)| t.0 == o.0 && (t.1.is_none() || t.1 == o.1));
        if !same {
            let show = |docs: &[(String, Option<Decimal>)]| {
                docs.iter()
                    .map(|(n, m)| format!("{n}:{}", m.map_or("-".into(), |m| m.to_string())))
                    .collect::<Vec<_>>()
                    .join("+")
            };
            differ("listpagodoc", show(&theirs), show(&ours));
        }
    }
    out
}
