//! `createPagoWs` (POST): stores a payment record.
//!
//! Every documented field is validated Laravel-style and every problem comes back at once as
//! `CODE_002`, keyed by field (`monto.1` for an array element). The four document arrays go
//! together (all or none, one entry per document); each document must exist, be payable and
//! owe at least its amount. A pay-button payment (25) that names a control number must match an
//! approved Megasoft transaction of the same amount.
//!
//! By default there is **no duplicate guard**: the same `referencia` can be stored any number
//! of times, as far as the document tells. Under `zoom.duplicate_referencia=refused` a stored
//! `referencia` is one more per-field message (Laravel's `unique`). The reply (`COD_001`)
//! echoes the input as strings, as the document's example does (`"idempresa": "1"`), with the
//! new `idpago` and `listpagodoc`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::fields::ZoomFields;
use super::reply::{envelope, invalid_parameters, plain};
use super::rules::{Rules, date_format, integer, invalid};
use super::state::{ButtonFields, ButtonState, PaidDoc, Payment, State};
use super::{Ctx, seed};
use crate::biller::SimResponse;

const DOC_ARRAYS: [&str; 4] = ["tipoDoc", "nroDoc", "monto", "sortDoc"];
const BUTTON_FIELDS: [&str; 7] = [
    "nro_control",
    "factura_bp",
    "codafiliacion",
    "nro_tarjeta",
    "nro_terminal",
    "nro_lote",
    "nro_aprobacion",
];

