//! Cooplan in the unified terms: a debt is an invoice and period (`debt_id` is the
//! [`DebtRef`] `IdFactura:Periodo:Contrato:IdAsociado`); the payment id is the `IdCobranza`;
//! there is no status call, so a payment's state is what the pending debts and the day's
//! collections report show; settlements are the collections report (when it answers a list).

use crate::biller::{Biller, BillerClient};
use crate::collection::{Capabilities, Connection, RecoveryProof, Step};
use crate::collection::BillerId;
use crate::secret::Secret;
use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::cooplan::{self as biller, CooplanClient, DebtRef, ReporteCobranzas};
use crate::error::Error;
use crate::money::{Currency, Money};
use crate::recovery::{Attempt, Probe};
use crate::transport::Transport;

use crate::collection::StatusReport;
use crate::collection::types::{
    Customer, Debt, PaymentRef, PaymentRequest, PaymentResult, PaymentState, ReversalResult,
    Settlement, StateKind, Statement,
};

fn bob(amount: rust_decimal::Decimal) -> Money {
    let mut a = amount;
    a.rescale(2);
    Money::new(a, Currency::Bob)
}

/// A full debt reference: paying needs the contract and the customer id too.
fn full_ref(debt_id: &str) -> Result<(DebtRef, String, String), Error> {
    let debt = DebtRef::from_str(debt_id)?;
    match (debt.contrato.clone(), debt.id_asociado.clone()) {
        (Some(c), Some(a)) => Ok((debt, c, a)),
        _ => Err(Error::invalid(
            "debt_id",
            "a Cooplan debt_id needs IdFactura:Periodo:Contrato:IdAsociado (as lookup prints it)",
        )),
    }
}

fn collected(kind: StateKind, code: &str, description: &str) -> PaymentState {
    PaymentState {
        kind,
        code: code.to_owned(),
        description: description.to_owned(),
    }
}


fn biller_request(request: &PaymentRequest) -> Result<biller::PaymentRequest, Error> {
    let (debt, contrato, id_asociado) = full_ref(&request.debt_id)?;
    Ok(biller::PaymentRequest {
        id_factura: debt.id_factura,
        periodo: debt.periodo,
        contrato,
        id_asociado,
        amount: request.amount,
        balance: request.balance,
        receipt: Some(request.receipt.clone()).filter(|r| !r.trim().is_empty()),
    })
}





/// Cooplan Bolivia (PagoFácil): the security code, login and password for the token.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct CooplanOptions {
    /// Where Cooplan is (the sandbox's `https` URL, or the live one with insecure HTTP allowed)
    /// and how long to wait for it.
    pub connection: Connection,
    /// `CodSeguridad`: the merchant's security code, sent to the token service.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub cod_seguridad: Secret,
    /// `Login`: the merchant's account name at Cooplan, sent to the token service.
    pub login: String,
    /// `Pwd`: the merchant's password, sent to the token service.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub pwd: Secret,
}

impl CooplanOptions {
    /// Options from a connection and the three credentials Cooplan gives the merchant.
    pub fn new(
        connection: Connection,
        cod_seguridad: Secret,
        login: impl Into<String>,
        pwd: Secret,
    ) -> Self {
        CooplanOptions {
            connection,
            cod_seguridad,
            login: login.into(),
            pwd,
        }
    }
}

/// Cooplan in the registry (see [`crate::biller`]).
pub struct Cooplan;

impl Biller for Cooplan {
    const PROBE_SUBJECT: Option<&'static str> = Some("contract");
    const ID: BillerId = BillerId::Cooplan;
    const CURRENCY: Currency = Currency::Bob;
    type Options = CooplanOptions;
    type Service = super::CooplanService;
    type ServiceReply = super::CooplanServiceReply;

    fn capabilities() -> Capabilities {
        Capabilities {
            steps: Step::ALL.to_vec(),
            recovery: RecoveryProof::Indirect,
            reversal_window: None,
            notes: "no status call: a payment is looked for in the pending debts and the day's \
                    collections report"
                .into(),
        }
    }



    fn account(options: &Self::Options) -> String {
        options.login.clone()
    }

    fn advice(request: &PaymentRequest, amount: &str) -> String {
        let day = request
            .paid_at
            .map_or("-".into(), |t| crate::calendar::date_iso(t.date()));
        format!(
            "whether debt {} is still pending and whether the collections report of {day} lists \
             a collection for {amount} (receipt {} is ours only; Cooplan does not store it)",
            request.debt_id, request.receipt
        )
    }
}

impl<T: Transport, C: Clock> BillerClient<T, C> for CooplanClient<T, C> {
    type Biller = Cooplan;

    async fn serve(
        &self,
        request: super::CooplanService,
        payments: &dyn crate::services::Payments,
    ) -> Result<super::CooplanServiceReply, Error> {
        self.serve_cooplan(request, payments).await
    }

    fn connect(options: CooplanOptions, transport: T, clock: C) -> Result<Self, Error> {
        let c = &options.connection;
        let credentials = biller::Credentials {
            cod_seguridad: options.cod_seguridad,
            login: options.login,
            pwd: options.pwd,
        };
        let mut config =
            biller::CooplanConfig::with_base_url(&c.base_url, c.allow_insecure_http, credentials)?;
        c.tune(&mut config.timeout, &mut config.retry, &mut config.recovery)?;
        CooplanClient::new(config, transport, clock)
    }

    fn clock(&self) -> &C {
        CooplanClient::clock(self)
    }

    async fn probe(
        &self,
        input: &crate::discover::ProbeInput,
    ) -> Result<crate::discover::Discovery, Error> {
        super::discover::cooplan(self.config(), self.transport(), self.clock(), input).await
    }

