//! The simulated gateway's operations and the three shapes the document shows them in: the
//! coupons reply, the operations listing and the transaction status.
//!
//! One stored operation is one coupon (one payment attempt under a reference); a split payment
//! keeps its parts in `childs`. Amounts go out as JSON numbers with the fewest digits, as the
//! document's examples do (`10288`, `100.5`, `2871.74`), so clients must pad them themselves.
//! Times are UTC and go out as ISO-8601 with milliseconds.


use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// One coupon / operation.
#[derive(Clone, Debug)]
pub(crate) struct Op {
    pub id: String,
    pub uid: String,
    pub reference: String,
    /// The status code as the gateway writes it (`"200"`).
    pub status: String,
    pub total: Decimal,
    /// `ARS` or `TEST`.
    pub currency: String,
    pub description: String,
    /// `plugin.value.checkout:web`, ...
    pub context: String,
    pub source_name: String,
    pub source_reference: String,
    /// `card` or `cash`.
    pub source_type: String,
    pub card_number: Option<String>,
    pub installment_count: i64,
    pub user_name: String,
    pub user_email: String,
    /// UTC.
    pub created: NaiveDateTime,
    /// UTC.
    pub updated: NaiveDateTime,
    pub childs: Vec<Op>,
}

/// The merchant every operation belongs to (made up).
pub(crate) const ENTITY_ID: &str = "e0e0e0e0e0e0e0e0e0e0e0e0";
pub(crate) const ENTITY_UID: &str = "ENTPRUEBA";
pub(crate) const ENTITY_NAME: &str = "Comercio de Prueba";
pub(crate) const ENTITY_TAX_ID: &str = "30000000007";

/// Statuses the gateway counts as paid: 200 and the settlement stages that only follow it.
/// Its duplicate guard refuses a second paid operation under one reference.
pub(crate) fn is_paid(status: &str) -> bool {
    matches!(status.trim(), "200" | "299" | "300" | "301" | "302" | "303")
}

/// Statuses of a coupon still waiting for its payment: pending, or a cash coupon not yet paid
/// at the counter.
pub(crate) fn is_pending(status: &str) -> bool {
    matches!(status.trim(), "1" | "2")
}

/// The gateway's words for a status (`status.text` / `status.message` of a payment).
pub(crate) fn status_words(status: &str) -> (&'static str, &'static str) {
    match status.trim() {
        "0" => ("Sin estado", "Operación sin estado"),
        "1" => ("Pendiente", "Transacción Pendiente"),
        "2" => ("En espera", "Esperando el pago del cupón"),
        "3" => ("Autorizada", "Transacción Autorizada"),
        "4" => ("Entregada", "Transacción Entregada"),
        "100" => ("En revisión", "Transacción en Revisión"),
        "200" => ("Aprobado", "Transacción Aprobada"),
        "201" => ("Aceptada", "Transacción Aceptada"),
        "210" => ("Retenida", "Transacción Retenida"),
        "299" | "300" | "301" | "302" | "303" => ("Aprobado", "Transacción Liquidada"),
        "400" => ("Rechazado", "Transacción Declinada"),
        "401" => ("Expirado", "Transacción Expirada"),
        "402" => ("Abandonado", "Transacción Abandonada"),
        "403" => ("Fallido", "Transacción Fallida"),
        "410" | "411" | "412" | "413" | "414" | "415" => ("Denegado", "Transacción Denegada"),
        "500" => ("Error", "Error en la Transacción"),
        "600" => ("Cancelando", "Cancelación en Proceso"),
        "601" => ("Cancelado", "Transacción Cancelada"),
        "602" => ("Devuelto", "Transacción Devuelta"),
        "603" => ("Desconocido", "Estado Desconocido"),
        "605" => ("Devuelto parcialmente", "Transacción Devuelta Parcialmente"),
        "800" => ("Lista", "Operación Lista"),
        _ => ("Desconocido", "Estado Desconocido"),
    }
}

/// An amount as the document writes it: a JSON number with the fewest digits.
/// (Written bare by `SimResponse::json`: see [`crate::exact::number`].)
pub(crate) fn num(d: Decimal) -> Value {
    crate::exact::number(d.normalize().to_string())
}

