//! Every Unicomer response decoder (and through them its `{status, msg, data}` envelope).
#![no_main]

use libfuzzer_sys::fuzz_target;
use recaudo_core::endpoint::Endpoint;
use recaudo_core::unicomer::{
    ConciliacionRequest, ConsultarPagoRequest, EstadoCuentaRequest, RegistrarPagoRequest,
    ReversaPagoRequest, TokenRequest,
};
use recaudo_fuzz::{
    PLANTED_SECRET, check_amount, check_amount_opt, check_error, check_no_secret, split,
};

fuzz_target!(|data: &[u8]| {
    let Some((selector, response)) = split(data) else {
        return;
    };
    let result = match selector % 6 {
        0 => TokenRequest::decode(&response).map(|t| {
            assert!(!t.access_token.is_empty());
            assert!(!format!("{t:?}").contains(PLANTED_SECRET), "token Debug");
        }),
        1 => EstadoCuentaRequest::decode(&response).map(|e| {
            for f in &e.facturas {
                check_amount(f.valor_pagar);
                check_amount(f.deuda_tot_conpro);
                for a in [
                    f.operacion,
                    f.credito_valor,
                    f.credito_cuota,
                    f.monto_vencido,
                    f.recargo_gasto,
                    f.interes_mora,
                    f.deuda_tot_sinpro,
                    f.porc_comision,
                ] {
                    check_amount_opt(a);
                }
            }
        }),
        2 => RegistrarPagoRequest::decode(&response).map(|r| drop(format!("{r:?}"))),
        3 => ReversaPagoRequest::decode(&response).map(|r| drop(format!("{r:?}"))),
        4 => ConsultarPagoRequest::decode(&response).map(|r| drop(format!("{r:?}"))),
        _ => ConciliacionRequest::decode(&response).map(|rows| {
            for r in &rows {
                check_amount(r.val_pagado);
            }
        }),
    };
    if let Err(e) = result {
        check_error(&e);
        if selector % 6 == 0 {
            check_no_secret(&e);
        }
    }
});
