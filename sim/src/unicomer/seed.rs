//! Seed customers. Every identity here is made up (cédulas `09000000NN`, `@recaudo.test`
//! emails, `099000000N` phones); the amounts are realistic instalment credits whose fields
//! are consistent with each other (overdue = overdue instalments, debt = pending instalments
//! plus charges, `valor_pagar` = overdue plus charges, or the next instalment when current).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::state::{Customer, DatosCliente, Invoice, State};
use crate::fields::dec;
use crate::tokens::Tokens;

/// First `idtrx` handed out after a start or reset.
const FIRST_IDTRX: i64 = 1001;

/// The state after every start or reset: the seed customers, nothing paid, no token.
pub(super) fn state() -> State {
    State {
        customers: customers(),
        tokens: Tokens::default(),
        payments: Vec::new(),
        next_idtrx: FIRST_IDTRX,
    }
}

/// Fields of an invoice that vary between seed invoices.
struct Credit {
    id: i64,
    factura: i64,
    item: &'static str,
    fch: &'static str,
    valor: &'static str,
    cuota: &'static str,
    plazo: i32,
    pagadas: i32,
    vencidas: i32,
    dias_mora: i32,
    prox_fecvto: &'static str,
    recargo: &'static str,
    interes: &'static str,
}

fn invoice(c: &Credit) -> Invoice {
    let cuota = dec(c.cuota);
    let recargo = dec(c.recargo);
    let interes = dec(c.interes);
    let pendientes = c.plazo - c.pagadas;
    let vencido = cuota * Decimal::from(c.vencidas);
    let deuda = cuota * Decimal::from(pendientes) + recargo + interes;
    let valor_pagar = if c.vencidas > 0 {
        vencido + recargo + interes
    } else {
        cuota
    };
    Invoice {
        id: c.id,
        factura: c.factura,
        operacion: Decimal::from(c.id - 640_000),
        credito_fch: format!("{} 00:00:00", c.fch),
        credito_valor: dec(c.valor),
        item_cant: Decimal::ONE,
        item_desc: c.item.to_owned(),
        factura_full: format!("008-043-{:08}", c.factura),
        credito_cuota: cuota,
        credito_plazo: c.plazo,
        prox_fecvto: c.prox_fecvto.to_owned(),
        dias_mora: c.dias_mora,
        cuotas_pagadas: c.pagadas,
        cuotas_pendientes: pendientes,
        cuotas_vencidas: c.vencidas,
        monto_vencido: vencido,
        recargo_gasto: recargo,
        interes_mora: interes,
        valor_pagar,
        deuda_tot_sinpro: deuda,
        deuda_tot_conpro: deuda,
        tiene_inicial: "N".to_owned(),
        tiene_mora: if c.vencidas > 0 { "S" } else { "N" }.to_owned(),
        porc_comision: Decimal::ZERO,
        cadena: "ARTEFACTA".to_owned(),
    }
}

fn datos(cliente: &str, n: &str, ciudad: &str, sexo: &str, email: &str) -> DatosCliente {
    DatosCliente {
        tipo_campana: 1,
        cl_cedruc: cliente.to_owned(),
        cl_nombres: "CLIENTE DE PRUEBA".to_owned(),
        cl_apellidos: n.to_owned(),
        cl_direcc1: "AV. DE PRUEBA 123 Y CALLE FICTICIA".to_owned(),
        cl_direcc2: "SECTOR SIMULADO".to_owned(),
        ciudadcliente: ciudad.to_owned(),
        // The document's value carries a trailing space; clients must trim.
        tipo_doc: "CEDULA ".to_owned(),
        sexo: sexo.to_owned(),
        cl_email: email.to_owned(),
    }
}

