//! What the simulated Zoom remembers: documents, payment records, pay-button transactions,
//! tokens.
//!
//! What a document owes is never stored: it is its seeded amount less its seeded
//! `totalpagado` and the simulated payments that cover it.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::tokens::{Tokens, noise};

/// A document (guide, invoice or credit note) and what was paid of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoomDocument {
    /// 1 guide, 2 invoice, 4 credit note.
    pub tipo_doc: i64,
    pub nro_doc: String,
    pub montodoc: Decimal,
    /// Paid before any simulated payment (partial payments).
    pub totalpagado: Decimal,
    /// Creation date (`fecha`, written `yyyymmdd`).
    pub fecha: NaiveDate,
    /// For guides: delivered (`todosEnviosEntregados`).
    pub delivered: bool,
    /// Cancelled (anulado): getMontoDocWs has no data for it, payments are refused.
    pub cancelled: bool,
}

impl ZoomDocument {
    /// A payable document with nothing paid, not delivered.
    pub fn new(tipo_doc: i64, nro_doc: &str, montodoc: Decimal, fecha: NaiveDate) -> Self {
        ZoomDocument {
            tipo_doc,
            nro_doc: nro_doc.to_owned(),
            montodoc,
            totalpagado: Decimal::ZERO,
            fecha,
            delivered: false,
            cancelled: false,
        }
    }
}

/// One document a payment covers.
#[derive(Clone, Debug)]
pub(crate) struct PaidDoc {
    pub id: i64,
    pub tipo_doc: i64,
    pub nro_doc: String,
    pub monto: Decimal,
}

/// The pay-button fields of a payment, as sent.
#[derive(Clone, Debug, Default)]
pub(crate) struct ButtonFields {
    pub nro_control: Option<String>,
    pub factura_bp: Option<String>,
    pub codafiliacion: Option<String>,
    pub nro_tarjeta: Option<String>,
    pub nro_terminal: Option<String>,
    pub nro_lote: Option<String>,
    pub nro_aprobacion: Option<String>,
}

/// A stored payment record.
#[derive(Clone, Debug)]
pub(crate) struct Payment {
    pub idpago: i64,
    pub fechapago: NaiveDate,
    pub idempresa: i64,
    pub idtipotransbanc: i64,
    pub idestatuspago: i64,
    pub montototal: Decimal,
    pub idcuentabanco: i64,
    pub codbancoori: Option<i64>,
    pub referencia: String,
    pub rifcipagador: String,
    pub nombrepagador: String,
    pub emailpagador: String,
    pub codusuario: i64,
    pub tipousuario: String,
    /// Venezuelan wall time of creation.
    pub fechahoracarga: NaiveDateTime,
    pub button: ButtonFields,
    pub docs: Vec<PaidDoc>,
    pub idtrackingpago: i64,
}

/// Megasoft's states for a pay-button transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ButtonState {
    Pending,
    Approved,
    Declined,
}

impl ButtonState {
    pub(super) fn name(self) -> &'static str {
        match self {
            ButtonState::Pending => "pending",
            ButtonState::Approved => "approved",
            ButtonState::Declined => "declined",
        }
    }
}

/// A pay-button transaction opened by getNroControlWS.
#[derive(Clone, Debug)]
pub(crate) struct ButtonTxn {
    pub control: String,
    pub factura: String,
    pub monto: Decimal,
    pub state: ButtonState,
    pub seq: u64,
}

/// Everything the simulated Zoom remembers.
pub(crate) struct State {
    pub documents: BTreeMap<(i64, String), ZoomDocument>,
    pub payments: Vec<Payment>,
    pub tokens: Tokens,
    pub next_idpago: i64,
    pub next_pagodoc: i64,
    pub next_tracking: i64,
    pub button: Vec<ButtonTxn>,
}

impl State {
    /// What was paid of a document: its seeded `totalpagado` plus the simulated payments.
    pub fn paid(&self, doc: &ZoomDocument) -> Decimal {
        self.payments
            .iter()
            .flat_map(|p| p.docs.iter())
            .filter(|d| d.tipo_doc == doc.tipo_doc && d.nro_doc == doc.nro_doc)
            .fold(doc.totalpagado, |a, d| {
                a.checked_add(d.monto).unwrap_or(Decimal::MAX)
            })
    }

    /// What is still owed, never below zero.
    pub fn owed(&self, doc: &ZoomDocument) -> Decimal {
        (doc.montodoc - self.paid(doc)).max(Decimal::ZERO)
    }

    /// A document getMontoDocWs shows and createPagoWs takes: not cancelled, not final.
    pub fn payable(&self, tipo_doc: i64, nro_doc: &str) -> Option<&ZoomDocument> {
        self.documents
            .get(&(tipo_doc, nro_doc.to_owned()))
            .filter(|d| !d.cancelled && self.owed(d) > Decimal::ZERO)
    }

    pub(super) fn issue_token(&mut self, now: NaiveDateTime, ttl_secs: i64) -> String {
        self.tokens.issue(now, ttl_secs, jwt_shaped).0
    }
}

/// An opaque token shaped like a JWT (three dot-separated parts), as Zoom's are.
fn jwt_shaped(serial: u64) -> String {
    let part = |round| format!("{:016x}", noise(serial, round));
    format!("eyJzaW0iOiJ6b29tIn0.{}{}.{}", part(1), part(2), part(3))
}
