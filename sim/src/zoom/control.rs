//! Zoom's part of the control API, under `/_sim/zoom/`:
//!
//! - `POST tokens/expire`: every issued token becomes invalid (the next call gets
//!   `CODE_003` `TokenInvalidException`); served by [`crate::biller::Mounted`] through
//!   `SimBiller::expire_tokens`.
//! - `POST tokens`: issues a token as if supplied by Zoom: `{"token": "..."}`.
//! - `POST documents` `{"tipoDoc": 1, "nroDoc": "...", "montodoc": "100.00", "totalpagado":
//!   "0", "fecha": "20240110", "entregado": false, "anulado": false}`: adds or replaces a
//!   document (amounts as strings or numbers; only `tipoDoc`, `nroDoc`, `montodoc` required).
//! - `POST button/{control}` `{"approved": true}`: settles a pay-button transaction.

use chrono::NaiveDate;
use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::state::{ButtonState, ZoomDocument};
use super::{Zoom, ZoomSnapshot};
use crate::biller::{ControlCall, Mounted, SimResponse};
use crate::control::{body_field, control_error, control_ok, json_amount, json_body, json_int};

pub(super) fn handle(z: &Mounted<Zoom>, call: &ControlCall<'_>) -> Option<SimResponse> {
    let response = match (call.method, call.path) {
        (&Method::POST, ["tokens"]) => {
            let ttl = z.config().token_ttl_secs;
            control_ok(json!({"token": z.lock().issue_token(call.now, ttl)}))
        }
        (&Method::POST, ["documents"]) => match parse_document(call.body) {
            Ok(doc) => {
                let reply = json!({"tipoDoc": doc.tipo_doc, "nroDoc": doc.nro_doc});
                z.put_document(doc);
                control_ok(reply)
            }
            Err(e) => control_error(StatusCode::BAD_REQUEST, &e),
        },
        (&Method::POST, ["button", control]) => {
            let approved = body_field(call.body, "approved").and_then(|v| v.as_bool());
            match approved {
                None => control_error(
                    StatusCode::BAD_REQUEST,
                    "body must be {\"approved\": true|false}",
                ),
                Some(a) if z.settle(control, a) => {
                    control_ok(json!({"control": control, "approved": a}))
                }
                Some(_) => control_error(
                    StatusCode::NOT_FOUND,
                    &format!("no pay-button transaction with control {control}"),
                ),
            }
        }
        _ => return None,
    };
    Some(response)
}

fn amount(v: Option<&Value>, name: &str, default: Option<Decimal>) -> Result<Decimal, String> {
    if matches!(v, None | Some(Value::Null)) {
        return default.ok_or(format!("`{name}` is required"));
    }
    json_amount(v)
        .filter(|d| *d >= Decimal::ZERO && d.normalize().scale() <= 2)
        .ok_or(format!(
            "`{name}` must be a non-negative amount with at most 2 decimals"
        ))
}

fn parse_document(body: &[u8]) -> Result<ZoomDocument, String> {
    let v = json_body(body)?;
    let tipo = json_int(v.get("tipoDoc"))
        .filter(|t| [1, 2, 4].contains(t))
        .ok_or("`tipoDoc` must be 1, 2 or 4")?;
    let nro = v
        .get("nroDoc")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or("`nroDoc` (non-empty string) is required")?;
    let montodoc = amount(v.get("montodoc"), "montodoc", None)?;
    let totalpagado = amount(v.get("totalpagado"), "totalpagado", Some(Decimal::ZERO))?;
    let fecha = match v.get("fecha").and_then(Value::as_str) {
        None => NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
        Some(f) => NaiveDate::parse_from_str(f, "%Y%m%d")
            .map_err(|_| "`fecha` must be yyyymmdd".to_owned())?,
    };
    let flag = |name: &str| v.get(name).and_then(Value::as_bool).unwrap_or(false);
    let mut doc = ZoomDocument::new(tipo, nro, montodoc, fecha);
    doc.totalpagado = totalpagado;
    doc.delivered = flag("entregado");
    doc.cancelled = flag("anulado");
    Ok(doc)
}

/// What the controls and the simulator handle change.
impl Mounted<Zoom> {
    pub(super) fn put_document(&self, doc: ZoomDocument) {
        self.lock()
            .documents
            .insert((doc.tipo_doc, doc.nro_doc.clone()), doc);
    }

    pub(super) fn settle(&self, control: &str, approved: bool) -> bool {
        let mut st = self.lock();
        match st.button.iter_mut().find(|t| t.control == control) {
            Some(t) => {
                t.state = if approved {
                    ButtonState::Approved
                } else {
                    ButtonState::Declined
                };
                true
            }
            None => false,
        }
    }
}

/// Zoom's part of the simulator handle.
impl crate::Simulator {
    /// Zoom's requests, tokens, payments, documents and pay-button transactions.
    pub fn zoom_state(&self) -> ZoomSnapshot {
        self.shared.get::<Zoom>().snapshot(self.shared.clock.now())
    }

    /// A token "supplied by Zoom" (getInfoPagoWs' words), as if issued to the default user,
    /// for clients configured with a token instead of a login (same as
    /// `POST /_sim/zoom/tokens`).
    pub fn zoom_issue_token(&self) -> String {
        let zoom = self.shared.get::<Zoom>();
        let ttl = zoom.config().token_ttl_secs;
        zoom.lock().issue_token(self.shared.clock.now(), ttl)
    }

    /// Adds (or replaces) a document (same as `POST /_sim/zoom/documents`).
    pub fn add_zoom_document(&self, doc: ZoomDocument) {
        self.shared.get::<Zoom>().put_document(doc);
    }

    /// Settles a pay-button transaction at "Megasoft": approved or declined (same as
    /// `POST /_sim/zoom/button/{control}`). False when no transaction has that control number.
    pub fn settle_zoom_button(&self, control: &str, approved: bool) -> bool {
        self.shared.get::<Zoom>().settle(control, approved)
    }
}