/// The seed customers:
///
/// | cliente | invoices (id: balance `deuda_tot_conpro`) |
/// | --- | --- |
/// | 0900000001 | 700001: 569.55 (overdue, `valor_pagar` 153.75); 700002: 639.60 (current) |
/// | 0900000002 | 700003: 607.20 (overdue, `valor_pagar` 67.20) |
/// | 0900000003 | 700004: 270.00; 700005: 2520.00; 700006: 125000.00 (bulk tests) |
/// | 0900000004 | none, and no phones (what `unicomer.estadocuenta_empty` changes) |
fn customers() -> BTreeMap<String, Customer> {
    let uno = "0900000001";
    let dos = "0900000002";
    let tres = "0900000003";
    let cuatro = "0900000004";
    let list = [
        Customer {
            datos: datos(uno, "UNO", "QUITO", "Masculino", "cliente1@recaudo.test"),
            invoices: vec![
                invoice(&Credit {
                    id: 700_001,
                    factura: 5101,
                    item: "REFRIGERADORA 14 PIES NO FROST",
                    fch: "2024-03-08",
                    valor: "831.60",
                    cuota: "69.30",
                    plazo: 12,
                    pagadas: 4,
                    vencidas: 2,
                    dias_mora: 45,
                    prox_fecvto: "2024-08-09",
                    recargo: "12.00",
                    interes: "3.15",
                }),
                invoice(&Credit {
                    id: 700_002,
                    factura: 5102,
                    item: "TELEVISOR LED 43 PULGADAS UHD",
                    fch: "2024-01-15",
                    valor: "1439.10",
                    cuota: "79.95",
                    plazo: 18,
                    pagadas: 10,
                    vencidas: 0,
                    dias_mora: 0,
                    prox_fecvto: "2024-11-15",
                    recargo: "0.00",
                    interes: "0.00",
                }),
            ],
            telefonos: vec!["0990000001".to_owned()],
        },
        Customer {
            datos: datos(dos, "DOS", "GUAYAQUIL", "Femenino", "cliente2@recaudo.test"),
            invoices: vec![invoice(&Credit {
                id: 700_003,
                factura: 5201,
                item: "LAVADORA 17 KG CARGA SUPERIOR",
                fch: "2024-05-20",
                valor: "720.00",
                cuota: "60.00",
                plazo: 12,
                pagadas: 2,
                vencidas: 1,
                dias_mora: 12,
                prox_fecvto: "2024-08-20",
                recargo: "6.00",
                interes: "1.20",
            })],
            telefonos: vec!["0990000002".to_owned(), "042000002".to_owned()],
        },
        Customer {
            datos: datos(tres, "TRES", "CUENCA", "Femenino", "cliente3@recaudo.test"),
            invoices: vec![
                invoice(&Credit {
                    id: 700_004,
                    factura: 5301,
                    item: "COCINA A GAS 4 QUEMADORES",
                    fch: "2024-02-01",
                    valor: "540.00",
                    cuota: "45.00",
                    plazo: 12,
                    pagadas: 6,
                    vencidas: 0,
                    dias_mora: 0,
                    prox_fecvto: "2024-09-01",
                    recargo: "0.00",
                    interes: "0.00",
                }),
                invoice(&Credit {
                    id: 700_005,
                    factura: 5302,
                    item: "MOTOCICLETA 200CC",
                    fch: "2024-04-10",
                    valor: "2880.00",
                    cuota: "120.00",
                    plazo: 24,
                    pagadas: 3,
                    vencidas: 0,
                    dias_mora: 0,
                    prox_fecvto: "2024-08-10",
                    recargo: "0.00",
                    interes: "0.00",
                }),
                invoice(&Credit {
                    id: 700_006,
                    factura: 5303,
                    item: "EQUIPAMIENTO COMERCIAL (CREDITO CORPORATIVO)",
                    fch: "2024-01-05",
                    valor: "150000.00",
                    cuota: "6250.00",
                    plazo: 24,
                    pagadas: 4,
                    vencidas: 0,
                    dias_mora: 0,
                    prox_fecvto: "2024-09-05",
                    recargo: "0.00",
                    interes: "0.00",
                }),
            ],
            telefonos: vec!["0990000003".to_owned()],
        },
        Customer {
            datos: datos(
                cuatro,
                "CUATRO",
                "AMBATO",
                "Masculino",
                "cliente4@recaudo.test",
            ),
            invoices: Vec::new(),
            telefonos: Vec::new(),
        },
    ];
    list.into_iter()
        .map(|c| (c.datos.cl_cedruc.clone(), c))
        .collect()
}

/// A customer made for one test: each invoice's debt is exactly the given balance, due in
/// twelve instalments with nothing overdue (`valor_pagar` = one instalment).
pub(super) fn test_customer(cliente: &str, invoices: &[(i64, Decimal)]) -> Customer {
    let apellidos = format!("ADICIONAL {cliente}");
    Customer {
        datos: datos(
            cliente,
            &apellidos,
            "QUITO",
            "Masculino",
            "cliente.adicional@recaudo.test",
        ),
        invoices: invoices
            .iter()
            .map(|(id, balance)| {
                let balance = (*balance).max(Decimal::ZERO);
                let cuota = (balance / Decimal::from(12)).round_dp(2);
                let valor_pagar = if cuota.is_zero() {
                    balance
                } else {
                    cuota.min(balance)
                };
                Invoice {
                    id: *id,
                    factura: id.rem_euclid(100_000_000),
                    operacion: Decimal::from(*id),
                    credito_fch: "2024-06-01 00:00:00".to_owned(),
                    credito_valor: balance,
                    item_cant: Decimal::ONE,
                    item_desc: "CREDITO DE PRUEBA".to_owned(),
                    factura_full: format!("999-001-{:08}", id.rem_euclid(100_000_000)),
                    credito_cuota: cuota,
                    credito_plazo: 12,
                    prox_fecvto: "2024-07-01".to_owned(),
                    dias_mora: 0,
                    cuotas_pagadas: 0,
                    cuotas_pendientes: 12,
                    cuotas_vencidas: 0,
                    monto_vencido: Decimal::ZERO,
                    recargo_gasto: Decimal::ZERO,
                    interes_mora: Decimal::ZERO,
                    valor_pagar,
                    deuda_tot_sinpro: balance,
                    deuda_tot_conpro: balance,
                    tiene_inicial: "N".to_owned(),
                    tiene_mora: "N".to_owned(),
                    porc_comision: Decimal::ZERO,
                    cadena: "ARTEFACTA".to_owned(),
                }
            })
            .collect(),
        telefonos: vec!["0990000099".to_owned()],
    }
}
