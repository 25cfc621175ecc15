//! Safe payment and safe reversal: a payment is never lost and never made twice.
//!
//! Unicomer offers no idempotency key, so a `registrarpago` whose reply is lost, garbled, late or
//! a server error is never sent again blindly. The flow:
//!
//! 1. send `registrarpago` once;
//! 2. a reply: confirmed (with `idtrx`), or the biller's refusal: rejected with its code and
//!    message verbatim;
//! 3. provably not sent (connection refused): sent again, since the biller never saw it;
//! 4. anything that may have reached the biller: wait `settle_delay`, then ask `consultarpago` by
//!    the original `secuencial`, `idcommerce`, `fch_proceso` and `val_pagado` (the same values,
//!    fixed before the first send):
//!    - registered or synchronised with our receipt number: **confirmed**, `recovered`;
//!    - absent (`-1`, "may be sent again"): sent again, at most `max_sends` in all; a refusal of
//!      that resend is checked again, because it may be the biller's duplicate-receipt guard
//!      tripping on our own first send;
//!    - zombie, reversed, sync problems, another receipt number, or no answer: **needs review**,
//!      with every step taken as evidence.
//!
//! What recovery can prove: the existence and state of a payment with exactly this key. What it
//! cannot: whether a request still in flight past `settle_delay` will land later; the resend is
//! then stopped by the biller's unique `num_recibo`, and its refusal triggers another check.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::clock::Clock;
use crate::error::Error;
use crate::money::{Currency, validate_amount};
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::transport::Transport;

use super::client::UnicomerClient;
use super::consultar_pago::ConsultarPagoRequest;
use super::envelope::Endpoint;
use super::payment_key::{PaymentKey, check_id};
use super::payment_state::PaymentState;
use super::registrar_pago::RegistrarPagoRequest;
use super::reversa_pago::ReversaPagoRequest;

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

