//! Safe payment and safe reversal for Cooplan, on the shared engine in [`crate::recovery`].
//!
//! A `realizarpago` whose reply is lost, garbled, late or a server error is never sent again
//! blindly. Cooplan has no status call, so the biller is asked through its pending debts and
//! the collections report of the day(s) the payment may have landed on, and the evidence is
//! judged by the tables in [`super::probe`]:
//!
//! - the report lists a collection of our invoice, period, contract and amount, recorded no
//!   earlier than our first send (less `clock_tolerance`), and the debt is no longer pending
//!   (or its state is unknown) → **confirmed**, with its `IdCobranza`;
//! - the debt is still pending and every report asked listed the day's collections without
//!   ours → **absent**: sent again (at most `max_sends` in all);
//! - the debt is no longer pending but nothing names our collection → **needs review**: the
//!   invoice was paid, not necessarily by us;
//! - the report answers a plain string (as in the document) → it proves nothing; a debt still
//!   pending is then **needs review** unless `recovery_trusts_debts_alone` is set;
//! - anything contradictory, or no answer → **needs review**, every step in the evidence.
//!
//! A reversal is checked the same way: the debt pending again (and the report not showing the
//! collection in effect) is **confirmed**; the collection still in effect and the debt not
//! pending is **absent** (sent again); anything else needs review.
//!
//! What recovery cannot prove: *who* paid an invoice that is no longer pending (another
//! collector, the customer at an office) unless the report names the collection; whether a
//! request still in flight past `settle_delay` lands later. A resend of a payment that did land
//! is refused by the biller's natural guard (the invoice is no longer pending), if the real
//! Cooplan has one (the simulator does; the document does not say), and that refusal triggers
//! another check rather than a rejection.

use chrono::{NaiveDate, NaiveDateTime};
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

use super::client::CooplanClient;
use super::config::SETTLE_FLOOR;
use super::consultar_deuda::{ConsultarDeudaRequest, Deuda};
use super::dates::{check_periodo, format_fecha_pago};
use super::envelope::Envelope;
use super::inputs::{check_contrato, check_id_cobranza, check_id_factura};
use super::probe::{Pending, Reported, Verdict, judge_payment, judge_reversal};
use super::realizar_pago::{PagoRealizado, RealizarPagoRequest};
use super::reporte_cobranzas::{Cobranza, ReporteCobranzas, ReporteCobranzasRequest};
use super::revertir_pago::RevertirPagoRequest;

/// A payment of one pending invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequest {
    /// The debt's `factura`.
    pub id_factura: i64,
    /// The debt's `periodo` (`yyyymm`).
    pub periodo: String,
    /// The customer's contract.
    pub contrato: String,
    /// "Id Cliente Empresa"; the debt's `ID` is the guess [`PaymentRequest::for_debt`] uses.
    pub id_asociado: String,
    /// In BOB.
    pub amount: Decimal,
    /// What is owed on the invoice when the caller looked it up: the amount may not exceed it.
    pub balance: Option<Decimal>,
    /// The collector's own receipt number. Cooplan has no field for it: it is **never sent**,
    /// only kept in the report and the evidence, to tie the payment to the collector's books.
    pub receipt: Option<String>,
}

impl PaymentRequest {
    /// Pays a debt `consultardeuda` listed for `contrato`, in full (`Monto` is "the pending
    /// debt's amount"), with the debt's `ID` as `IdAsociado`.
    pub fn for_debt(contrato: &str, deuda: &Deuda, receipt: Option<String>) -> Result<Self, Error> {
        let id_asociado = deuda
            .id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::invalid("IdAsociado", "the debt has no ID to pay it with"))?;
        Ok(PaymentRequest {
            id_factura: deuda.factura,
            periodo: deuda.periodo.trim().to_owned(),
            contrato: contrato.trim().to_owned(),
            id_asociado: id_asociado.to_owned(),
            amount: deuda.monto_total,
            balance: Some(deuda.monto_total),
            receipt,
        })
    }
}

