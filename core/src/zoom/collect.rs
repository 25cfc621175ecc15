//! Zoom in the unified terms. A "customer" is looked up by document (`guide:1000120587`,
//! `invoice:...`, `credit-note:...`, or a bare number for a guide) and its `debt_id` is that
//! [`DocRef`]. Paying needs the payer (`PaymentRequest::payer`) and Zoom's destination account
//! in `extra["bank_account"]` (optionally `extra["origin_bank"]`, and `extra["document_date"]`,
//! the `document_date` lookup reports, for `sortDoc`); the collector's `receipt` is
//! sent as `referencia`, the key the payment is found again by. There is no documented
//! reversal. Status and settlements are `getInfoPagoWs` by referencia and by payment date.

use crate::biller::{Biller, BillerClient};
use crate::collection::BillerId;
use crate::collection::{Capabilities, Connection, RecoveryProof, Step};
use crate::secret::Secret;
use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::calendar;
use crate::error::Error;
use crate::money::{Currency, Money};
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::recovery::Attempt;
use crate::transport::Transport;
use crate::zoom::{
    self as biller, ButtonDetails, DocRef, DocType, DocumentPayment, InfoPagoRequest, PagoInfo,
    TransactionKind, ZoomClient,
};

use crate::collection::StatusReport;
use crate::collection::types::{
    Customer, Debt, PaymentRef, PaymentRequest, PaymentResult, PaymentState, Settlement, StateKind,
    Statement,
};

fn ves(amount: rust_decimal::Decimal) -> Money {
    let mut a = amount;
    a.rescale(2);
    Money::new(a, Currency::Ves)
}

/// `guide:N`, `invoice:N`, `credit-note:N`, or a bare guide number.
fn doc_ref(text: &str) -> Result<DocRef, Error> {
    if text.contains(':') {
        DocRef::from_str(text)
    } else {
        DocRef::new(DocType::Guide, text.trim())
    }
}

fn state_of(p: &PagoInfo) -> PaymentState {
    let code = p.idestatuspago.unwrap_or_default();
    PaymentState {
        // 1 (PENDIENTE) is the one status the document names: recorded, awaiting Zoom's
        // conciliation. Anything else is not described, so a person decides.
        kind: if code == 1 {
            StateKind::Registered
        } else {
            StateKind::Unknown
        },
        code: code.to_string(),
        description: p
            .listestatuspago
            .as_ref()
            .and_then(|s| s.nombre.clone())
            .unwrap_or_else(|| {
                if code == 1 {
                    "PENDIENTE".into()
                } else {
                    "desconocido".into()
                }
            }),
    }
}

fn number(extra: &BTreeMap<String, String>, key: &str) -> Result<Option<i64>, Error> {
    extra
        .get(key)
        .map(|v| {
            v.trim()
                .parse::<i64>()
                .map_err(|_| Error::invalid("extra", format!("{key} must be an integer")))
        })
        .transpose()
}

/// The value of `extra["kind"]` that makes a unified payment a pay-button one.
pub const BUTTON_KIND: &str = "button";

/// The code of the error a pay-button payment answers while the bank has not settled it
/// (`getXmlWS` neither approved nor declined): it stays in flight, and a later complete,
/// abandon or `resume` asks again.
pub const BUTTON_PENDING: &str = "button_pending";

/// Whether a unified payment is a pay-button one (`extra["kind"] = "button"`).
pub(crate) fn is_button(request: &PaymentRequest) -> bool {
    request.extra.get("kind").map(|k| k.trim()) == Some(BUTTON_KIND)
}

/// A pay-button payment's control number (`extra["control"]`).
pub(crate) fn button_control(request: &PaymentRequest) -> Result<String, Error> {
    let control = request
        .extra
        .get("control")
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            Error::invalid(
                "extra",
                "a pay-button payment needs extra[\"control\"] (getNroControlWS' number): \
                 start it with the button_start service",
            )
        })?;
    biller::xml::check_control(&control)?;
    Ok(control)
}

