//! Unicomer in the unified terms: an invoice `id` is the `debt_id`; status and reversal are
//! keyed by the invoice, amount and `fch_proceso`; settlements are `conciliacion`.

use crate::biller::{Biller, BillerClient};
use crate::collection::{Capabilities, Connection, RecoveryProof, Step};
use crate::collection::BillerId;
use crate::secret::Secret;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::calendar;
use crate::error::Error;
use crate::money::{Currency, Money};
use crate::recovery::Attempt;
use crate::transport::Transport;
use crate::unicomer::{self as biller, EstadoFiltro, UnicomerClient};

use crate::collection::StatusReport;
use crate::collection::types::{
    Customer, Debt, PaymentRef, PaymentRequest, PaymentResult, PaymentState, ReversalResult,
    Settlement, StateKind, Statement,
};

fn usd(amount: rust_decimal::Decimal) -> Money {
    let mut a = amount;
    a.rescale(2);
    Money::new(a, Currency::Usd)
}

fn debt_id(text: &str) -> Result<i64, Error> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| Error::invalid("debt_id", format!("`{text}` is not a Unicomer invoice id")))
}

fn payment_id(reference: &PaymentRef) -> Result<i64, Error> {
    reference
        .payment_id
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            Error::invalid(
                "payment_id",
                "a Unicomer reversal needs the payment's idtrx",
            )
        })
}

/// The unified state of a Unicomer payment state.
pub fn state(s: biller::PaymentState, biller_text: Option<&str>) -> PaymentState {
    use biller::PaymentState as P;
    let kind = match s {
        P::Absent => StateKind::Absent,
        P::Registered => StateKind::Registered,
        P::Synchronised => StateKind::Settled,
        P::Reversed => StateKind::Reversed,
        P::Zombie => StateKind::Failed,
        P::SyncProblem | P::Other(_) => StateKind::Unknown,
    };
    PaymentState {
        kind,
        code: s.code().to_string(),
        description: biller_text
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(s.description())
            .to_owned(),
    }
}






/// Unicomer Ecuador: a user and password for the token, and the collector's `idcommerce`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct UnicomerOptions {
    /// Where Unicomer is and how long to wait for it.
    pub connection: Connection,
    /// The collector's API user (an e-mail), for the token's password grant.
    pub username: String,
    /// The API user's password, for the token's password grant.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub password: Secret,
    /// The collector's `idcommerce`, assigned by Unicomer and sent with every call.
    pub commerce: String,
}

impl UnicomerOptions {
    /// Options from a connection, the API user's credentials and the collector's `idcommerce`.
    pub fn new(
        connection: Connection,
        username: impl Into<String>,
        password: Secret,
        commerce: impl Into<String>,
    ) -> Self {
        UnicomerOptions {
            connection,
            username: username.into(),
            password,
            commerce: commerce.into(),
        }
    }
}

/// Unicomer in the registry (see [`crate::biller`]).
pub struct Unicomer;

impl Biller for Unicomer {
    const PROBE_SUBJECT: Option<&'static str> = Some("customer");
    const ID: BillerId = BillerId::Unicomer;
    const CURRENCY: Currency = Currency::Usd;
    type Options = UnicomerOptions;
    type Service = super::UnicomerService;
    type ServiceReply = super::UnicomerServiceReply;

    fn capabilities() -> Capabilities {
        Capabilities {
            steps: Step::ALL.to_vec(),
            recovery: RecoveryProof::ExactKey,
            reversal_window: Some(std::time::Duration::from_secs(180)),
            notes: "consultarpago proves presence and absence by invoice, amount and fch_proceso; \
                    reversal only while registered (about 3 minutes)"
                .into(),
        }
    }



    fn account(options: &Self::Options) -> String {
        options.commerce.clone()
    }

    fn advice(request: &PaymentRequest, amount: &str) -> String {
        let when = request
            .paid_at
            .map_or("-".into(), |t| calendar::datetime_space(&t));
        let day = request
            .paid_at
            .map_or("-".into(), |t| calendar::date_iso(t.date()));
        format!(
            "whether invoice {} holds a payment with num_recibo {} for {amount} at {when} \
             (their consultarpago, and conciliacion of {day}); if they hold it, the next \
             `recaudo review` confirms it; if they state in writing that it never arrived, it is \
             safe to pay again with a new receipt",
            request.debt_id, request.receipt
        )
    }
}

impl<T: Transport, C: Clock> BillerClient<T, C> for UnicomerClient<T, C> {
    type Biller = Unicomer;

    async fn serve(
        &self,
        request: super::UnicomerService,
        payments: &dyn crate::services::Payments,
    ) -> Result<super::UnicomerServiceReply, Error> {
        self.serve_unicomer(request, payments).await
    }

    fn connect(options: UnicomerOptions, transport: T, clock: C) -> Result<Self, Error> {
        let c = &options.connection;
        let credentials = biller::Credentials {
            username: options.username,
            password: options.password,
        };
        let mut config = biller::UnicomerConfig::with_base_url(
            &c.base_url,
            c.allow_insecure_http,
            credentials,
            options.commerce,
        )?;
        c.tune(&mut config.timeout, &mut config.retry, &mut config.recovery)?;
        UnicomerClient::new(config, transport, clock)
    }

    fn clock(&self) -> &C {
        UnicomerClient::clock(self)
    }

    async fn probe(
        &self,
        input: &crate::discover::ProbeInput,
    ) -> Result<crate::discover::Discovery, Error> {
        super::discover::unicomer(self.config(), self.transport(), self.clock(), input).await
    }