/// `2020-07-13T17:20:54.463Z`
pub(crate) fn iso(t: NaiveDateTime) -> String {
    t.and_utc().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn currency_label(code: &str) -> (&'static str, &'static str) {
    match code {
        "TEST" => ("Test Money", "T$"),
        _ => ("Peso Argentino", "$"),
    }
}

impl Op {
    /// Test-mode operations are the ones in test money.
    pub fn is_test(&self) -> bool {
        self.currency == "TEST"
    }

    pub fn context_name(&self) -> &'static str {
        match self.context.as_str() {
            "plugin.value.payment_order:web" => "Orden de Pago",
            "plugin.value.checkout:web" => "Checkout",
            _ => "Otro",
        }
    }

    /// An entry of `GET 2.0/transactions/coupons/{reference}` (childs included when present).
    pub fn coupon_json(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "uid": self.uid,
            "operation": "payment.v2",
            "status": self.status,
            "source": {"name": self.source_name, "reference": self.source_reference},
            "installment_count": self.installment_count,
            "total": num(self.total),
            "currency": self.currency,
            "description": self.description,
            "reference": self.reference,
            "user": {"name": self.user_name, "email": self.user_email},
            "updated": iso(self.updated),
            "created": iso(self.created),
        });
        if let Value::Object(map) = &mut v {
            if let Some(card) = &self.card_number {
                map.insert("card_number".into(), json!(card));
            }
            if !self.childs.is_empty() {
                let childs: Vec<Value> = self.childs.iter().map(Op::coupon_json).collect();
                map.insert("childs".into(), Value::Array(childs));
            }
        }
        v
    }

    /// An entry of `p/operations` `docs`, in the document's field order.
    pub fn operation_json(&self) -> Value {
        let (label, symbol) = currency_label(&self.currency);
        let total = num(self.total);
        json!({
            "_id": self.id,
            "user": {"name": self.user_name},
            "uid": self.uid,
            "operation": "payment.v2",
            "status": self.status,
            "sourceReference": self.source_reference,
            "sourceName": self.source_name,
            "installmentReference": self.installment_count.to_string(),
            "card_number": self.card_number.clone().unwrap_or_default(),
            "description": self.description,
            "reference": self.reference,
            "riskQualityLevel": 0,
            "entity": {
                "_id": ENTITY_ID,
                "name": ENTITY_NAME,
                "uid": ENTITY_UID,
                "tax_id": ENTITY_TAX_ID,
            },
            "total": total,
            "totals": {
                "total": total,
                "user_charges": 0,
                "entity_charges": {"source": 0, "installment": 0, "service": 0},
                "currency": self.currency,
                "installment_amount": total,
                "financial": {"percentage": 0, "amount": 0},
                "requested": {"total": total, "currency": self.currency},
                "currency_data": {
                    "value": self.currency,
                    "label": label,
                    "symbol": symbol,
                    "hidden": false,
                },
                "installment": {"amount": total, "count": self.installment_count},
            },
            "created": iso(self.created),
            "context": {"value": self.context, "name": self.context_name()},
            "intent": {"value": "payment.v2", "name": "Pago"},
            "source": {"name": self.source_name, "reference": self.source_reference},
            "sign": "+",
            "riskQuality": {"level": 0, "band": 0},
        })
    }

    /// One entry of `transactions` in the status reply.
    fn transaction_json(&self, coupon_id: &str) -> Value {
        let (label, symbol) = currency_label(&self.currency);
        json!({
            "_id": format!("tx-{}", self.uid),
            "uid": self.uid,
            "utid": "",
            "status": self.status,
            "description": self.description,
            "message": "",
            "type": "Payment",
            "total": num(self.total),
            "references": [],
            "hash": "",
            "sender": "a0a0a0a0a0a0a0a0a0a0a0a0",
            "receiver": ENTITY_ID,
            "coupon": coupon_id,
            "currency": {"value": self.currency, "label": label, "symbol": symbol, "hidden": false},
            "updated": iso(self.updated),
            "created": iso(self.created),
            "__v": 0,
        })
    }

    /// `data` of `POST 2.0/transactions/status` for this coupon: its own transaction and one
    /// per child, the gateway's view of the payment, and the detail rows.
    pub fn status_json(&self) -> Value {
        let (label, symbol) = currency_label(&self.currency);
        let (text, message) = status_words(&self.status);
        let mut transactions = vec![self.transaction_json(&self.id)];
        transactions.extend(self.childs.iter().map(|c| c.transaction_json(&self.id)));
        let card = self.card_number.clone().unwrap_or_default();
        let total = num(self.total);
        let mut details = Vec::new();
        if !card.is_empty() {
            details
                .push(json!({"key": "card_number", "label": "Número de Tarjeta", "value": card}));
        }
        details.push(json!({"key": "transactionId", "label": "ID Transacción", "value": self.uid}));
        if is_paid(&self.status) {
            details.push(json!({"key": "authorizationCode", "label": "Código de Autorización", "value": "000001"}));
            details.push(json!({"key": "ticketNo", "label": "Número de Ticket", "value": "0001"}));
        }
        json!({
            "transactions": transactions,
            "transaction": {
                "result": true,
                "view": {"type": self.source_type},
                "payment": {
                    "id": self.uid,
                    "description": self.description,
                    "operation": {"type": "payment.v2"},
                    "status": {"code": self.status, "text": text, "message": message},
                    "total": total,
                    "currency": {"code": self.currency, "text": label, "symbol": symbol},
                    "riskAnalysis": {"band": "N/A", "level": "N/A"},
                    "created": iso(self.created),
                    "updated": iso(self.updated),
                    "reference": self.reference,
                    "source": {
                        "name": self.source_name,
                        "type": self.source_type,
                        "reference": self.source_reference,
                        "number": card,
                        "expiration": {"month": "12", "year": "30"},
                        "installment": {
                            "description": if self.installment_count > 1 { "Cuotas" } else { "Débito" },
                            "amount": total,
                            "count": self.installment_count,
                            "reference": format!("{}_debit", self.installment_count),
                        },
                    },
                },
                "user": {"name": self.user_name, "email": self.user_email},
                "source": {
                    "name": self.source_name,
                    "type": self.source_type,
                    "reference": self.source_reference,
                },
            },
            "transaction_details": details,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_use_the_fewest_digits() {
        let written = |d| String::from_utf8(crate::exact::write(&num(d)).unwrap()).unwrap();
        assert_eq!(written(Decimal::new(1028800, 2)), "10288");
        assert_eq!(written(Decimal::new(10050, 2)), "100.5");
        assert_eq!(written(Decimal::new(287174, 2)), "2871.74");
        assert!(is_paid("200") && is_paid(" 301 ") && !is_paid("201") && !is_paid("2"));
    }
}
