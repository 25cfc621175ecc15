//! Every Cooplan (PagoFácil) response decoder (and through them its `{error, status, message,
//! values}` envelope), the token's location in its reply and the debt references a lookup
//! prints.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recaudo_core::Error;
use recaudo_core::cooplan::{
    BuscarClienteRequest, ConsultarDeudaRequest, DebtRef, Envelope, ImprimirFacturaRequest,
    RealizarPagoRequest, ReporteCobranzasRequest, RevertirPagoRequest, TokenRequest, TokenService,
};
use recaudo_core::endpoint::Endpoint;
use recaudo_fuzz::{
    PLANTED_SECRET, check_amount, check_amount_opt, check_error, check_no_secret, split,
};

/// A decoded envelope is a success envelope.
fn success<T>(env: Envelope<T>) -> Result<Envelope<T>, Error> {
    assert_eq!(env.error.trim(), "0", "a refusal decoded as a success");
    Ok(env)
}

fuzz_target!(|data: &[u8]| {
    let Some((selector, response)) = split(data) else {
        return;
    };
    let token = selector % 7 == 0;
    let result = match selector % 7 {
        0 => TokenRequest::decode(&response).and_then(|reply| {
            // The reply's `message` is the biller's, shown verbatim; the rest is withheld.
            if !reply.message.contains(PLANTED_SECRET) {
                assert!(
                    !format!("{reply:?}").contains(PLANTED_SECRET),
                    "token Debug"
                );
            }
            let secret = reply.token(&TokenService::default().token_pointers)?;
            assert!(!secret.expose().trim().is_empty());
            assert!(!format!("{secret:?}").contains(PLANTED_SECRET));
            Ok(())
        }),
        1 => BuscarClienteRequest::decode(&response)
            .and_then(success)
            .map(|env| drop(format!("{env:?}"))),
        2 => ConsultarDeudaRequest::decode(&response)
            .and_then(success)
            .map(|env| {
                for deuda in &env.values {
                    check_amount(deuda.monto_total);
                    // The `debt_id` a lookup prints names the same debt when `pay` reads it.
                    let debt = DebtRef::from_deuda("1001", deuda);
                    let text = debt.to_string();
                    if let Ok(back) = text.parse::<DebtRef>() {
                        assert_eq!(back, debt, "debt reference {text:?} read back differently");
                    }
                }
            }),
        3 => RealizarPagoRequest::decode(&response)
            .and_then(success)
            .map(|env| {
                // The date read from the reply writes back to text that reads the same.
                recaudo_fuzz::check_datetime_round_trip(
                    env.values.fecha_pago_empresa,
                    recaudo_core::cooplan::dates::format_fecha_pago,
                    recaudo_core::cooplan::dates::parse_fecha_pago,
                );
            }),
        4 => ImprimirFacturaRequest::decode(&response)
            .and_then(success)
            .map(drop),
        5 => ReporteCobranzasRequest::decode(&response)
            .and_then(success)
            .map(|env| {
                for c in env.values.cobranzas().unwrap_or_default() {
                    check_amount_opt(c.monto);
                }
            }),
        _ => RevertirPagoRequest::decode(&response)
            .and_then(success)
            .map(drop),
    };
    if let Err(e) = result {
        check_error(&e);
        if token {
            check_no_secret(&e);
        }
    }
});
