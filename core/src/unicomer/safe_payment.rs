//! Safe payment and safe reversal for Unicomer, on the shared engine in [`crate::recovery`].
//!
//! A `registrarpago` whose reply is lost, garbled, late, a server error or an uncontrolled error
//! is never sent again blindly. Unicomer is asked through **two independent sources**, because
//! its document allows two readings of the one status call:
//!
//! - `consultarpago`, by the invoice `secuencial` (its example) and by `idtrx` (its prose) where
//!   the idtrx is known ([`super::StatusKey`]). A Unicomer that reads the other key answers -1
//!   for a payment it holds, and its example answers `num_recibo: ""`, so `consultarpago` alone
//!   can neither prove an absence nor tell our payment from another under the same key;
//! - `conciliacion` for the `fch_proceso` day, which lists every payment with its `secuencial`,
//!   `idtrx`, amount and `num_recibo`.
//!
//! Ours is a payment shown with **our receipt number** (by `consultarpago` when it fills
//! `num_recibo`, else by a `conciliacion` row with our invoice and amount). Registered or
//! synchronised: confirmed. Zombie, reversed, sync problems, our receipt on another payment,
//! several, or the two sources disagreeing: needs review. **Absent** only when `conciliacion`
//! lists no payment with our receipt *and* every `consultarpago` asked answered -1 (or showed a
//! payment with another receipt); then it is sent again only after a second such answer
//! ([`crate::recovery::RecoveryPolicy::confirm_absence_after`] later), `max_sends` in all,
//! counted across crashes. A refusal of a payment (any send) is checked the same way before it is
//! called a rejection: a browser may resend a POST by itself, and a Unicomer may store a payment
//! and then answer an error.
//!
//! A reversal is checked the same way, the payment found by its `idtrx`: reversed is confirmed;
//! still registered means the reversal did not apply and may be sent again; synchronised means
//! it did not and no longer can.
//!
//! What recovery cannot prove: that a request still in flight after both checks will not land
//! later; a resend is then stopped by the unique `num_recibo` where Unicomer enforces it, and that
//! refusal is checked again. Where Unicomer does not enforce it, the double check is the only
//! protection (see the README's reading matrix).

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::clock::Clock;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::money::{Currency, validate_amount};
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::recovery::{Attempt, Probe, RecoveryPolicy, RefusalCheck, resolve};
use crate::transport::Transport;
use crate::validate;

use super::client::UnicomerClient;
use super::conciliacion::{ConciliacionRequest, EstadoFiltro, RegistroConciliacion};
use super::config::{SETTLE_FLOOR, StatusKey};
use super::consultar_pago::{ConsultarPagoRequest, ConsultarPagoResponse};
use super::payment_key::PaymentKey;
use super::payment_state::PaymentState;
use super::registrar_pago::{RegistrarPagoRequest, RegistrarPagoResponse};
use super::reversa_pago::{ReversaPagoRequest, ReversaPagoResponse};

/// A payment to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequest {
    /// The statement invoice `id` being paid.
    pub secuencial: i64,
    /// The amount paid, in USD.
    pub amount: Decimal,
    /// The collector's unique receipt number (`num_recibo`).
    pub receipt: String,
    /// `fch_proceso`; `None` takes the client's clock in Unicomer's time zone.
    pub paid_at: Option<NaiveDateTime>,
    /// Who collected it (`nombre_cajero`).
    pub cashier: String,
    /// Where it was collected (`localidad_recauda`).
    pub location: String,
    /// The invoice's outstanding debt, when the caller looked it up: the amount may not exceed it.
    pub balance: Option<Decimal>,
}

/// How a payment ended. Everything needed to find it again is here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentReport {
    /// How it ended: confirmed, rejected or needing review.
    pub outcome: Outcome,
    /// Unicomer's payment id, when known.
    pub idtrx: Option<i64>,
    /// The statement invoice paid.
    pub secuencial: i64,
    /// The collector's receipt number (`num_recibo`).
    pub receipt: String,
    /// The amount sent, in USD.
    #[serde(with = "crate::money::wire::string")]
    pub amount: Decimal,
    /// The `fch_proceso` sent (Ecuador time): needed, with the amount, to reverse the payment.
    #[serde(serialize_with = "serialize_fch")]
    pub paid_at: NaiveDateTime,
    /// The reply was lost or unusable and the outcome was established by asking the biller.
    pub recovered: bool,
    /// How many times `registrarpago` was sent (more than one only after proof of absence).
    pub sends: u32,
    /// The payment's state at the biller, when known.
    pub state: Option<PaymentState>,
    /// Why the payment was not made, when it was rejected.
    pub rejection: Option<Rejection>,
    /// Every step taken and what each showed.
    pub evidence: Vec<Evidence>,
}

