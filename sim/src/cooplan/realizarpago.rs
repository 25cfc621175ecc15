//! `POST api/realizarpago {IdFactura, Periodo, Contrato, Monto, IdAsociado}`.
//!
//! The invoice must be one of the contract's, paid in full, by the contract's customer id, and
//! still pending (the natural duplicate guard: the document has no other), unless
//! `cooplan.pay_settled=accepted`, which collects a settled invoice again. On success the
//! collection gets an `IdCobranza` (a string, or a number under `cooplan.id_cobranza=number`)
//! and `FechaPagoEmpresa` (Bolivian time).

use rust_decimal::Decimal;
use serde::Serialize;

use super::Ctx;
use super::reply::{id_cobranza, malformed, ok, refuse};
use super::state::{Collection, FECHA_PAGO_FORMAT, State, bolivia};
use crate::biller::SimResponse;
use crate::fields::Fields;
use crate::money::amount_text;

#[derive(Serialize)]
struct Values {
    #[serde(rename = "IdCobranza")]
    id_cobranza: serde_json::Value,
    #[serde(rename = "FechaPagoEmpresa")]
    fecha_pago_empresa: String,
}

struct Request {
    id_factura: i64,
    periodo: String,
    contrato: String,
    monto: Decimal,
    id_asociado: String,
}

fn read(f: &Fields) -> Result<Request, String> {
    Ok(Request {
        id_factura: f.int("idfactura")?,
        periodo: f.non_empty("periodo")?.trim().to_owned(),
        contrato: f.non_empty("contrato")?.trim().to_owned(),
        monto: f.decimal("monto")?,
        id_asociado: f.non_empty("idasociado")?.trim().to_owned(),
    })
}

pub(super) fn handle(cx: &Ctx<'_>, fields: &Fields, st: &mut State) -> SimResponse {
    let r = match read(fields) {
        Ok(r) => r,
        Err(e) => return malformed(&e),
    };
    let Some(contract) = st.contracts.get(&r.contrato) else {
        return refuse(&format!("No existe el contrato {}", r.contrato));
    };
    if r.id_asociado.parse::<i64>().ok() != Some(contract.id_asociado) {
        return refuse(&format!(
            "El IdAsociado {} no corresponde al contrato {}",
            r.id_asociado, r.contrato
        ));
    }
    let Some(debt) = contract
        .debts
        .iter()
        .find(|d| d.factura == r.id_factura && d.periodo == r.periodo)
    else {
        return refuse(&format!(
            "La factura {} del periodo {} no existe para el contrato {}",
            r.id_factura, r.periodo, r.contrato
        ));
    };
    let settled_refused = cx.readings.is("cooplan.pay_settled", "refused");
    if settled_refused && !st.is_pending(debt.factura, &debt.periodo) {
        return refuse(&format!(
            "La factura {} del periodo {} no está pendiente de pago",
            r.id_factura, r.periodo
        ));
    }
    if r.monto.normalize().scale() > 2 || r.monto != debt.monto {
        return refuse(&format!(
            "El monto {} no coincide con la deuda pendiente {}",
            r.monto,
            amount_text(debt.monto)
        ));
    }
    let collection = Collection {
        id_cobranza: st.next_id_cobranza,
        id_factura: debt.factura,
        periodo: debt.periodo.clone(),
        contrato: r.contrato,
        id_asociado: contract.id_asociado,
        monto: debt.monto,
        fecha: bolivia(cx.now),
        reversed_at: None,
        prints: 0,
    };
    st.next_id_cobranza += 1;
    let values = Values {
        id_cobranza: id_cobranza(collection.id_cobranza, &cx.readings),
        fecha_pago_empresa: collection.fecha.format(FECHA_PAGO_FORMAT).to_string(),
    };
    st.collections.push(collection);
    ok("Transaccion realizada con exito", values)
}
