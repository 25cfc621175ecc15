//! Safe payment and safe reversal for Unicomer, on the shared engine in [`crate::recovery`].
//!
//! A `registrarpago` whose reply is lost, garbled, late or a server error is never sent again
//! blindly: `consultarpago` is asked by the original `secuencial`, `idcommerce`, `fch_proceso`
//! and `val_pagado` (fixed before the first send). Registered or synchronised with our receipt
//! number: confirmed. Absent (`-1`, "may be sent again"): sent again, `max_sends` in all. Zombie,
//! reversed, sync problems, another receipt number under the same key, or no answer: needs
//! review, with every step as evidence. A refusal of the first send is checked the same way
//! before it is called a rejection ([`crate::recovery::RecoveryPolicy::verify_refusals`], on by
//! default here): a browser resends a POST by itself when a reused connection closes before
//! any reply byte, and `num_recibo`'s duplicate guard then refuses the copy of a payment that
//! was made; the check finds it under our receipt number and confirms it.
//!
//! A reversal is checked the same way: reversed is confirmed; still registered means the
//! reversal did not apply and may be sent again; synchronised means it did not and no longer can.
//!
//! What recovery can prove: the existence and state of a payment with exactly this key. What it
//! cannot: whether a request still in flight past `settle_delay` lands later; a resend is then
//! stopped by the biller's unique `num_recibo`, and that refusal triggers another check.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::clock::Clock;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::money::{Currency, validate_amount};
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::recovery::{Probe, RecoveryPolicy, resolve};
use crate::transport::Transport;
use crate::validate;

use super::client::UnicomerClient;
use super::consultar_pago::ConsultarPagoRequest;
use super::payment_key::PaymentKey;
use super::payment_state::PaymentState;
use super::registrar_pago::{RegistrarPagoRequest, RegistrarPagoResponse};
use super::reversa_pago::{ReversaPagoRequest, ReversaPagoResponse};

/// A payment to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequest {
    /// The statement invoice `id` being paid.
    pub secuencial: i64,
    pub amount: Decimal,
    /// The collector's unique receipt number (`num_recibo`).
    pub receipt: String,
    /// `fch_proceso`; `None` takes the client's clock in Unicomer's time zone.
    pub paid_at: Option<NaiveDateTime>,
    pub cashier: String,
    pub location: String,
    /// The invoice's outstanding debt, when the caller looked it up: the amount may not exceed it.
    pub balance: Option<Decimal>,
}

/// How a payment ended. Everything needed to find it again is here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentReport {
    pub outcome: Outcome,
    /// Unicomer's payment id, when known.
    pub idtrx: Option<i64>,
    pub secuencial: i64,
    pub receipt: String,
    #[serde(with = "crate::money::wire::string")]
    pub amount: Decimal,
    #[serde(serialize_with = "serialize_fch")]
    pub paid_at: NaiveDateTime,
    /// The reply was lost or unusable and the outcome was established by asking the biller.
    pub recovered: bool,
    /// How many times `registrarpago` was sent (more than one only after proof of absence).
    pub sends: u32,
    /// The payment's state at the biller, when known.
    pub state: Option<PaymentState>,
    pub rejection: Option<Rejection>,
    pub evidence: Vec<Evidence>,
}

/// A reversal of a registered payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReversalRequest {
    /// The payment's `idtrx`.
    pub idtrx: i64,
    /// The amount and `fch_proceso` it was registered with.
    pub amount: Decimal,
    pub paid_at: NaiveDateTime,
    /// The invoice it was paid against, if known: `consultarpago` is then asked by the documented
    /// key; otherwise by `idtrx` (the document's prose).
    pub secuencial: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReversalReport {
    pub outcome: Outcome,
    pub idtrx: i64,
    /// The reversed payment's receipt number, when the biller gave it.
    pub receipt: Option<String>,
    pub recovered: bool,
    pub state: Option<PaymentState>,
    pub rejection: Option<Rejection>,
    pub evidence: Vec<Evidence>,
}

fn serialize_fch<S: serde::Serializer>(v: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.format("%Y-%m-%d %H:%M:%S").to_string())
}

/// What `consultarpago` said about the payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Found {
    idtrx: Option<i64>,
    state: PaymentState,
}