pub(super) fn handle(cx: &Ctx<'_>, st: &mut State, fields: &ZoomFields) -> SimResponse {
    let mut r = Rules::new(fields);
    let idempresa = r.int("idempresa", true);
    let codusuario = r.int("codusuario", true);
    let idtipo = r.int("idtipotransbanc", true);
    let idcuenta = r.int("idcuentabanco", true);
    let codbancoori = r.int("codbancoori", false);
    let referencia = r.text("referencia", true);
    let rif = r.text("rifcipagador", true);
    let nombre = r.text("nombrepagador", true);
    let email = r.text("emailpagador", true);
    let tipousuario = r.text("tipousuario", true);
    let fechapago = r.date("fechapago", true);
    let monto_total = r.amount("montoTotal", true);
    let tipo_doc = r.list("tipoDoc");
    let nro_doc = r.list("nroDoc");
    let monto = r.amount_list("monto");
    let sort_doc = r.list("sortDoc");
    let button: Vec<Option<String>> = BUTTON_FIELDS.iter().map(|f| r.text(f, false)).collect();

    if idempresa.is_some_and(|e| e != 1) {
        r.fail("idempresa", invalid("idempresa"));
    }
    if codusuario.is_some_and(|u| u != cx.config.codusuario) {
        r.fail("codusuario", invalid("codusuario"));
    }
    if idtipo.is_some_and(|t| t != 24 && t != 25) {
        r.fail("idtipotransbanc", invalid("idtipotransbanc"));
    }
    if idcuenta.is_some_and(|c| !seed::ACCOUNTS.iter().any(|(a, _, _)| *a == c)) {
        r.fail("idcuentabanco", invalid("idcuentabanco"));
    }
    if codbancoori.is_some_and(|b| seed::bank_name(b).is_none()) {
        r.fail("codbancoori", invalid("codbancoori"));
    }
    if referencia.as_ref().is_some_and(|s| s.chars().count() > 40) {
        r.fail(
            "referencia",
            "El campo referencia no debe contener más de 40 caracteres.".to_owned(),
        );
    }
    let unique = cx.readings.is("zoom.duplicate_referencia", "refused");
    if unique
        && referencia
            .as_ref()
            .is_some_and(|r| st.payments.iter().any(|p| &p.referencia == r))
    {
        r.fail(
            "referencia",
            "El campo referencia ya ha sido registrado.".to_owned(),
        );
    }
    if rif.as_deref().is_some_and(|s| !rif_ok(s)) {
        r.fail(
            "rifcipagador",
            "El formato del campo rifcipagador es inválido.".to_owned(),
        );
    }
    if nombre.as_deref().is_some_and(|s| !name_ok(s)) {
        r.fail(
            "nombrepagador",
            "El campo nombrepagador no debe contener caracteres especiales.".to_owned(),
        );
    }
    if email.as_deref().is_some_and(|s| !email_ok(s)) {
        r.fail(
            "emailpagador",
            "El campo emailpagador debe ser una dirección de correo válida.".to_owned(),
        );
    }
    if tipousuario
        .as_deref()
        .is_some_and(|t| t != "GE" && t != "UCI")
    {
        r.fail("tipousuario", invalid("tipousuario"));
    }

    // The document arrays: all or none, equal lengths, each entry valid.
    let present: Vec<&str> = DOC_ARRAYS
        .iter()
        .copied()
        .filter(|f| fields.filled(f))
        .collect();
    let mut docs = Vec::new();
    if !present.is_empty() && present.len() < DOC_ARRAYS.len() {
        for missing in DOC_ARRAYS.iter().filter(|f| !present.contains(f)) {
            r.fail(
                missing,
                format!(
                    "El campo {missing} es obligatorio cuando {} está presente.",
                    present[0]
                ),
            );
        }
    } else if let (Some(tipos), Some(nros), Some(montos), Some(sorts)) =
        (&tipo_doc, &nro_doc, &monto, &sort_doc)
    {
        let n = nros.len();
        let mut lengths_ok = true;
        for (name, len) in [
            ("tipoDoc", tipos.len()),
            ("monto", montos.len()),
            ("sortDoc", sorts.len()),
        ] {
            if len != n {
                lengths_ok = false;
                r.fail(
                    name,
                    format!("El campo {name} debe contener {n} elementos."),
                );
            }
        }
        // Each entry is checked whatever else is wrong, so every problem is reported at once.
        if lengths_ok {
            docs = check_documents(&mut r, st, tipos, nros, montos, sorts);
        }
    }

    let button = ButtonFields {
        nro_control: button[0].clone(),
        factura_bp: button[1].clone(),
        codafiliacion: button[2].clone(),
        nro_tarjeta: button[3].clone(),
        nro_terminal: button[4].clone(),
        nro_lote: button[5].clone(),
        nro_aprobacion: button[6].clone(),
    };
    if idtipo == Some(25) {
        if let Some(control) = &button.nro_control {
            match st.button.iter().find(|t| &t.control == control) {
                Some(t) if t.state == ButtonState::Approved => {
                    if monto_total.is_some_and(|m| m != t.monto) {
                        r.fail(
                            "montoTotal",
                            "El campo montoTotal debe coincidir con el monto de la transacción \
                             del botón de pago."
                                .to_owned(),
                        );
                    }
                }
                _ => r.fail("nro_control", invalid("nro_control")),
            }
        }
    }
    if let Err(errors) = r.finish() {
        return invalid_parameters(errors);
    }
    let (
        Some(idempresa),
        Some(codusuario),
        Some(idtipo),
        Some(idcuenta),
        Some(referencia),
        Some(rif),
        Some(nombre),
        Some(email),
        Some(tipousuario),
        Some(fechapago),
        Some(monto_total),
    ) = (
        idempresa,
        codusuario,
        idtipo,
        idcuenta,
        referencia,
        rif,
        nombre,
        email,
        tipousuario,
        fechapago,
        monto_total,
    )
    else {
        // Every one of these was required above; unreachable, but never a panic.
        return invalid_parameters(Default::default());
    };

    let idpago = st.next_idpago;
    st.next_idpago += 1;
    let idtrackingpago = st.next_tracking;
    st.next_tracking += 1;
    let paid_docs: Vec<PaidDoc> = docs
        .into_iter()
        .map(|(tipo_doc, nro_doc, monto)| {
            let id = st.next_pagodoc;
            st.next_pagodoc += 1;
            PaidDoc {
                id,
                tipo_doc,
                nro_doc,
                monto,
            }
        })
        .collect();
    let payment = Payment {
        idpago,
        fechapago,
        idempresa,
        idtipotransbanc: idtipo,
        idestatuspago: 1,
        montototal: monto_total,
        idcuentabanco: idcuenta,
        codbancoori,
        referencia,
        rifcipagador: rif,
        nombrepagador: nombre,
        emailpagador: email,
        codusuario,
        tipousuario,
        fechahoracarga: cx.caracas(),
        button,
        docs: paid_docs,
        idtrackingpago,
    };
    let reply = reply(&payment);
    st.payments.push(payment);
    envelope("COD_001", "INGRESO REALIZADO EXITOSAMENTE", reply)
}

