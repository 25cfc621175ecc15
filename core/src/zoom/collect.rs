//! Zoom in the unified terms. A "customer" is looked up by document (`guide:1000120587`,
//! `invoice:...`, `credit-note:...`, or a bare number for a guide) and its `debt_id` is that
//! [`DocRef`]. Paying needs the payer (`PaymentRequest::payer`) and Zoom's destination account
//! in `extra["bank_account"]` (optionally `extra["origin_bank"]`, and `extra["document_date"]`,
//! the `document_date` lookup reports, for `sortDoc`); the collector's `receipt` is
//! sent as `referencia`, the key the payment is found again by. There is no documented
//! reversal. Status and settlements are `getInfoPagoWs` by referencia and by payment date.

use crate::biller::{Biller, BillerClient};
use crate::collection::{Capabilities, Connection, RecoveryProof, Step};
use crate::collection::BillerId;
use crate::secret::Secret;
use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::error::Error;
use crate::money::{Currency, Money};
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
}

impl ZoomOptions {
    /// Options from a connection and the user's login and password.
    pub fn new(connection: Connection, login: impl Into<String>, password: Secret) -> Self {
        ZoomOptions {
            connection,
            login: login.into(),
            password,
        }
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
            notes: "getInfoPagoWs by referencia proves presence and absence; no documented reversal"
                .into(),
        }
    }



    fn account(options: &Self::Options) -> String {
        options.login.clone()
    }

    fn advice(request: &PaymentRequest, amount: &str) -> String {
        let day = request
            .paid_at
            .map_or("-".into(), |t| t.format("%Y-%m-%d").to_string());
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
            kind: TransactionKind::Transfer,
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
                    .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
                    .unwrap_or(paid_on),
            }],
            balance: request.balance,
            button: ButtonDetails::default(),
        };
        self.check_payment(&zoom_request)?;
        let report = self.pay_with(zoom_request, attempt).await?;
        let state = report.status.as_ref().map(|s| PaymentState {
            kind: if s.code == 1 {
                StateKind::Registered
            } else {
                StateKind::Unknown
            },
            code: s.code.to_string(),
            description: s.name.clone().unwrap_or_default(),
        });
        Ok(PaymentResult {
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
        })
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
