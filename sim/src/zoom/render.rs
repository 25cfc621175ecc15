//! A payment record in getInfoPagoWs' documented shape, nested `list*` objects included.
//!
//! The document shows `listfactura`, `listnota`, `listpagotarjetadetalle` and others only as
//! `null`; an invoice or credit note here gets a small invented `listfactura`/`listnota`
//! (number, date, total), and the rest stay `null` or `[]`.

use serde_json::{Value, json};

use super::reply::plain;
use super::state::{PaidDoc, Payment, State};
use super::{Ctx, seed};
use crate::money::amount_text;

/// Whether every guide the payment covers is delivered (vacuously true without guides).
pub(super) fn all_delivered(st: &State, p: &Payment) -> bool {
    p.docs.iter().filter(|d| d.tipo_doc == 1).all(|d| {
        st.documents
            .get(&(1, d.nro_doc.clone()))
            .is_some_and(|g| g.delivered)
    })
}

fn number_or_text(text: &str) -> Value {
    text.parse::<i64>()
        .map_or_else(|_| json!(text), |n| json!(n))
}

fn paid_doc(cx: &Ctx<'_>, st: &State, p: &Payment, d: &PaidDoc) -> Value {
    let doc = st.documents.get(&(d.tipo_doc, d.nro_doc.clone()));
    let fecha = doc.map(|x| x.fecha.format("%Y-%m-%d").to_string());
    let total = doc.map(|x| amount_text(x.montodoc));
    let (codguia, codfactura, nota) = match d.tipo_doc {
        1 => (number_or_text(&d.nro_doc), Value::Null, Value::Null),
        2 => (Value::Null, json!(d.nro_doc), Value::Null),
        _ => (Value::Null, Value::Null, number_or_text(&d.nro_doc)),
    };
    let listguia = if d.tipo_doc == 1 {
        let delivered = doc.is_some_and(|g| g.delivered);
        json!({
            "codguia": codguia,
            "codcliente": cx.config.codcliente,
            "fecha": fecha,
            "totalpag": total,
            "codservicio": 1,
            "codtipopag": 2,
            "codoficinaori": cx.config.codoficina,
            "listservicio": {"codservicio": 1, "nombre": "COD NACIONAL", "siglas": "BCD"},
            "listtipopago": {"codtipopag": 2, "nombre": "CREDITO"},
            "listestatus": if delivered {
                json!({"codestatus": 7, "nombre": "ENTREGADO AL DESTINO", "siglas": "E", "codtipo": 8})
            } else {
                json!({"codestatus": 3, "nombre": "EN TRANSITO", "siglas": "T", "codtipo": 3})
            },
        })
    } else {
        Value::Null
    };
    let listfactura = if d.tipo_doc == 2 {
        json!({"codfactura": d.nro_doc, "fecha": fecha, "totalfac": total})
    } else {
        Value::Null
    };
    let listnota = if d.tipo_doc == 4 {
        json!({"id": nota, "fecha": fecha, "total": total})
    } else {
        Value::Null
    };
    json!({
        "id": d.id,
        "idpago": p.idpago,
        "codguia": codguia,
        "codfactura": codfactura,
        "monto": plain(d.monto),
        "notadebitocredito_id": nota,
        "listguia": listguia,
        "listfactura": listfactura,
        "listnota": listnota,
    })
}