/// How a payment ended. Everything needed to find it again is here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentReport {
    /// How it ended: confirmed, rejected or needing review.
    pub outcome: Outcome,
    /// Cooplan's collection id, when known (from the reply or from the report).
    pub id_cobranza: Option<String>,
    /// When Cooplan recorded it, Bolivian time, when known.
    #[serde(serialize_with = "opt_datetime")]
    pub fecha_pago_empresa: Option<NaiveDateTime>,
    /// The invoice paid.
    pub id_factura: i64,
    /// The billing period paid (`yyyymm`).
    pub periodo: String,
    /// The contract paid.
    pub contrato: String,
    /// "Id Cliente Empresa" as sent.
    pub id_asociado: String,
    /// The amount sent, in BOB.
    #[serde(with = "crate::money::wire::string")]
    pub amount: Decimal,
    /// The collector's receipt number (never sent to Cooplan).
    pub receipt: Option<String>,
    /// When the payment was first sent, Bolivian time by the client's clock.
    #[serde(serialize_with = "datetime")]
    pub sent_at: NaiveDateTime,
    /// The biller's message on success, verbatim.
    pub message: Option<String>,
    /// The reply was lost or unusable and the outcome was established by asking the biller.
    pub recovered: bool,
    /// How many times `realizarpago` was sent (more than one only after proof of absence).
    pub sends: u32,
    /// Why the payment was not made, when it was rejected.
    pub rejection: Option<Rejection>,
    /// Every step taken and what each showed.
    pub evidence: Vec<Evidence>,
}

/// A reversal of one collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReversalRequest {
    /// The invoice the collection paid.
    pub id_factura: i64,
    /// The collection to reverse, as `realizarpago` returned it.
    pub id_cobranza: String,
    /// The contract paid: with it a lost reply is checked against the pending debts (the debt
    /// pending again means the reversal applied). Without it only the report can tell.
    pub contrato: Option<String>,
    /// The period paid, to tell the debt from other periods of the same invoice number.
    pub periodo: Option<String>,
    /// The Bolivian day the payment was collected, whose report lists it; default today.
    pub paid_on: Option<NaiveDate>,
}

/// How a reversal ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReversalReport {
    /// How it ended: confirmed, rejected or needing review.
    pub outcome: Outcome,
    /// The invoice the collection paid.
    pub id_factura: i64,
    /// The collection reversed.
    pub id_cobranza: String,
    /// The biller's message on success, verbatim.
    pub message: Option<String>,
    /// The reply was lost or unusable and the outcome was established by asking the biller.
    pub recovered: bool,
    /// How many times `revertirpago` was sent.
    pub sends: u32,
    /// Why the reversal was not made, when it was rejected.
    pub rejection: Option<Rejection>,
    /// Every step taken and what each showed.
    pub evidence: Vec<Evidence>,
}

fn datetime<S: serde::Serializer>(v: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::calendar::datetime_space(v))
}

fn opt_datetime<S: serde::Serializer>(v: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => datetime(v, s),
        None => s.serialize_none(),
    }
}

/// Receipt numbers: letters, digits, `-`, `_`, `/`, `.`; at most 40.
fn check_receipt(receipt: &str) -> Result<(), Error> {
    validate::code("receipt", receipt, 40, &['-', '_', '/', '.'])
}

impl<T: Transport, C: Clock> CooplanClient<T, C> {
    /// Pays safely (see the module docs). `Err` only for input refused before anything was
    /// sent; every payment that was attempted ends in a [`PaymentReport`].
    pub async fn pay(&self, request: PaymentRequest) -> Result<PaymentReport, Error> {
        self.pay_with(request, Attempt::fresh()).await
    }