/// What `getXmlWS` said, for the evidence and the customer: its `descripcion` first.
fn bank_said(x: &biller::XmlPago) -> String {
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("-")
            .to_owned()
    };
    format!(
        "{} (estado {}, codigo {}, control {}, monto {})",
        text(&x.descripcion),
        text(&x.estado),
        text(&x.codigo),
        text(&x.control),
        text(&x.monto_raw),
    )
}

/// A pay-button payment that ended without anything sent to Zoom: declined by the bank, or
/// approved for something else than what was journaled.
fn unsent_result(
    request: &PaymentRequest,
    doc: &DocRef,
    paid_at: chrono::NaiveDateTime,
    outcome: Outcome,
    rejection: Option<Rejection>,
    evidence: Vec<Evidence>,
) -> PaymentResult {
    PaymentResult {
        outcome,
        reference: PaymentRef {
            debt_id: doc.to_string(),
            payment_id: None,
            receipt: request.receipt.trim().to_owned(),
            amount: request.amount,
            paid_at: request.paid_at.unwrap_or(paid_at),
        },
        currency: Currency::Ves,
        recovered: false,
        sends: 0,
        state: None,
        rejection,
        evidence,
        unsaved: None,
    }
}

/// A Zoom payment report in the unified terms.
fn unified_result(
    request: &PaymentRequest,
    doc: DocRef,
    report: biller::PaymentReport,
) -> PaymentResult {
    let state = report.status.as_ref().map(|s| PaymentState {
        kind: if s.code == 1 {
            StateKind::Registered
        } else {
            StateKind::Unknown
        },
        code: s.code.to_string(),
        description: s.name.clone().unwrap_or_default(),
    });
    PaymentResult {
        outcome: report.outcome,
        reference: PaymentRef {
            debt_id: doc.to_string(),
            payment_id: report.idpago.map(|id| id.to_string()),
            receipt: report.reference,
            amount: report.amount,
            paid_at: request
                .paid_at
                .unwrap_or_else(|| report.paid_on.and_hms_opt(0, 0, 0).expect("midnight")),
        },
        currency: Currency::Ves,
        recovered: report.recovered,
        sends: report.sends,
        state,
        rejection: report.rejection,
        evidence: report.evidence,
        unsaved: None,
    }
}

impl<T: Transport, C: Clock> ZoomClient<T, C> {
    /// The `createPagoWs` payment a unified request makes, of `kind` (the pay-button fields
    /// left empty), with its document; not yet checked.
    pub(crate) fn zoom_request(
        &self,
        request: &PaymentRequest,
        kind: TransactionKind,
    ) -> Result<(DocRef, biller::PaymentRequest), Error> {
        let doc = doc_ref(&request.debt_id)?;
        let payer = request.payer.clone().ok_or_else(|| {
            Error::invalid(
                "payer",
                "Zoom records the payer: give id (RIF/CI), name and e-mail",
            )
        })?;
        let bank_account = number(&request.extra, "bank_account")?.ok_or_else(|| {
            Error::invalid(
                "extra",
                "Zoom needs extra[\"bank_account\"] (idcuentabanco)",
            )
        })?;
        let paid_on = request
            .paid_at
            .map(|t| t.date())
            .unwrap_or_else(|| self.today());
        let zoom_request = biller::PaymentRequest {
            kind,
            bank_account,
            origin_bank: number(&request.extra, "origin_bank")?,
            reference: request.receipt.trim().to_owned(),
            payer: biller::Payer {
                id: payer.id,
                name: payer.name,
                email: payer.email,
            },
            paid_on: Some(paid_on),
            amount: request.amount,
            // `sortDoc` only orders several documents; with one, the document's date (from lookup's
            // details) when the caller passes it, else the payment date. No extra read is made.
            documents: vec![DocumentPayment {
                doc: doc.clone(),
                amount: request.amount,
                sort_date: request
                    .extra
                    .get("document_date")
                    .and_then(|d| calendar::parse_date(d.trim(), calendar::YMD))
                    .unwrap_or(paid_on),
            }],
            balance: request.balance,
            button: ButtonDetails::default(),
        };
        Ok((doc, zoom_request))
    }