/// What `consultarpago` established.
enum Check {
    Found {
        idtrx: Option<i64>,
        state: PaymentState,
    },
    ReceiptMismatch,
    Failed,
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
        let mut report = PaymentReport {
            outcome: Outcome::NeedsReview,
            idtrx: None,
            secuencial: registrar.secuencial,
            receipt: registrar.num_recibo.clone(),
            amount,
            paid_at: registrar.fch_proceso,
            recovered: false,
            sends: 0,
            state: None,
            rejection: None,
            evidence: Vec::new(),
        };
        let max_sends = self.config.recovery.max_sends.max(1);
        loop {
            report.sends += 1;
            let error = match self.send(&registrar).await {
                Ok(reply) => {
                    report.evidence.push(Evidence::new(
                        RegistrarPagoRequest::NAME,
                        format!("registered as idtrx {}", reply.idtrx),
                    ));
                    report.idtrx = Some(reply.idtrx);
                    report.state = Some(PaymentState::Registered);
                    report.outcome = Outcome::Confirmed;
                    return Ok(report);
                }
                Err(e) => e,
            };
            report
                .evidence
                .push(Evidence::new(RegistrarPagoRequest::NAME, error.to_string()));
            let refused = matches!(error, Error::Biller { .. });
            if refused && report.sends == 1 {
                report.rejection = Some(rejection(&error));
                report.outcome = Outcome::Rejected;
                return Ok(report);
            }
            if !refused && !error.may_have_reached_biller() {
                if matches!(error, Error::Transport(_)) && report.sends < max_sends {
                    self.backoff(report.sends).await;
                    continue;
                }
                report.rejection = Some(rejection(&error));
                report.outcome = Outcome::Rejected;
                return Ok(report);
            }
            // The biller may have the payment: ask before anything else.
            report.recovered = true;
            match self
                .check(&key, Some(&registrar.num_recibo), &mut report.evidence)
                .await
            {
                Check::Found { idtrx, state } if state.is_paid() => {
                    report.idtrx = idtrx;
                    report.state = Some(state);
                    report.outcome = Outcome::Confirmed;
                    return Ok(report);
                }
                Check::Found { state, .. } if state.may_resend() => {
                    report.state = Some(state);
                    if refused {
                        report.rejection = Some(rejection(&error));
                        report.outcome = Outcome::Rejected;
                        return Ok(report);
                    }
                    if report.sends >= max_sends {
                        report.evidence.push(Evidence::new(
                            "recovery",
                            format!(
                                "still absent after {} sends; not sending again",
                                report.sends
                            ),
                        ));
                        return Ok(report);
                    }
                    report.evidence.push(Evidence::new(
                        "recovery",
                        "the biller proved the payment absent: sending it again",
                    ));
                }
                Check::Found { idtrx, state } => {
                    report.idtrx = idtrx;
                    report.state = Some(state);
                    report.evidence.push(Evidence::new(
                        "recovery",
                        format!("payment is {state}: must not be sent again"),
                    ));
                    return Ok(report);
                }
                Check::ReceiptMismatch | Check::Failed => return Ok(report),
            }
        }
    }

    /// Reverses a registered payment safely: a reversal whose reply is lost is checked with
    /// `consultarpago` before it is sent again. `Err` only for input refused before sending.
    pub async fn reverse(&self, request: ReversalRequest) -> Result<ReversalReport, Error> {
        check_id("idtrx", request.idtrx)?;
        if let Some(s) = request.secuencial {
            check_id("secuencial", s)?;
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
        let mut report = ReversalReport {
            outcome: Outcome::NeedsReview,
            idtrx: request.idtrx,
            receipt: None,
            recovered: false,
            state: None,
            rejection: None,
            evidence: Vec::new(),
        };
        let max_sends = self.config.recovery.max_sends.max(1);
        let mut sends = 0;
        loop {
            sends += 1;
            let error = match self.send(&reversal).await {
                Ok(reply) => {
                    report
                        .evidence
                        .push(Evidence::new(ReversaPagoRequest::NAME, "reversed"));
                    report.receipt = reply.num_recibo;
                    report.state = Some(PaymentState::Reversed);
                    report.outcome = Outcome::Confirmed;
                    return Ok(report);
                }
                Err(e) => e,
            };
            report
                .evidence
                .push(Evidence::new(ReversaPagoRequest::NAME, error.to_string()));
            let refused = matches!(error, Error::Biller { .. });
            if (refused && sends == 1) || (!refused && !error.may_have_reached_biller()) {
                if matches!(error, Error::Transport(_)) && sends < max_sends {
                    self.backoff(sends).await;
                    continue;
                }
                report.rejection = Some(rejection(&error));
                report.outcome = Outcome::Rejected;
                return Ok(report);
            }
            report.recovered = true;
            match self.check(&status_key, None, &mut report.evidence).await {
                Check::Found { state, .. } => {
                    report.state = Some(state);
                    match state {
                        PaymentState::Reversed => {
                            report.outcome = Outcome::Confirmed;
                            return Ok(report);
                        }
                        PaymentState::Registered if !refused && sends < max_sends => {
                            report.evidence.push(Evidence::new(
                                "recovery",
                                "the payment is still registered: sending the reversal again",
                            ));
                        }
                        PaymentState::Registered | PaymentState::Synchronised => {
                            report.rejection = Some(if refused {
                                rejection(&error)
                            } else {
                                Rejection {
                                    code: state.code().to_string(),
                                    message: format!(
                                        "the payment is {state}; the reversal was not applied"
                                    ),
                                    by_biller: true,
                                }
                            });
                            report.outcome = Outcome::Rejected;
                            return Ok(report);
                        }
                        _ => return Ok(report),
                    }
                }
                Check::ReceiptMismatch | Check::Failed => return Ok(report),
            }
        }
    }

    /// Asks `consultarpago` (after the settle delay, with read retries) and records what it said.
    async fn check(
        &self,
        key: &PaymentKey,
        receipt: Option<&str>,
        evidence: &mut Vec<Evidence>,
    ) -> Check {
        self.clock.sleep(self.config.recovery.settle_delay).await;
        let request = ConsultarPagoRequest { key: key.clone() };
        match self.read(&request).await {
            Ok(found) => {
                let their_receipt = found.num_recibo.as_deref().unwrap_or("").trim();
                evidence.push(Evidence::new(
                    ConsultarPagoRequest::NAME,
                    format!(
                        "cod_status {} idtrx {} num_recibo `{}`",
                        found.cod_status,
                        found.payment_id().map_or("-".into(), |i| i.to_string()),
                        their_receipt
                    ),
                ));
                if let Some(ours) = receipt {
                    if found.cod_status != PaymentState::Absent
                        && !their_receipt.is_empty()
                        && their_receipt != ours
                    {
                        evidence.push(Evidence::new(
                            "recovery",
                            format!("a payment with this key has another receipt ({their_receipt}); not ours"),
                        ));
                        return Check::ReceiptMismatch;
                    }
                }
                Check::Found {
                    idtrx: found.payment_id(),
                    state: found.cod_status,
                }
            }
            Err(e) => {
                evidence.push(Evidence::new(ConsultarPagoRequest::NAME, e.to_string()));
                Check::Failed
            }
        }
    }

    async fn backoff(&self, attempt: u32) {
        let entropy = self.clock.now().timestamp_subsec_nanos() as u64;
        self.clock
            .sleep(self.config.retry.delay(attempt, entropy))
            .await;
    }
}

fn rejection(error: &Error) -> Rejection {
    match error {
        Error::Biller {
            biller_code,
            biller_message,
            ..
        } => Rejection {
            code: biller_code.clone(),
            message: biller_message.clone(),
            by_biller: true,
        },
        other => Rejection {
            code: other.code().to_owned(),
            message: other.to_string(),
            by_biller: !matches!(other, Error::Transport(_)),
        },
    }
}