/// The record, with the document's fields.
pub(super) fn record(cx: &Ctx<'_>, st: &State, p: &Payment) -> Value {
    let c = cx.config;
    let user = json!({"codusuario": p.codusuario, "nombre": c.nombre});
    let (cuenta, banco) = seed::ACCOUNTS
        .iter()
        .find(|(a, _, _)| *a == p.idcuentabanco)
        .map(|(_, b, n)| (*n, *b))
        .unwrap_or(("", 0));
    let (transaccion, siglas) = if p.idtipotransbanc == 25 {
        ("BOTON DE PAGO", "BOTPAG")
    } else {
        ("TRANSFERENCIA BANCARIA", "TRANBAN")
    };
    let b = &p.button;
    let fechahora = p.fechahoracarga.format("%Y-%m-%d %H:%M:%S").to_string();
    let mut head = json!({
        "idpago": p.idpago,
        "fechapago": p.fechapago.format("%Y-%m-%d").to_string(),
        "idempresa": p.idempresa,
        "idtipotransbanc": p.idtipotransbanc,
        "idestatuspago": p.idestatuspago,
        "montototal": plain(p.montototal),
        "conciliado": false,
        "idconciliado": 0,
        "idcuentabanco": p.idcuentabanco,
        "codbancoori": p.codbancoori,
        "numcuentaori": null,
        "referencia": p.referencia,
        "rifcipagador": p.rifcipagador,
        "nombrepagador": p.nombrepagador,
        "emailpagador": p.emailpagador,
        "codusuario": p.codusuario,
        "fechahoracarga": fechahora,
        "tipousuario": p.tipousuario,
        "monto_ret_iva": "0",
        "monto_ret_islr": "0",
        "monto_ret_tf": "0",
        "monto_ret_im": "0",
        "monto_ret_rs": "0",
        "monto_ret_nc_iva": "0",
        "monto_ret_nc_islr": "0",
        "nro_control": b.nro_control,
        "factura": b.factura_bp,
        "codafiliacion": b.codafiliacion,
        "nro_tarjeta": b.nro_tarjeta,
        "nro_terminal": b.nro_terminal,
        "nro_lote": b.nro_lote,
        "monto_ret_total": null,
        "codoficinaret": c.codoficina,
        "suma_montosret": "0",
    });
    let tail = json!({
        "listusuario": {
            "codusuario": p.codusuario,
            "codcliente": c.codcliente,
            "nombre": c.nombre,
            "codoficina": c.codoficina,
        },
        "todosEnviosEntregados": all_delivered(st, p),
        "listestatuspago": {"idestatuspago": 1, "nombre": "PENDIENTE", "siglas": "PE", "orden": 1},
        "listempresa": {"codempresa": 1, "nombre": "ZOOM"},
        "listpagodoc": p.docs.iter().map(|d| paid_doc(cx, st, p, d)).collect::<Vec<_>>(),
        "listcuentabanco": {
            "codcuentabanco": p.idcuentabanco,
            "codbanco": banco,
            "codcuenta": cuenta,
            "listbanco": {"codbanco": banco, "nombre": seed::bank_name(banco)},
        },
        "listbancoorigen": p.codbancoori.map(|o| json!({"codbanco": o, "nombre": seed::bank_name(o)})),
        "listtrackingpago": [{
            "idtrackingpago": p.idtrackingpago,
            "idpago": p.idpago,
            "idestatuspago": 1,
            "fechahora": fechahora,
            "codusuario": p.codusuario,
            "observacion": "NUEVO REGISTRO",
            "tipousuario": p.tipousuario,
            "listusuario": user,
        }],
        "listtipotransbancaria": {
            "id_tipotransbancaria": p.idtipotransbanc,
            "nombre": transaccion,
            "siglas": siglas,
        },
        "listpagoarchivo": [],
        "listconciliacion": null,
        "listpagobanco": null,
        "listusuariocasint": if p.tipousuario == "UCI" { user.clone() } else { Value::Null },
        "listusuarioge": if p.tipousuario == "GE" {
            json!({
                "codusuario": p.codusuario,
                "nombre": c.nombre,
                "codoficina": c.codoficina,
                "listclienteweb": {"codusuario": p.codusuario, "master": true, "codcliente": c.codcliente},
            })
        } else {
            Value::Null
        },
        "listpagotarjetadetalle": null,
    });
    // Two objects only because one `json!` this long exceeds the macro recursion limit.
    if let (Value::Object(head), Value::Object(tail)) = (&mut head, tail) {
        head.extend(tail);
    }
    head
}