    /// A unified pay-button payment (see [`Zoom::settles_later`]): `getXmlWS` for its control
    /// number decides. Approved, for the journaled amount and control number: registered by
    /// the safe payment (`createPagoWs` kind 25 with the bank's fields; a lost reply is
    /// recovered by referencia, never resent blindly). Declined: rejected by the bank, nothing
    /// sent to Zoom. Pending, or the bank unreachable: an error, and the payment stays in
    /// flight. Approved for another amount or control number: needs review, nothing sent.
    async fn pay_button(
        &self,
        request: &PaymentRequest,
        attempt: Attempt<'_>,
    ) -> Result<PaymentResult, Error> {
        let control = button_control(request)?;
        let (doc, mut zoom_request) = self.zoom_request(request, TransactionKind::PayButton)?;
        zoom_request.button.nro_control = Some(control.clone());
        // Bad input is refused before the bank is asked anything.
        let amount = self.check_payment(&zoom_request)?;
        let result = self.button_result(&control).await?;
        let said = bank_said(&result);
        let evidence = vec![Evidence::new("getXmlWS", said.clone())];
        let paid_at = self.now_local();
        if result.approved() {
            let mut wrong = Vec::new();
            if let Some(theirs) = result.control.as_deref().map(str::trim) {
                if theirs != control {
                    wrong.push(format!("control {theirs} (ours {control})"));
                }
            }
            if result.monto != Some(amount) {
                wrong.push(format!(
                    "monto {} (ours {})",
                    result.monto_raw.as_deref().unwrap_or("-"),
                    amount
                ));
            }
            if !wrong.is_empty() {
                let mut evidence = evidence;
                evidence.push(Evidence::new(
                    "recovery",
                    format!(
                        "the bank approved something else than the journaled payment: {}; \
                         nothing was registered at Zoom, a person must check",
                        wrong.join(", ")
                    ),
                ));
                return Ok(unsent_result(
                    request,
                    &doc,
                    paid_at,
                    Outcome::NeedsReview,
                    None,
                    evidence,
                ));
            }
            zoom_request.button = ButtonDetails::from_result(&result);
            zoom_request.button.nro_control = Some(control);
            let report = self.pay_with(zoom_request, attempt).await?;
            let mut out = unified_result(request, doc, report);
            out.evidence.insert(0, Evidence::new("getXmlWS", said));
            return Ok(out);
        }
        let estado = result.estado.as_deref().map(str::trim).unwrap_or("");
        if attempt.prior_sends > 0 {
            // Sent before means approved before: a bank that now says otherwise is asked again
            // later, never taken as a refusal.
            return Err(Error::Biller {
                biller_code: "button_not_approved".into(),
                biller_message: format!(
                    "the payment was sent to Zoom after the bank approved it, and getXmlWS now \
                     says {said}; it stays as it is for the next resume or review"
                ),
                http_status: 200,
            });
        }
        if estado.eq_ignore_ascii_case("R") {
            let rejection = Rejection {
                code: result
                    .codigo
                    .clone()
                    .filter(|c| !c.trim().is_empty())
                    .unwrap_or_else(|| "R".into()),
                message: result
                    .descripcion
                    .clone()
                    .filter(|d| !d.trim().is_empty())
                    .unwrap_or_else(|| "declined by the bank".into()),
                by_biller: true,
            };
            return Ok(unsent_result(
                request,
                &doc,
                paid_at,
                Outcome::Rejected,
                Some(rejection),
                evidence,
            ));
        }
        Err(Error::Biller {
            biller_code: BUTTON_PENDING.into(),
            biller_message: format!(
                "the bank has not settled control {control} yet: {said}; ask again later"
            ),
            http_status: 200,
        })
    }
}

