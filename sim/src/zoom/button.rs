//! The pay-button services (Megasoft): `getNroControlWS` opens a transaction and answers its
//! control number, invoice number and amount; `getXmlWS` answers a transaction's result by
//! control number. Both answer `{"sucess": ..., "Mensaje": ...}` (sic).
//!
//! Their inputs are not documented; the simulator takes `monto` and `control` (and the token).
//! A transaction stays pending until the customer settles it at the bank's page (`bank.rs`) or
//! a test does ([`crate::Simulator::settle_zoom_button`]). getXmlWS writes `monto` in implied cents
//! (`"102425"` for 1024.25), as the document's example looks, or `"1024.25"` under the reading
//! `zoom.xml_monto=decimal_point`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::fields::ZoomFields;
use super::rules::{Rules, required};
use super::state::{ButtonState, ButtonTxn, State};
use crate::biller::SimResponse;
use crate::money::{amount_text, two_dp};

/// A pay-button failure: `{"sucess": false, "Mensaje": "<text>"}`.
fn failure(message: &str) -> SimResponse {
    SimResponse::ok(&json!({"sucess": false, "Mensaje": message}))
}

pub(super) fn nro_control(st: &mut State, fields: &ZoomFields) -> SimResponse {
    let mut rules = Rules::new(fields);
    let monto = rules.amount("monto", true);
    let monto = match (rules.finish(), monto) {
        (Ok(()), Some(m)) => m,
        (Err(errors), _) => {
            let all: Vec<String> = errors.into_values().flatten().collect();
            return failure(&all.join(" "));
        }
        (Ok(()), None) => return failure(&required("monto")),
    };
    let seq = st.button.len() as u64 + 1;
    let txn = ButtonTxn {
        control: format!("{}", 6_000_000_000u64 + seq),
        factura: format!("{}", 10_000_000_000_000u64 + seq),
        monto,
        state: ButtonState::Pending,
        seq,
    };
    let reply = json!({
        "sucess": true,
        "Mensaje": {"control": txn.control, "factura": txn.factura, "monto": amount_text(txn.monto)},
    });
    st.button.push(txn);
    SimResponse::ok(&reply)
}

/// `monto` in cents without a point: 1024.25 is `"102425"`.
fn cents(d: Decimal) -> String {
    let mut c = two_dp(d);
    c.set_scale(0).ok();
    c.to_string()
}

pub(super) fn xml(cx: &super::Ctx<'_>, st: &State, fields: &ZoomFields) -> SimResponse {
    let Some(control) = fields.text("control") else {
        return failure(&required("control"));
    };
    let Some(t) = st.button.iter().find(|t| t.control == control) else {
        return failure(&format!(
            "No existe transacción para el número de control {control}"
        ));
    };
    let (sucess, estado, codigo, descripcion, authid, ok) = match t.state {
        ButtonState::Approved => (
            true,
            "A",
            "00",
            "APROBADA",
            format!("{:06}", 100_000 + t.seq),
            true,
        ),
        ButtonState::Declined => (false, "R", "51", "FONDO INSUFICIENTE", String::new(), false),
        ButtonState::Pending => (
            false,
            "P",
            "",
            "TRANSACCION PENDIENTE",
            String::new(),
            false,
        ),
    };
    let card = "400000******0000";
    let reference = format!("{:06}", t.seq);
    let voucher: Value = if t.state == ButtonState::Pending {
        Value::String(String::new())
    } else {
        Value::String(format!(
            " \n           BANCO DE PRUEBA\n          RIF J-00000000-0\n          RECIBO DE COMPRA\n\n\
             ZOOM DE PRUEBA\nCIUDAD DE PRUEBA\nAFILIADO:00000001\nTERMINAL:00000001 LOTE:1\n\
             CUENTA:{card} \nMONTO:{}\nTRACE:{} NRO. REF:{reference}\n\n{}\n\n\n",
            amount_text(t.monto),
            t.seq,
            if ok {
                "TRANSACCION APROBADA"
            } else {
                "TRANSACCION FALLIDA"
            }
        ))
    };
    SimResponse::ok(&json!({
        "sucess": sucess,
        "Mensaje": {
            "control": t.control,
            "cod_afiliacion": "100000001",
            "factura": t.factura,
            "monto": if cx.readings.is("zoom.xml_monto", "decimal_point") {
                amount_text(t.monto)
            } else {
                cents(t.monto)
            },
            "estado": estado,
            "codigo": codigo,
            "descripcion": descripcion,
            "vtid": "00000001",
            "seqnum": t.seq.to_string(),
            "authid": authid,
            "authname": "P-EComPrueba",
            "tarjeta": card,
            "referencia": reference,
            "terminal": "00000001",
            "lote": "1",
            "rifbanco": "",
            "afiliacion": "100000001",
            "voucher": voucher,
        }
    }))
}