/// A reversal of a registered payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReversalRequest {
    /// The payment's `idtrx`.
    pub idtrx: i64,
    /// The amount and `fch_proceso` it was registered with.
    pub amount: Decimal,
    /// The `fch_proceso` it was registered with.
    pub paid_at: NaiveDateTime,
    /// The invoice it was paid against, if known: `consultarpago` is then asked by the documented
    /// key; otherwise by `idtrx` (the document's prose).
    pub secuencial: Option<i64>,
}

/// How a reversal ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReversalReport {
    /// How it ended: confirmed, rejected or needing review.
    pub outcome: Outcome,
    /// The payment reversed (`idtrx`).
    pub idtrx: i64,
    /// The reversed payment's receipt number, when the biller gave it.
    pub receipt: Option<String>,
    /// The reply was lost or unusable and the outcome was established by asking the biller.
    pub recovered: bool,
    /// The payment's state at the biller, when known.
    pub state: Option<PaymentState>,
    /// Why the reversal was not made, when it was refused.
    pub rejection: Option<Rejection>,
    /// Every step taken and what each showed.
    pub evidence: Vec<Evidence>,
}

fn serialize_fch<S: serde::Serializer>(v: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::calendar::datetime_space(v))
}

/// What the biller showed about the payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Found {
    idtrx: Option<i64>,
    state: PaymentState,
}

/// One `consultarpago` answer, judged against our receipt.
enum Sighting {
    /// -1, or a payment under the key that carries another receipt number.
    NotOurs,
    /// A payment under the key that carries our receipt number.
    Ours(Found),
    /// A payment under the key whose receipt is not shown (`num_recibo: ""`).
    Unverified(Found),
    /// No usable answer.
    Failed,
}

impl<T: Transport, C: Clock> UnicomerClient<T, C> {
    /// Registers a payment safely (see the module docs). `Err` only for input refused before
    /// anything was sent; every payment that was attempted ends in a [`PaymentReport`].
    pub async fn pay(&self, request: PaymentRequest) -> Result<PaymentReport, Error> {
        self.pay_with(request, Attempt::fresh()).await
    }