/// Zoom Venezuela: a login and password for `loginGenUEWs`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct ZoomOptions {
    /// Where Zoom's web services are and how long to wait for them.
    pub connection: Connection,
    /// The user's login for `LoginGenUEWs`.
    pub login: String,
    /// The user's password for `LoginGenUEWs` (sent as `claveenc`).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub password: Secret,
    /// The bank's (Megasoft's) pay-button page, as a URL template with `{control}` and
    /// `{return_url}` placeholders (see [`crate::zoom::ButtonConfig::page`]). Zoom's document
    /// does not give it: without it, `button_start` is a `config` error naming `buttonPage`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    pub button_page: Option<String>,
}

impl ZoomOptions {
    /// Options from a connection and the user's login and password.
    pub fn new(connection: Connection, login: impl Into<String>, password: Secret) -> Self {
        ZoomOptions {
            connection,
            login: login.into(),
            password,
            button_page: None,
        }
    }

    /// These options with the bank's pay-button page template (see [`Self::button_page`]).
    pub fn with_button_page(mut self, template: impl Into<String>) -> Self {
        self.button_page = Some(template.into());
        self
    }
}

/// Zoom in the registry (see [`crate::biller`]).
pub struct Zoom;

impl Biller for Zoom {
    const PROBE_SUBJECT: Option<&'static str> = Some("document");
    const PAID_AT_IS_A_DAY: bool = true;
    const ID: BillerId = BillerId::Zoom;
    const CURRENCY: Currency = Currency::Ves;
    type Options = ZoomOptions;
    type Service = super::ZoomService;
    type ServiceReply = super::ZoomServiceReply;

    fn capabilities() -> Capabilities {
        Capabilities {
            steps: vec![Step::Lookup, Step::Pay, Step::Status, Step::Settlements],
            recovery: RecoveryProof::Reference,
            reversal_window: None,
            notes:
                "getInfoPagoWs by referencia proves presence and absence; no documented reversal"
                    .into(),
        }
    }

    /// A pay-button payment refused before it was sent (the bank pending or unreachable)
    /// stays in flight: the customer may be paying at the bank's page right now.
    /// One without a usable control number cannot have been paid at the bank: bad input,
    /// closed as not sent like any other.
    fn settles_later(request: &PaymentRequest) -> bool {
        is_button(request) && button_control(request).is_ok()
    }

    fn account(options: &Self::Options) -> String {
        options.login.clone()
    }

    fn advice(request: &PaymentRequest, amount: &str) -> String {
        let day = request
            .paid_at
            .map_or("-".into(), |t| calendar::date_iso(t.date()));
        format!(
            "whether Zoom recorded a payment with referencia {} for {amount} on {day} (their \
             getInfoPagoWs); Zoom has no duplicate guard, so recaudo never resends: pay again \
             with a new reference only once Zoom states it holds none",
            request.receipt
        )
    }
}

impl<T: Transport, C: Clock> BillerClient<T, C> for ZoomClient<T, C> {
    type Biller = Zoom;

    async fn serve(
        &self,
        request: super::ZoomService,
        payments: &dyn crate::services::Payments,
    ) -> Result<super::ZoomServiceReply, Error> {
        self.serve_zoom(request, payments).await
    }

    fn connect(options: ZoomOptions, transport: T, clock: C) -> Result<Self, Error> {
        let c = &options.connection;
        let credentials = biller::Credentials::Login {
            login: options.login,
            password: options.password,
        };
        let mut config = biller::ZoomConfig::new(&c.base_url, c.allow_insecure_http, credentials)?;
        config.button.page = options.button_page;
        c.tune(&mut config.timeout, &mut config.retry, &mut config.recovery)?;
        ZoomClient::new(config, transport, clock)
    }