impl<T: Transport, C: Clock> UnicomerClient<T, C> {
    /// Registers a payment safely (see the module docs). `Err` only for input refused before
    /// anything was sent; every payment that was attempted ends in a [`PaymentReport`].
    pub async fn pay(&self, request: PaymentRequest) -> Result<PaymentReport, Error> {
        let amount = validate_amount(request.amount, Currency::Usd, request.balance)?;
        let registrar = RegistrarPagoRequest {
            secuencial: request.secuencial,
            idcommerce: self.config.commerce.clone(),
            fch_proceso: request.paid_at.unwrap_or_else(|| self.now_local()),
            val_pagado: amount,
            localidad_recauda: request.location.trim().to_owned(),
            nombre_cajero: request.cashier.trim().to_owned(),
            num_recibo: request.receipt.trim().to_owned(),
        };
        registrar.to_http(&self.config)?;
        let key = registrar.key();
        let res = resolve(
            &self.clock,
            &self.config.recovery,
            &self.config.retry,
            RegistrarPagoRequest::NAME,
            |r: &RegistrarPagoResponse| format!("registered as idtrx {}", r.idtrx),
            || self.send(&registrar),
            || self.probe(&key, Some(&registrar.num_recibo), payment_probe),
        )
        .await;
        let (idtrx, state) = match (&res.reply, &res.probe) {
            (Some(reply), _) => (Some(reply.idtrx), Some(PaymentState::Registered)),
            (None, Some(found)) => (found.idtrx, Some(found.state)),
            (None, None) => (None, None),
        };
        Ok(PaymentReport {
            outcome: res.outcome,
            idtrx,
            secuencial: registrar.secuencial,
            receipt: registrar.num_recibo,
            amount,
            paid_at: registrar.fch_proceso,
            recovered: res.recovered,
            sends: res.sends,
            state,
            rejection: res.rejection,
            evidence: res.evidence,
        })
    }

    /// Reverses a registered payment safely: a reversal whose reply is lost is checked with
    /// `consultarpago` before it is sent again. `Err` only for input refused before sending.
    pub async fn reverse(&self, request: ReversalRequest) -> Result<ReversalReport, Error> {
        validate::positive_id("idtrx", request.idtrx)?;
        if let Some(s) = request.secuencial {
            validate::positive_id("secuencial", s)?;
        }
        let amount = validate_amount(request.amount, Currency::Usd, None)?;
        let reversal = ReversaPagoRequest {
            key: self.key(request.idtrx, request.paid_at, amount),
        };
        reversal.to_http(&self.config)?;
        let status_key = self.key(
            request.secuencial.unwrap_or(request.idtrx),
            request.paid_at,
            amount,
        );
        // A reversal found already made may be an earlier one: a refusal of a reversal is taken
        // at its word, whatever the payment policy says.
        let policy = RecoveryPolicy {
            verify_refusals: false,
            ..self.config.recovery.clone()
        };
        let res = resolve(
            &self.clock,
            &policy,
            &self.config.retry,
            ReversaPagoRequest::NAME,
            |_: &ReversaPagoResponse| "reversed".to_owned(),
            || self.send(&reversal),
            || self.probe(&status_key, None, reversal_probe),
        )
        .await;
        let state = match (&res.reply, &res.probe) {
            (Some(_), _) => Some(PaymentState::Reversed),
            (None, found) => found.map(|f| f.state),
        };
        Ok(ReversalReport {
            outcome: res.outcome,
            idtrx: request.idtrx,
            receipt: res.reply.and_then(|r| r.num_recibo),
            recovered: res.recovered,
            state,
            rejection: res.rejection,
            evidence: res.evidence,
        })
    }

    /// Asks `consultarpago` (with read retries) and judges the answer with `judge`. When our
    /// receipt number is known, a payment under the same key with another receipt is not ours.
    async fn probe(
        &self,
        key: &PaymentKey,
        receipt: Option<&str>,
        judge: fn(Found) -> Probe<Found>,
    ) -> (Probe<Found>, Vec<Evidence>) {
        let request = ConsultarPagoRequest { key: key.clone() };
        let found = match self.read(&request).await {
            Ok(found) => found,
            Err(e) => {
                let evidence = Evidence::new(ConsultarPagoRequest::NAME, e.to_string());
                return (Probe::Unknown, vec![evidence]);
            }
        };
        let theirs = found.num_recibo.as_deref().unwrap_or("").trim();
        let mut evidence = vec![Evidence::new(
            ConsultarPagoRequest::NAME,
            format!(
                "cod_status {} idtrx {} num_recibo `{theirs}`",
                found.cod_status,
                found.payment_id().map_or("-".into(), |i| i.to_string()),
            ),
        )];
        let details = Found {
            idtrx: found.payment_id(),
            state: found.cod_status,
        };
        if let Some(ours) = receipt {
            if details.state != PaymentState::Absent && !theirs.is_empty() && theirs != ours {
                evidence.push(Evidence::new(
                    "recovery",
                    format!("the payment under this key has receipt {theirs}, not ours"),
                ));
                return (Probe::Review(details), evidence);
            }
        }
        (judge(details), evidence)
    }
}

/// For a payment: held is applied, absent may be resent, anything else needs a person.
fn payment_probe(found: Found) -> Probe<Found> {
    if found.state.is_paid() {
        Probe::Applied(found)
    } else if found.state.may_resend() {
        Probe::Absent(found)
    } else {
        Probe::Review(found)
    }
}

/// For a reversal: reversed is applied; still registered means the reversal did not apply and
/// may be sent again; synchronised means it did not and no longer can.
fn reversal_probe(found: Found) -> Probe<Found> {
    match found.state {
        PaymentState::Reversed => Probe::Applied(found),
        PaymentState::Registered => Probe::Absent(found),
        PaymentState::Synchronised => Probe::Refused(
            Rejection {
                code: found.state.code().to_string(),
                message: format!(
                    "the payment is {}; the reversal was not applied",
                    found.state
                ),
                by_biller: true,
            },
            found,
        ),
        _ => Probe::Review(found),
    }
}