/// Checks each document entry; returns `(tipoDoc, nroDoc, monto)` for the valid ones.
fn check_documents(
    r: &mut Rules<'_>,
    st: &State,
    tipos: &[String],
    nros: &[String],
    montos: &[Option<Decimal>],
    sorts: &[String],
) -> Vec<(i64, String, Decimal)> {
    let mut out = Vec::new();
    for i in 0..nros.len() {
        let field = format!("tipoDoc.{i}");
        let tipo = match tipos[i].parse::<i64>() {
            Ok(t) if [1, 2, 4].contains(&t) => t,
            Ok(_) => {
                r.fail(&field, invalid(&field));
                continue;
            }
            Err(_) => {
                r.fail(&field, integer(&field));
                continue;
            }
        };
        if NaiveDate::parse_from_str(&sorts[i], "%Y%m%d").is_err() || sorts[i].len() != 8 {
            let f = format!("sortDoc.{i}");
            r.fail(&f, date_format(&f, "Ymd"));
        }
        let Some(doc) = st.payable(tipo, &nros[i]) else {
            let f = format!("nroDoc.{i}");
            r.fail(&f, invalid(&f));
            continue;
        };
        let Some(amount) = montos[i] else { continue };
        let owed = st.owed(doc);
        if amount > owed {
            r.fail(
                &format!("monto.{i}"),
                format!("El campo monto.{i} no debe ser mayor que {}.", plain(owed)),
            );
            continue;
        }
        out.push((tipo, doc.nro_doc.clone(), amount));
    }
    out
}

/// The stored record as createPagoWs answers it: the input echoed as strings.
fn reply(p: &Payment) -> Value {
    let docs: Vec<Value> = p
        .docs
        .iter()
        .map(|d| {
            let key = match d.tipo_doc {
                1 => "codguia",
                2 => "codfactura",
                _ => "notadebitocredito_id",
            };
            json!({"idpago": p.idpago, key: d.nro_doc, "monto": plain(d.monto), "id": d.id})
        })
        .collect();
    let b = &p.button;
    json!({
        "fechapago": p.fechapago.format("%Y-%m-%d").to_string(),
        "idempresa": p.idempresa.to_string(),
        "idtipotransbanc": p.idtipotransbanc.to_string(),
        "idestatuspago": p.idestatuspago,
        "montototal": plain(p.montototal),
        "conciliado": false,
        "idconciliado": 0,
        "idcuentabanco": p.idcuentabanco.to_string(),
        "codbancoori": p.codbancoori.map(|c| c.to_string()),
        "numcuentaori": null,
        "referencia": p.referencia,
        "rifcipagador": p.rifcipagador,
        "nombrepagador": p.nombrepagador,
        "emailpagador": p.emailpagador,
        "codusuario": p.codusuario.to_string(),
        "tipousuario": p.tipousuario,
        "fechahoracarga": p.fechahoracarga.format("%Y-%m-%d %H:%M:%S").to_string(),
        "nro_control": b.nro_control,
        "codafiliacion": b.codafiliacion,
        "nro_tarjeta": b.nro_tarjeta,
        "nro_terminal": b.nro_terminal,
        "nro_lote": b.nro_lote,
        "monto_ret_total": null,
        "nro_aprobacion": b.nro_aprobacion,
        "idpago": p.idpago,
        "listpagodoc": docs,
    })
}

/// The simulator's own reading of the document's RIF/cédula formats (`V-12345678`,
/// `J-01234567-1`): a letter V, E, J, G or P, `-`, 6 to 9 digits (letters too for passports),
/// and optionally `-` and one check digit.
fn rif_ok(text: &str) -> bool {
    let mut parts = text.split('-');
    let (Some(letter), Some(number)) = (parts.next(), parts.next()) else {
        return false;
    };
    let check = parts.next();
    if parts.next().is_some() {
        return false;
    }
    let letter_ok = matches!(letter, "V" | "E" | "J" | "G" | "P");
    let number_ok = (5..=15).contains(&number.len())
        && if letter == "P" {
            number.chars().all(|c| c.is_ascii_alphanumeric())
        } else {
            number.len() >= 6 && number.len() <= 9 && number.chars().all(|c| c.is_ascii_digit())
        };
    let check_ok = check.is_none_or(|c| c.len() == 1 && c.chars().all(|d| d.is_ascii_digit()));
    letter_ok && number_ok && check_ok
}

/// No special characters: letters (any alphabet's, accents included), digits, spaces and
/// `. , -`.
fn name_ok(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | ',' | '-'))
}

fn email_ok(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        for good in [
            "V-12345678",
            "J-01234567-1",
            "E-81234567",
            "P-AB12345",
            "V-1234567-8",
        ] {
            assert!(rif_ok(good), "{good}");
        }
        for bad in [
            "12345678",
            "V12345678",
            "X-12345678",
            "V-123",
            "V-12345678-12",
            "J-0-1-2",
        ] {
            assert!(!rif_ok(bad), "{bad}");
        }
        assert!(name_ok("JOSÉ PEÑA G."));
        assert!(!name_ok("A & B"));
        assert!(email_ok("a@b.test"));
        assert!(!email_ok("a b@c.test") && !email_ok("ab.test") && !email_ok("a@b"));
    }
}