    fn now_local(&self) -> chrono::NaiveDateTime {
        CooplanClient::now_local(self)
    }

    async fn lookup(&self, contrato: &str) -> Result<Statement, Error> {
        let customers = self.find_customer(contrato).await?;
        let debts = self.debts(contrato).await?;
        let first = customers.first();
        let name = first
            .and_then(|c| c.nombre.clone())
            .or_else(|| debts.first().and_then(|d| d.nombre.clone()))
            .unwrap_or_default();
        let mut details = BTreeMap::new();
        if let Some(c) = first {
            for (k, v) in [
                ("nit", &c.nit),
                ("address", &c.direccion),
                ("document", &c.num_doc),
            ] {
                if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                    details.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        Ok(Statement {
            customer: Customer {
                id: contrato.trim().to_owned(),
                name: name.trim().to_owned(),
                details,
            },
            debts: debts
                .iter()
                .map(|d| Debt {
                    debt_id: DebtRef::from_deuda(contrato, d).to_string(),
                    description: format!("factura {} periodo {}", d.factura, d.periodo.trim()),
                    amount_due: bob(d.monto_total),
                    balance: bob(d.monto_total),
                    due_date: None,
                    details: BTreeMap::from([("period".to_owned(), d.periodo.trim().to_owned())]),
                })
                .collect(),
        })
    }

    async fn pay(
        &self,
        request: &PaymentRequest,
        attempt: Attempt<'_>,
    ) -> Result<PaymentResult, Error> {
        let report = self.pay_with(biller_request(request)?, attempt).await?;
        let state = report
            .id_cobranza
            .as_ref()
            .map(|_| collected(StateKind::Registered, "collected", "cobranza registrada"));
        Ok(PaymentResult {
            outcome: report.outcome,
            reference: PaymentRef {
                debt_id: request.debt_id.trim().to_owned(),
                payment_id: report.id_cobranza,
                receipt: request.receipt.clone(),
                amount: report.amount,
                paid_at: request.paid_at.unwrap_or(report.sent_at),
            },
            currency: Currency::Bob,
            recovered: report.recovered,
            sends: report.sends,
            state,
            rejection: report.rejection,
            evidence: report.evidence,
            unsaved: None,
        })
    }

    async fn status(&self, reference: &PaymentRef) -> Result<StatusReport, Error> {
        let request = PaymentRequest {
            debt_id: reference.debt_id.clone(),
            amount: reference.amount,
            receipt: reference.receipt.clone(),
            paid_at: Some(reference.paid_at),
            cashier: String::new(),
            location: String::new(),
            payer: None,
            balance: None,
            extra: Default::default(),
        };
        let (probe, evidence) = self
            .payment_status(&biller_request(&request)?, reference.paid_at)
            .await?;
        let why = evidence.last().map_or(String::new(), |e| e.detail.clone());
        Ok(match probe {
            Probe::Applied(row) => StatusReport {
                state: collected(
                    StateKind::Registered,
                    "collected",
                    "in the collections report",
                ),
                payment_id: row.and_then(|r| r.id_cobranza),
            },
            Probe::Absent(_) => StatusReport {
                state: collected(
                    StateKind::Absent,
                    "pending",
                    "the debt is still pending; no collection reported",
                ),
                payment_id: None,
            },
            Probe::Refused(_, _) | Probe::Review(_) | Probe::Unknown => StatusReport {
                state: collected(StateKind::Unknown, "unknown", &why),
                payment_id: None,
            },
        })
    }

    async fn reverse(&self, reference: &PaymentRef) -> Result<ReversalResult, Error> {
        let debt = DebtRef::from_str(&reference.debt_id)?;
        let id_cobranza = reference
            .payment_id
            .clone()
            .ok_or_else(|| Error::invalid("payment_id", "a Cooplan reversal needs the IdCobranza"))?;
        let report = self
            .reverse(biller::ReversalRequest {
                id_factura: debt.id_factura,
                id_cobranza,
                contrato: debt.contrato,
                periodo: Some(debt.periodo),
                paid_on: Some(reference.paid_at.date()),
            })
            .await?;
        let state = (report.outcome == crate::outcome::Outcome::Confirmed)
            .then(|| collected(StateKind::Reversed, "reversed", "cobranza revertida"));
        Ok(ReversalResult {
            outcome: report.outcome,
            reference: reference.clone(),
            recovered: report.recovered,
            state,
            rejection: report.rejection,
            evidence: report.evidence,
        })
    }

    async fn settlements(&self, date: NaiveDate) -> Result<Vec<Settlement>, Error> {
        let rows = match self.collections_report(date).await? {
            ReporteCobranzas::Cobranzas(rows) => rows,
            ReporteCobranzas::Texto(_) => {
                return Err(Error::Unsupported(
                    "Cooplan's collections report answered text, not a list of collections".into(),
                ));
            }
        };
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let reversed = r.is_reversed();
                Some(Settlement {
                    payment_id: r.id_cobranza?,
                    debt_id: DebtRef {
                        id_factura: r.id_factura?,
                        periodo: r.periodo.clone()?,
                        contrato: r.contrato.clone(),
                        id_asociado: r.id_asociado.clone(),
                    }
                    .to_string(),
                    receipt: None,
                    amount: bob(r.monto?),
                    paid_at: r.fecha_pago_empresa?,
                    state: if reversed {
                        collected(StateKind::Reversed, "0", "revertida")
                    } else {
                        collected(StateKind::Registered, "1", "vigente")
                    },
                })
            })
            .collect())
    }
}