    /// [`Self::pay`] for a payment that may have been sent before (`attempt`: the journal's
    /// count and first send time): such a payment is checked with the biller first, and only a
    /// collection recorded after that first send can be ours.
    pub async fn pay_with(
        &self,
        request: PaymentRequest,
        attempt: Attempt<'_>,
    ) -> Result<PaymentReport, Error> {
        let amount = validate_amount(request.amount, Currency::Bob, request.balance)?;
        let receipt = request.receipt.as_deref().map(str::trim).map(str::to_owned);
        if let Some(r) = &receipt {
            check_receipt(r)?;
        }
        let realizar = RealizarPagoRequest {
            id_factura: request.id_factura,
            periodo: request.periodo.trim().to_owned(),
            contrato: request.contrato.trim().to_owned(),
            monto: amount,
            id_asociado: request.id_asociado.trim().to_owned(),
        };
        realizar.to_http(self.config())?;
        let sent_at = attempt
            .first_sent_at
            .map(|t| self.local(t))
            .unwrap_or_else(|| self.now_local());
        let mut evidence = Vec::new();
        if let Some(r) = &receipt {
            evidence.push(Evidence::new(
                "receipt",
                format!("collector receipt {r} (kept locally; Cooplan takes no receipt number)"),
            ));
        }
        let res = resolve(
            self.clock(),
            &self.config().recovery.with_floor(SETTLE_FLOOR),
            &self.config().retry,
            attempt,
            RealizarPagoRequest::NAME,
            |r: &Envelope<PagoRealizado>| {
                format!(
                    "collected as IdCobranza {} at {}",
                    r.values.id_cobranza,
                    format_fecha_pago(&r.values.fecha_pago_empresa)
                )
            },
            || async { confirmed(self.send(&realizar).await) },
            || self.probe_payment(&realizar, sent_at),
        )
        .await;
        evidence.extend(res.evidence);
        let (id_cobranza, fecha, message) = match (&res.reply, &res.probe) {
            (Some(reply), _) => (
                Some(reply.values.id_cobranza.clone()),
                Some(reply.values.fecha_pago_empresa),
                Some(reply.message.clone()),
            ),
            (None, Some(Some(row))) if res.outcome == Outcome::Confirmed => {
                (row.id_cobranza.clone(), row.fecha_pago_empresa, None)
            }
            _ => (None, None, None),
        };
        Ok(PaymentReport {
            outcome: res.outcome,
            id_cobranza,
            fecha_pago_empresa: fecha,
            id_factura: realizar.id_factura,
            periodo: realizar.periodo,
            contrato: realizar.contrato,
            id_asociado: realizar.id_asociado,
            amount,
            receipt,
            sent_at,
            message,
            recovered: res.recovered,
            sends: res.sends,
            rejection: res.rejection,
            evidence,
        })
    }

    /// Reverses a collection safely: a reversal whose reply is lost is checked against the
    /// pending debts and the report before it is sent again. `Err` only for input refused
    /// before sending.
    pub async fn reverse(&self, request: ReversalRequest) -> Result<ReversalReport, Error> {
        check_id_factura(request.id_factura)?;
        check_id_cobranza(&request.id_cobranza, false)?;
        if let Some(c) = &request.contrato {
            check_contrato(c)?;
        }
        if let Some(p) = &request.periodo {
            check_periodo(p)?;
        }
        let revertir = RevertirPagoRequest {
            id_factura: request.id_factura,
            id_cobranza: request.id_cobranza.trim().to_owned(),
        };
        revertir.to_http(self.config())?;
        // A reversal found already made may be an earlier one: its refusal is taken at its word.
        let policy = RecoveryPolicy {
            refusals: RefusalCheck::AtItsWord,
            ..self.config().recovery.with_floor(SETTLE_FLOOR)
        };
        let res = resolve(
            self.clock(),
            &policy,
            &self.config().retry,
            Attempt::fresh(),
            RevertirPagoRequest::NAME,
            |r: &Envelope<String>| format!("reversed (values {})", r.values),
            || async { confirmed(self.send(&revertir).await) },
            || self.probe_reversal(&request),
        )
        .await;
        Ok(ReversalReport {
            outcome: res.outcome,
            id_factura: revertir.id_factura,
            id_cobranza: revertir.id_cobranza,
            message: res.reply.map(|r| r.message),
            recovered: res.recovered,
            sends: res.sends,
            rejection: res.rejection,
            evidence: res.evidence,
        })
    }

