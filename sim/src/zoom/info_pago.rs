//! `getInfoPagoWs` (GET or POST): payment records, filtered by every documented parameter.
//!
//! Array filters must be arrays (`idpago[]=1` or a JSON array) of the right type, reported per
//! element (`idpago.0`) as the document's own error example shows. No match is `CODE_000`.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde_json::Value;

use super::fields::ZoomFields;
use super::reply::{invalid_parameters, no_data, query_ok};
use super::rules::{Rules, invalid};
use super::state::{Payment, State};
use super::{Ctx, render};
use crate::biller::SimResponse;

#[derive(Default)]
struct Filter {
    idpago: Option<Vec<i64>>,
    idestatuspago: Option<Vec<i64>>,
    idempresa: Option<Vec<i64>>,
    idtipotransbanc: Option<Vec<i64>>,
    idcuentabanco: Option<Vec<i64>>,
    referencia: Option<Vec<String>>,
    codusuario: Option<Vec<String>>,
    desde: Option<NaiveDate>,
    hasta: Option<NaiveDate>,
    fechacarga: Option<NaiveDate>,
    monto_total: Option<Decimal>,
    codoficina: Option<i64>,
    codcliente: Option<i64>,
    guia: Option<i64>,
    factura: Option<String>,
    fechasync: Option<NaiveDateTime>,
    entregados: Option<bool>,
}

fn read(fields: &ZoomFields) -> Result<Filter, SimResponse> {
    let mut r = Rules::new(fields);
    let mut f = Filter {
        idpago: r.int_list("idpago"),
        idestatuspago: r.int_list("idestatuspago"),
        idempresa: r.int_list("idempresa"),
        idtipotransbanc: r.int_list("idtipotransbanc"),
        idcuentabanco: r.int_list("idcuentabanco"),
        referencia: r.list("referencia"),
        codusuario: r.list("codusuario"),
        desde: r.date("fechapagoDesde", false),
        hasta: r.date("fechapagoHasta", false),
        fechacarga: r.date("fechacarga", false),
        monto_total: r.amount("montoTotal", false),
        codoficina: r.int("codoficina", false),
        codcliente: r.int("codcliente", false),
        guia: r.int("guia", false),
        factura: r.text("factura", false),
        fechasync: r.datetime_hi("fechasync"),
        ..Filter::default()
    };
    match r.text("todosEnviosEntregados", false).as_deref() {
        None => {}
        Some("1") => f.entregados = Some(true),
        Some("0") => f.entregados = Some(false),
        Some(_) => r.fail("todosEnviosEntregados", invalid("todosEnviosEntregados")),
    }
    r.finish().map_err(invalid_parameters)?;
    Ok(f)
}

fn any_of<T: PartialEq>(set: &Option<Vec<T>>, value: &T) -> bool {
    set.as_ref().is_none_or(|s| s.contains(value))
}

fn matches(cx: &Ctx<'_>, st: &State, f: &Filter, p: &Payment) -> bool {
    let user_ok = |v: Option<i64>, of_user: i64| v.is_none_or(|v| v == of_user);
    any_of(&f.idpago, &p.idpago)
        && any_of(&f.idestatuspago, &p.idestatuspago)
        && any_of(&f.idempresa, &p.idempresa)
        && any_of(&f.idtipotransbanc, &p.idtipotransbanc)
        && any_of(&f.idcuentabanco, &p.idcuentabanco)
        && any_of(&f.referencia, &p.referencia)
        && any_of(&f.codusuario, &p.codusuario.to_string())
        && f.desde.is_none_or(|d| p.fechapago >= d)
        && f.hasta.is_none_or(|d| p.fechapago <= d)
        && f.fechacarga.is_none_or(|d| p.fechahoracarga.date() == d)
        && f.monto_total.is_none_or(|m| p.montototal == m)
        // Every payment here was registered by the configured user.
        && user_ok(f.codoficina, cx.config.codoficina)
        && user_ok(f.codcliente, cx.config.codcliente)
        && f.guia.is_none_or(|g| {
            p.docs
                .iter()
                .any(|d| d.tipo_doc == 1 && d.nro_doc == g.to_string())
        })
        && f.factura.as_ref().is_none_or(|n| {
            p.docs.iter().any(|d| d.tipo_doc == 2 && &d.nro_doc == n)
        })
        && f.fechasync.is_none_or(|t| p.fechahoracarga >= t)
        && f.entregados.is_none_or(|want| render::all_delivered(st, p) == want)
}

pub(super) fn handle(cx: &Ctx<'_>, st: &State, fields: &ZoomFields) -> SimResponse {
    let filter = match read(fields) {
        Ok(f) => f,
        Err(refused) => return refused,
    };
    let records: Vec<Value> = st
        .payments
        .iter()
        .filter(|p| matches(cx, st, &filter, p))
        .map(|p| render::record(cx, st, p))
        .collect();
    if records.is_empty() {
        no_data()
    } else {
        query_ok(Value::Array(records))
    }
}