    /// [`Self::pay`] for a payment that may have been sent before (`attempt`: the journal's
    /// count, recorded before each send): such a payment is checked with the biller first, by
    /// its `idtrx` too when an earlier run learned it (`attempt.payment_id`).
    pub async fn pay_with(
        &self,
        request: PaymentRequest,
        attempt: Attempt<'_>,
    ) -> Result<PaymentReport, Error> {
        let idtrx = attempt
            .payment_id
            .as_deref()
            .and_then(|id| id.trim().parse::<i64>().ok())
            .filter(|id| *id > 0);
        let amount = validate_amount(request.amount, Currency::Usd, request.balance)?;
        let registrar = RegistrarPagoRequest {
            secuencial: request.secuencial,
            idcommerce: self.config().commerce.clone(),
            fch_proceso: request.paid_at.unwrap_or_else(|| self.now_local()),
            val_pagado: amount,
            localidad_recauda: request.location.trim().to_owned(),
            nombre_cajero: request.cashier.trim().to_owned(),
            num_recibo: request.receipt.trim().to_owned(),
        };
        registrar.to_http(self.config())?;
        let key = registrar.key();
        let res = resolve(
            self.clock(),
            &self.config().recovery.with_floor(SETTLE_FLOOR),
            &self.config().retry,
            attempt,
            RegistrarPagoRequest::NAME,
            |r: &RegistrarPagoResponse| format!("registered as idtrx {}", r.idtrx),
            || self.send(&registrar),
            || self.probe_payment(&key, idtrx, &registrar.num_recibo),
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

    /// Where the payment with our receipt stands, by the same checks safe payment makes (for
    /// a status query): `None` when the sources do not settle it, with the evidence.
    pub async fn find_payment(
        &self,
        secuencial: i64,
        paid_at: NaiveDateTime,
        amount: Decimal,
        idtrx: Option<i64>,
        receipt: &str,
    ) -> (Option<(Option<i64>, PaymentState)>, Vec<Evidence>) {
        let key = self.key(secuencial, paid_at, amount);
        let (probe, evidence) = self.probe_payment(&key, idtrx, receipt.trim()).await;
        let found = match probe {
            Probe::Applied(f) | Probe::Review(f) => Some((f.idtrx, f.state)),
            Probe::Absent(_) => Some((None, PaymentState::Absent)),
            Probe::Refused(_, f) => Some((f.idtrx, f.state)),
            Probe::Unknown => None,
        };
        (found, evidence)
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
        reversal.to_http(self.config())?;
        // A reversal found already made may be an earlier one: a refusal of a reversal is taken
        // at its word, whatever the payment policy says.
        let policy = RecoveryPolicy {
            refusals: RefusalCheck::AtItsWord,
            ..self.config().recovery.with_floor(SETTLE_FLOOR)
        };
        let res = resolve(
            self.clock(),
            &policy,
            &self.config().retry,
            Attempt::fresh(),
            ReversaPagoRequest::NAME,
            |_: &ReversaPagoResponse| "reversed".to_owned(),
            || self.send(&reversal),
            || self.probe_reversal(&request, amount),
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

    /// Asks `consultarpago` by the configured key(s) with the payment's key, `idtrx` standing in
    /// for the invoice when asking by idtrx.
    async fn consult(
        &self,
        key: &PaymentKey,
        idtrx: Option<i64>,
        evidence: &mut Vec<Evidence>,
    ) -> Vec<Result<ConsultarPagoResponse, ()>> {
        let mut keys = Vec::new();
        if self.config().status_key != StatusKey::ByIdtrx {
            keys.push(("secuencial", key.clone()));
        }
        if let Some(id) = idtrx.filter(|_| self.config().status_key != StatusKey::ByInvoice) {
            keys.push((
                "idtrx",
                PaymentKey {
                    secuencial: id,
                    ..key.clone()
                },
            ));
        }
        let mut answers = Vec::new();
        for (by, key) in keys {
            let asked = key.secuencial;
            let answer = self.read(&ConsultarPagoRequest { key }).await;
            let detail = match &answer {
                Ok(found) => format!(
                    "by {by} {asked}: cod_status {} idtrx {} num_recibo `{}`",
                    found.cod_status,
                    found.payment_id().map_or("-".into(), |i| i.to_string()),
                    found.num_recibo.as_deref().unwrap_or("").trim(),
                ),
                Err(e) => format!("by {by} {asked}: {e}"),
            };
            evidence.push(Evidence::new(ConsultarPagoRequest::NAME, detail));
            answers.push(answer.map_err(|_| ()));
        }
        answers
    }

    /// The day's `conciliacion` (every state), or `None` with the evidence when it failed.
    async fn reconciled(
        &self,
        day: chrono::NaiveDate,
        evidence: &mut Vec<Evidence>,
    ) -> Option<Vec<RegistroConciliacion>> {
        match self.reconciliation(day, EstadoFiltro::All).await {
            Ok(rows) => Some(rows),
            Err(e) => {
                evidence.push(Evidence::new(
                    ConciliacionRequest::NAME,
                    format!("{day}: {e}"),
                ));
                None
            }
        }
    }

    /// What both sources say about the payment with our receipt (see the module docs).
    async fn probe_payment(
        &self,
        key: &PaymentKey,
        idtrx: Option<i64>,
        receipt: &str,
    ) -> (Probe<Found>, Vec<Evidence>) {
        let mut evidence = Vec::new();
        let sightings: Vec<Sighting> = self
            .consult(key, idtrx, &mut evidence)
            .await
            .into_iter()
            .map(|answer| match answer {
                Err(()) => Sighting::Failed,
                Ok(found) if found.cod_status == PaymentState::Absent => Sighting::NotOurs,
                Ok(found) => {
                    let details = Found {
                        idtrx: found.payment_id(),
                        state: found.cod_status,
                    };
                    match found.num_recibo.as_deref().map(str::trim).unwrap_or("") {
                        "" => Sighting::Unverified(details),
                        theirs if theirs == receipt => Sighting::Ours(details),
                        _ => Sighting::NotOurs,
                    }
                }
            })
            .collect();
        if let Some(found) = sightings.iter().find_map(|s| match s {
            Sighting::Ours(f) => Some(*f),
            _ => None,
        }) {
            return (payment_probe(found), evidence);
        }
        let day = key.fch_proceso.date();
        let Some(rows) = self.reconciled(day, &mut evidence).await else {
            evidence.push(Evidence::new(
                "recovery",
                "conciliacion gave no answer: consultarpago alone cannot prove the payment ours or absent",
            ));
            return (Probe::Unknown, evidence);
        };
        let ours: Vec<&RegistroConciliacion> = rows
            .iter()
            .filter(|r| r.num_recibo.as_deref().map(str::trim) == Some(receipt))
            .collect();
        evidence.push(Evidence::new(
            ConciliacionRequest::NAME,
            format!(
                "{day}: {} payment(s), {} with receipt {receipt}{}",
                rows.len(),
                ours.len(),
                ours.iter()
                    .map(|r| format!(
                        " [idtrx {} secuencial {} val_pagado {} estado {}]",
                        r.idtrx,
                        r.secuencial,
                        r.val_pagado,
                        r.estado.code()
                    ))
                    .collect::<String>()
            ),
        ));
        match ours.as_slice() {
            [one] if one.secuencial == key.secuencial && one.val_pagado == key.val_pagado => {
                let found = Found {
                    idtrx: Some(one.idtrx),
                    state: one.estado,
                };
                (payment_probe(found), evidence)
            }
            [_] if sightings.iter().all(|s| matches!(s, Sighting::NotOurs)) => {
                // The receipt was used for another payment; this one is not at the biller.
                evidence.push(Evidence::new(
                    "recovery",
                    "our receipt number is on a payment of another invoice or amount; none is \
                     under this payment's key",
                ));
                (
                    Probe::Absent(Found {
                        idtrx: None,
                        state: PaymentState::Absent,
                    }),
                    evidence,
                )
            }
            [_] => {
                evidence.push(Evidence::new(
                    "recovery",
                    "our receipt number is on a payment of another invoice or amount, and \
                     consultarpago does not settle this one",
                ));
                (Probe::Review(unknown_found()), evidence)
            }
            [] => {
                if sightings.iter().any(|s| matches!(s, Sighting::Failed)) {
                    evidence.push(Evidence::new(
                        "recovery",
                        "consultarpago gave no answer: conciliacion alone does not prove an absence",
                    ));
                    return (Probe::Unknown, evidence);
                }
                if let Some(found) = sightings.iter().find_map(|s| match s {
                    Sighting::Unverified(f) if f.state != PaymentState::Absent => Some(*f),
                    _ => None,
                }) {
                    evidence.push(Evidence::new(
                        "recovery",
                        "consultarpago shows a payment under our key without its receipt, and \
                         conciliacion lists none with ours: the sources disagree",
                    ));
                    return (Probe::Review(found), evidence);
                }
                (
                    Probe::Absent(Found {
                        idtrx: None,
                        state: PaymentState::Absent,
                    }),
                    evidence,
                )
            }
            _ => {
                evidence.push(Evidence::new(
                    "recovery",
                    "several payments carry our receipt number: a person must decide",
                ));
                (Probe::Review(unknown_found()), evidence)
            }
        }
    }

    /// Where the reversed payment stands, found by its `idtrx` in either source.
    async fn probe_reversal(
        &self,
        request: &ReversalRequest,
        amount: Decimal,
    ) -> (Probe<Found>, Vec<Evidence>) {
        let mut evidence = Vec::new();
        let invoice_key = self.key(
            request.secuencial.unwrap_or(request.idtrx),
            request.paid_at,
            amount,
        );
        let answers = self
            .consult(&invoice_key, Some(request.idtrx), &mut evidence)
            .await;
        let seen = answers.iter().find_map(|a| match a {
            Ok(found)
                if found.cod_status != PaymentState::Absent
                    && found.payment_id().is_none_or(|id| id == request.idtrx) =>
            {
                Some(Found {
                    idtrx: Some(request.idtrx),
                    state: found.cod_status,
                })
            }
            _ => None,
        });
        if let Some(found) = seen {
            return (reversal_probe(found), evidence);
        }
        let day = request.paid_at.date();
        let Some(rows) = self.reconciled(day, &mut evidence).await else {
            return (Probe::Unknown, evidence);
        };
        match rows.iter().find(|r| r.idtrx == request.idtrx) {
            Some(row) => {
                evidence.push(Evidence::new(
                    ConciliacionRequest::NAME,
                    format!("{day}: idtrx {} estado {}", row.idtrx, row.estado.code()),
                ));
                (
                    reversal_probe(Found {
                        idtrx: Some(row.idtrx),
                        state: row.estado,
                    }),
                    evidence,
                )
            }
            None => {
                evidence.push(Evidence::new(
                    "recovery",
                    format!(
                        "neither source shows a payment with idtrx {}",
                        request.idtrx
                    ),
                ));
                (Probe::Review(unknown_found()), evidence)
            }
        }
    }
}

fn unknown_found() -> Found {
    Found {
        idtrx: None,
        state: PaymentState::Other(-2),
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