    fn clock(&self) -> &C {
        ZoomClient::clock(self)
    }

    async fn probe(
        &self,
        input: &crate::discover::ProbeInput,
    ) -> Result<crate::discover::Discovery, Error> {
        super::discover::zoom(self.config(), self.transport(), self.clock(), input).await
    }

    fn now_local(&self) -> chrono::NaiveDateTime {
        ZoomClient::now_local(self)
    }

    async fn lookup(&self, document: &str) -> Result<Statement, Error> {
        let doc = doc_ref(document)?;
        let amounts = self.document_amounts(&doc).await?;
        Ok(Statement {
            customer: Customer {
                id: doc.to_string(),
                name: String::new(),
                details: BTreeMap::new(),
            },
            debts: amounts
                .iter()
                .map(|m| {
                    let mut details = BTreeMap::new();
                    details.insert("document_total".to_owned(), ves(m.montodoc).amount_text());
                    if let Some(paid) = m.totalpagado {
                        details.insert("paid_so_far".to_owned(), ves(paid).amount_text());
                    }
                    if let Some(date) = m.fecha {
                        details.insert("document_date".to_owned(), date.to_string());
                    }
                    Debt {
                        debt_id: doc.to_string(),
                        description: format!("{} {}", doc.doc_type.description(), m.nro_doc.trim()),
                        amount_due: ves(m.montopagar),
                        balance: ves(m.montopagar),
                        due_date: None,
                        details,
                    }
                })
                .collect(),
        })
    }

    async fn pay(
        &self,
        request: &PaymentRequest,
        attempt: Attempt<'_>,
    ) -> Result<PaymentResult, Error> {
        if is_button(request) {
            return self.pay_button(request, attempt).await;
        }
        let (doc, zoom_request) = self.zoom_request(request, TransactionKind::Transfer)?;
        self.check_payment(&zoom_request)?;
        let report = self.pay_with(zoom_request, attempt).await?;
        Ok(unified_result(request, doc, report))
    }

    async fn status(&self, reference: &PaymentRef) -> Result<StatusReport, Error> {
        let found = self
            .payments(&InfoPagoRequest::by_reference(reference.receipt.trim()))
            .await?;
        let ours: Vec<&PagoInfo> = found
            .iter()
            .filter(|p| p.montototal == reference.amount)
            .collect();
        Ok(match (found.len(), ours.as_slice()) {
            (0, _) => StatusReport {
                state: PaymentState {
                    kind: StateKind::Absent,
                    code: "CODE_000".into(),
                    description: "no payment with this referencia".into(),
                },
                payment_id: None,
            },
            (1, [one]) => StatusReport {
                state: state_of(one),
                payment_id: Some(one.idpago.to_string()),
            },
            (n, _) => StatusReport {
                state: PaymentState {
                    kind: StateKind::Unknown,
                    code: "ambiguous".into(),
                    description: format!(
                        "{n} payment records with this referencia, {} with our amount",
                        ours.len()
                    ),
                },
                payment_id: None,
            },
        })
    }

    async fn settlements(&self, date: NaiveDate) -> Result<Vec<Settlement>, Error> {
        let filter = InfoPagoRequest {
            fechapago_desde: Some(date),
            fechapago_hasta: Some(date),
            ..InfoPagoRequest::default()
        };
        let records = self.payments(&filter).await?;
        Ok(records
            .iter()
            .map(|p| Settlement {
                payment_id: p.idpago.to_string(),
                debt_id: p
                    .listpagodoc
                    .first()
                    .and_then(|d| d.codguia.clone())
                    .map(|g| format!("guide:{}", g.trim()))
                    .unwrap_or_default(),
                receipt: Some(p.referencia.clone()),
                amount: ves(p.montototal),
                paid_at: p
                    .fechapago
                    .unwrap_or(date)
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight"),
                state: state_of(p),
            })
            .collect())
    }
}