    fn now_local(&self) -> chrono::NaiveDateTime {
        UnicomerClient::now_local(self)
    }

    async fn lookup(&self, customer: &str) -> Result<Statement, Error> {
        let statement = self.statement(customer).await?;
        let c = &statement.datos_cliente;
        let mut details = BTreeMap::new();
        for (k, v) in [
            ("document_type", &c.tipo_doc),
            ("city", &c.ciudadcliente),
            ("email", &c.cl_email),
            ("address", &c.cl_direcc1),
        ] {
            if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                details.insert(k.to_owned(), v.to_owned());
            }
        }
        let debts = statement
            .facturas
            .iter()
            .map(|f| {
                let mut details = BTreeMap::new();
                if let Some(full) = f.factura_full.as_deref() {
                    details.insert("invoice".into(), full.trim().to_owned());
                }
                if let Some(days) = f.dias_mora {
                    details.insert("days_overdue".into(), days.to_string());
                }
                if let Some(n) = f.cuotas_vencidas {
                    details.insert("instalments_overdue".into(), n.to_string());
                }
                Debt {
                    debt_id: f.id.to_string(),
                    description: f.description(),
                    amount_due: usd(f.valor_pagar),
                    balance: usd(f.deuda_tot_conpro),
                    due_date: f.prox_fecvto,
                    details,
                }
            })
            .collect();
        Ok(Statement {
            customer: Customer {
                id: c
                    .cl_cedruc
                    .as_deref()
                    .map_or_else(|| customer.trim().to_owned(), |s| s.trim().to_owned()),
                name: c.full_name(),
                details,
            },
            debts,
        })
    }

    async fn pay(
        &self,
        request: &PaymentRequest,
        attempt: Attempt<'_>,
    ) -> Result<PaymentResult, Error> {
        let report = self
            .pay_with(
                biller::PaymentRequest {
                    secuencial: debt_id(&request.debt_id)?,
                    amount: request.amount,
                    receipt: request.receipt.clone(),
                    paid_at: request.paid_at,
                    cashier: request.cashier.clone(),
                    location: request.location.clone(),
                    balance: request.balance,
                },
                attempt,
            )
            .await?;
        Ok(PaymentResult {
            outcome: report.outcome,
            reference: PaymentRef {
                debt_id: report.secuencial.to_string(),
                payment_id: report.idtrx.map(|id| id.to_string()),
                receipt: report.receipt,
                amount: report.amount,
                paid_at: report.paid_at,
            },
            currency: Currency::Usd,
            recovered: report.recovered,
            sends: report.sends,
            state: report.state.map(|s| state(s, None)),
            rejection: report.rejection,
            evidence: report.evidence,
            unsaved: None,
        })
    }

    /// By the same two sources safe payment asks (`consultarpago` by every configured key, and
    /// `conciliacion` for our receipt), so that a status query never says "absent" where safe
    /// payment would not.
    async fn status(&self, reference: &PaymentRef) -> Result<StatusReport, Error> {
        let secuencial = debt_id(&reference.debt_id)?;
        if reference.receipt.trim().is_empty() {
            // Without our receipt only `consultarpago` by the key can be asked.
            let found = self
                .payment_status(secuencial, reference.paid_at, reference.amount)
                .await?;
            return Ok(StatusReport {
                state: state(found.cod_status, found.det_status.as_deref()),
                payment_id: found.payment_id().map(|id| id.to_string()),
            });
        }
        let idtrx = reference
            .payment_id
            .as_deref()
            .and_then(|p| p.trim().parse::<i64>().ok());
        let (found, evidence) = self
            .find_payment(
                secuencial,
                reference.paid_at,
                reference.amount,
                idtrx,
                &reference.receipt,
            )
            .await;
        let why = evidence
            .iter()
            .map(|e| format!("{}: {}", e.step, e.detail))
            .collect::<Vec<_>>()
            .join("; ");
        Ok(match found {
            Some((idtrx, s)) => StatusReport {
                state: state(
                    s,
                    matches!(s, biller::PaymentState::Other(_)).then_some(why.as_str()),
                ),
                payment_id: idtrx.map(|id| id.to_string()),
            },
            None => StatusReport {
                state: PaymentState {
                    kind: StateKind::Unknown,
                    code: "unknown".into(),
                    description: why,
                },
                payment_id: None,
            },
        })
    }

    async fn reverse(&self, reference: &PaymentRef) -> Result<ReversalResult, Error> {
        let report = self
            .reverse(biller::ReversalRequest {
                idtrx: payment_id(reference)?,
                amount: reference.amount,
                paid_at: reference.paid_at,
                secuencial: debt_id(&reference.debt_id).ok(),
            })
            .await?;
        Ok(ReversalResult {
            outcome: report.outcome,
            reference: reference.clone(),
            recovered: report.recovered,
            state: report.state.map(|s| state(s, None)),
            rejection: report.rejection,
            evidence: report.evidence,
        })
    }

    async fn settlements(&self, date: NaiveDate) -> Result<Vec<Settlement>, Error> {
        let records = self.reconciliation(date, EstadoFiltro::All).await?;
        Ok(records
            .into_iter()
            .map(|r| Settlement {
                payment_id: r.idtrx.to_string(),
                debt_id: r.secuencial.to_string(),
                receipt: r.num_recibo.filter(|n| !n.trim().is_empty()),
                amount: usd(r.val_pagado),
                paid_at: r.fch_proceso,
                state: state(r.estado, r.estado_desc.as_deref()),
            })
            .collect())
    }
}
