//! `POST api/recaudadores/estadocuenta` (CU-03): a customer's statement.
//!
//! Every field of the document's example is present, in its order, with its types: amounts
//! as JSON numbers with two decimals (`operacion` with one, as `57266.0` in the document).
//! The three balances reflect the payments that count (registered or synchronised). A
//! customer without invoices or phones gets `[]` or `null` for them
//! (`unicomer.estadocuenta_empty`).

use serde::Serialize;
use crate::exact::RawNumber;

use super::Ctx;
use super::reply::{fail_null_data, malformed, money, ok};
use super::state::{DatosCliente, State};
use crate::biller::SimResponse;
use crate::money::number_dp;

#[derive(Serialize)]
struct Data<'a> {
    estado_cuenta: EstadoCuenta<'a>,
}

#[derive(Serialize)]
struct EstadoCuenta<'a> {
    #[serde(rename = "datosCliente")]
    datos_cliente: &'a DatosCliente,
    /// `None` (null) only when empty and the reading says so.
    facturas: Option<Vec<Factura<'a>>>,
    telefonos: Option<Vec<Telefono<'a>>>,
}

/// The list, or `None` (JSON `null`) when it is empty and `unicomer.estadocuenta_empty=null`.
fn list<T>(items: Vec<T>, null_when_empty: bool) -> Option<Vec<T>> {
    (!(items.is_empty() && null_when_empty)).then_some(items)
}

#[derive(Serialize)]
struct Telefono<'a> {
    telefono: &'a str,
}

#[derive(Serialize)]
struct Factura<'a> {
    id: i64,
    factura: i64,
    operacion: RawNumber,
    cliente: &'a str,
    credito_fch: &'a str,
    credito_valor: RawNumber,
    item_cant: RawNumber,
    item_desc: &'a str,
    factura_full: &'a str,
    credito_cuota: RawNumber,
    credito_plazo: i32,
    prox_fecvto: &'a str,
    dias_mora: i32,
    cuotas_pagadas: i32,
    cuotas_pendientes: i32,
    cuotas_vencidas: i32,
    monto_vencido: RawNumber,
    recargo_gasto: RawNumber,
    interes_mora: RawNumber,
    valor_pagar: RawNumber,
    deuda_tot_sinpro: RawNumber,
    deuda_tot_conpro: RawNumber,
    tiene_inicial: &'a str,
    tiene_mora: &'a str,
    porc_comision: RawNumber,
    cadena: &'a str,
}

pub(super) fn handle(cx: &Ctx<'_>, st: &State) -> SimResponse {
    let fields = match cx.json_fields() {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (cliente, idcommerce) = match (fields.string("cliente"), fields.string("idcommerce")) {
        (Ok(c), Ok(i)) => (c, i),
        (Err(e), _) | (_, Err(e)) => return malformed(&e),
    };
    if idcommerce != cx.config.commerce {
        return fail_null_data(
            "451",
            &format!("Comercio no autorizado: idcommerce `{idcommerce}` no corresponde al usuario"),
        );
    }
    let Some(customer) = st.customers.get(cliente.trim()) else {
        return fail_null_data("451", "Cliente no existe");
    };
    let null_when_empty = cx.readings.is("unicomer.estadocuenta_empty", "null");
    let facturas = customer
        .invoices
        .iter()
        .map(|inv| {
            let b = st.balances(inv, cx.now, cx.window());
            Factura {
                id: inv.id,
                factura: inv.factura,
                operacion: number_dp(inv.operacion, 1),
                cliente: &customer.datos.cl_cedruc,
                credito_fch: &inv.credito_fch,
                credito_valor: money(inv.credito_valor),
                item_cant: money(inv.item_cant),
                item_desc: &inv.item_desc,
                factura_full: &inv.factura_full,
                credito_cuota: money(inv.credito_cuota),
                credito_plazo: inv.credito_plazo,
                prox_fecvto: &inv.prox_fecvto,
                dias_mora: inv.dias_mora,
                cuotas_pagadas: inv.cuotas_pagadas,
                cuotas_pendientes: inv.cuotas_pendientes,
                cuotas_vencidas: inv.cuotas_vencidas,
                monto_vencido: money(inv.monto_vencido),
                recargo_gasto: money(inv.recargo_gasto),
                interes_mora: money(inv.interes_mora),
                valor_pagar: money(b.valor_pagar),
                deuda_tot_sinpro: money(b.deuda_tot_sinpro),
                deuda_tot_conpro: money(b.deuda_tot_conpro),
                tiene_inicial: &inv.tiene_inicial,
                tiene_mora: &inv.tiene_mora,
                porc_comision: money(inv.porc_comision),
                cadena: &inv.cadena,
            }
        })
        .collect();
    ok(
        "OK",
        Data {
            estado_cuenta: EstadoCuenta {
                datos_cliente: &customer.datos,
                facturas: list(facturas, null_when_empty),
                telefonos: list(
                    customer
                        .telefonos
                        .iter()
                        .map(|t| Telefono { telefono: t })
                        .collect(),
                    null_when_empty,
                ),
            },
        },
    )
}