    /// What Cooplan's reads show about a payment of `request` first sent at `sent_at` (Cooplan
    /// has no status call): the same evidence and verdict a lost payment reply is resolved
    /// with. `Err` only for input refused before anything was sent.
    pub async fn payment_status(
        &self,
        request: &PaymentRequest,
        sent_at: NaiveDateTime,
    ) -> Result<(Probe<Option<Cobranza>>, Vec<Evidence>), Error> {
        let amount = validate_amount(request.amount, Currency::Bob, None)?;
        let realizar = RealizarPagoRequest {
            id_factura: request.id_factura,
            periodo: request.periodo.trim().to_owned(),
            contrato: request.contrato.trim().to_owned(),
            monto: amount,
            id_asociado: request.id_asociado.trim().to_owned(),
        };
        realizar.to_http(self.config())?;
        Ok(self.probe_payment(&realizar, sent_at).await)
    }

    async fn probe_payment(
        &self,
        pago: &RealizarPagoRequest,
        sent_at: NaiveDateTime,
    ) -> (Probe<Option<Cobranza>>, Vec<Evidence>) {
        let mut evidence = Vec::new();
        let pending = self
            .pending(
                Some(&pago.contrato),
                pago.id_factura,
                Some(&pago.periodo),
                &mut evidence,
            )
            .await;
        // A row recorded well before we first sent cannot be ours.
        let earliest = chrono::Duration::from_std(self.config().clock_tolerance)
            .ok()
            .and_then(|d| sent_at.checked_sub_signed(d))
            .unwrap_or(NaiveDateTime::MIN);
        let ours = |row: &Cobranza| {
            !row.is_reversed()
                && row.matches(
                    pago.id_factura,
                    &pago.periodo,
                    &pago.contrato,
                    Some(pago.monto),
                )
        };
        let too_early = std::cell::Cell::new(0usize);
        let reported = self
            .reported(self.report_days(sent_at.date()), &mut evidence, |row| {
                let early = row.fecha_pago_empresa.is_some_and(|f| f < earliest);
                if ours(row) && early {
                    too_early.set(too_early.get() + 1);
                }
                ours(row) && !early
            })
            .await;
        if too_early.get() > 0 {
            evidence.push(Evidence::new(
                "recovery",
                format!(
                    "{} collection(s) of this invoice were recorded more than {} s before we first sent: not ours",
                    too_early.get(),
                    self.config().clock_tolerance.as_secs()
                ),
            ));
        }
        let verdict = judge_payment(
            &pending,
            &reported,
            self.config().recovery_trusts_debts_alone,
        );
        let ours = reported.rows.first().cloned();
        (to_probe(verdict, ours, &mut evidence), evidence)
    }

    async fn probe_reversal(
        &self,
        r: &ReversalRequest,
    ) -> (Probe<Option<Cobranza>>, Vec<Evidence>) {
        let mut evidence = Vec::new();
        let pending = self
            .pending(
                r.contrato.as_deref(),
                r.id_factura,
                r.periodo.as_deref(),
                &mut evidence,
            )
            .await;
        let paid_on = r.paid_on.unwrap_or_else(|| self.today());
        let id = r.id_cobranza.trim();
        let reported = self
            .reported(self.report_days(paid_on), &mut evidence, |row| {
                row.is_collection(id)
            })
            .await;
        let verdict = judge_reversal(
            &pending,
            &reported,
            self.config().recovery_trusts_debts_alone,
        );
        (
            to_probe(verdict, reported.rows.first().cloned(), &mut evidence),
            evidence,
        )
    }

    /// `day`, and today when it is another day (a payment sent just before midnight).
    fn report_days(&self, day: NaiveDate) -> Vec<NaiveDate> {
        let today = self.today();
        if today == day {
            vec![day]
        } else {
            vec![day, today]
        }
    }

    /// Whether `consultardeuda` still lists the invoice (and period, when known).
    async fn pending(
        &self,
        contrato: Option<&str>,
        id_factura: i64,
        periodo: Option<&str>,
        evidence: &mut Vec<Evidence>,
    ) -> Pending {
        let step = ConsultarDeudaRequest::NAME;
        let Some(contrato) = contrato else {
            evidence.push(Evidence::new(step, "not asked: the contract was not given"));
            return Pending::Unknown;
        };
        let what = match periodo {
            Some(p) => format!("invoice {id_factura} period {p}"),
            None => format!("invoice {id_factura}"),
        };
        match self.debts(contrato).await {
            Ok(debts) => match debts.into_iter().find(|d| d.is(id_factura, periodo)) {
                Some(d) => {
                    evidence.push(Evidence::new(
                        step,
                        format!("{what} is still pending ({} BOB)", d.monto_total),
                    ));
                    Pending::Listed(d)
                }
                None => {
                    evidence.push(Evidence::new(
                        step,
                        format!("{what} is not among contract {contrato}'s pending debts"),
                    ));
                    Pending::NotListed
                }
            },
            Err(e) => {
                evidence.push(Evidence::new(step, e.to_string()));
                Pending::Unknown
            }
        }
    }

    /// The rows `wanted` keeps from the reports of `days`.
    async fn reported(
        &self,
        days: Vec<NaiveDate>,
        evidence: &mut Vec<Evidence>,
        wanted: impl Fn(&Cobranza) -> bool,
    ) -> Reported {
        let step = ReporteCobranzasRequest::NAME;
        let mut reported = Reported {
            rows: Vec::new(),
            complete: true,
        };
        for day in days {
            let label = crate::calendar::date_iso(day);
            match self.collections_report(day).await {
                Ok(ReporteCobranzas::Cobranzas(rows)) => {
                    let total = rows.len();
                    let found: Vec<Cobranza> = rows.into_iter().filter(|r| wanted(r)).collect();
                    let ids: Vec<&str> = found
                        .iter()
                        .map(|r| r.id_cobranza.as_deref().unwrap_or("?"))
                        .collect();
                    evidence.push(Evidence::new(
                        step,
                        format!(
                            "{label}: {total} collection(s), {} matching{}",
                            found.len(),
                            if ids.is_empty() {
                                String::new()
                            } else {
                                format!(": IdCobranza {}", ids.join(", "))
                            }
                        ),
                    ));
                    reported.rows.extend(found);
                }
                Ok(ReporteCobranzas::Texto(text)) => {
                    let shown: String = text.chars().take(80).collect();
                    evidence.push(Evidence::new(
                        step,
                        format!("{label}: answered text, not a list (`{shown}`): proves nothing"),
                    ));
                    reported.complete = false;
                }
                Err(e) => {
                    evidence.push(Evidence::new(step, format!("{label}: {e}")));
                    reported.complete = false;
                }
            }
        }
        reported
    }
}

/// A write's reply confirms it only with `error` 0 *and* `status` 1, as every example shows:
/// anything else under `error` 0 says nothing definite, and the write is checked like a lost
/// reply.
fn confirmed<V>(reply: Result<Envelope<V>, Error>) -> Result<Envelope<V>, Error> {
    let reply = reply?;
    match reply.status.as_deref().map(str::trim) {
        Some("1") => Ok(reply),
        other => Err(Error::Decode {
            reason: format!(
                "error 0 but status {}: not a confirmed write",
                other.unwrap_or("missing")
            ),
            snippet: String::new(),
            http_status: 200,
        }),
    }
}

fn to_probe(
    verdict: Verdict,
    row: Option<Cobranza>,
    evidence: &mut Vec<Evidence>,
) -> Probe<Option<Cobranza>> {
    match verdict {
        Verdict::Applied => Probe::Applied(row),
        Verdict::Absent => Probe::Absent(row),
        Verdict::Review(reason) => {
            evidence.push(Evidence::new("recovery", reason));
            Probe::Review(row)
        }
        Verdict::Unknown => {
            evidence.push(Evidence::new(
                "recovery",
                "the biller could not be asked: nothing proves the outcome",
            ));
            Probe::Unknown
        }
    }
}
