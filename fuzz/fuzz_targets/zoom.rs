//! Every Zoom response decoder (and through them its `codrespuesta`/`entidadRespuesta` envelope
//! and the pay button's `sucess` envelope), plus its response codes and the button amount codec.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recaudo_core::endpoint::Endpoint;
use recaudo_core::zoom::envelope::is_token_rejection;
use recaudo_core::zoom::{
    ButtonAmountCodec, CallError, CreatePagoRequest, FieldErrors, InfoPagoRequest, LoginRequest,
    MontoDocRequest, NroControlRequest, XmlRequest, ZoomCode,
};
use recaudo_fuzz::{
    PLANTED_SECRET, check_amount, check_amount_opt, check_error, check_no_secret, split,
};

fuzz_target!(|data: &[u8]| {
    let Some((selector, response)) = split(data) else {
        return;
    };
    let result = match selector % 7 {
        0 => LoginRequest::decode(&response).map(|r| {
            assert!(!r.token.expose().trim().is_empty());
            assert!(!format!("{r:?}").contains(PLANTED_SECRET), "login Debug");
        }),
        1 => MontoDocRequest::decode(&response).map(|docs| {
            for d in &docs {
                check_amount(d.montodoc);
                check_amount(d.montopagar);
                for a in [d.totalpagado, d.base_imp, d.totaliva, d.vs_ret_iva] {
                    check_amount_opt(a);
                }
            }
        }),
        2 => CreatePagoRequest::decode(&response).map(|r| {
            check_amount(r.montototal);
            check_amount_opt(r.monto_ret_total);
        }),
        3 => InfoPagoRequest::decode(&response).map(|rows| {
            for r in &rows {
                check_amount(r.montototal);
                check_amount_opt(r.monto_ret_total);
                check_amount_opt(r.suma_montosret);
            }
        }),
        4 => NroControlRequest::decode(&response).map(|r| {
            check_amount_opt(r.monto);
        }),
        5 => XmlRequest::decode(&response).map(|r| {
            check_amount_opt(r.monto);
            // The amount is read from the raw text the reply kept.
            if r.monto.is_some() {
                assert!(r.monto_raw.is_some(), "an amount without its raw text");
            }
        }),
        _ => {
            let text = String::from_utf8_lossy(&response.body);
            let code = ZoomCode::parse(&text);
            assert_eq!(ZoomCode::parse(code.as_str()), code, "code round trip");
            let cents = ButtonAmountCodec::ImpliedCents.read(&text);
            let written = ButtonAmountCodec::AsWritten.read(&text);
            cents.into_iter().chain(written).for_each(check_amount);
            // The codecs differ only on digits without a point.
            if text.contains('.') {
                assert_eq!(cents, written, "codecs disagree on {text:?}");
            }
            if let (Some(c), Some(w)) = (cents, written)
                && c != w
            {
                assert_eq!(
                    c * rust_decimal::Decimal::ONE_HUNDRED,
                    w,
                    "implied cents of {text:?}"
                );
            }
            Ok(())
        }
    };
    if let Err(e) = result {
        check_error(&e);
        // The details a CODE_002 / CODE_003 refusal carries in its message.
        let fields = FieldErrors::from_error(&e);
        let call = CallError::from_error(&e);
        if let Some(f) = &fields {
            assert_eq!(e.biller_code(), Some("CODE_002"));
            assert_eq!(f.fields().count(), f.len());
            let _ = f.to_string();
        }
        if call.is_some() {
            assert_eq!(e.biller_code(), Some("CODE_003"));
        }
        let code = ZoomCode::parse(e.biller_code().unwrap_or(""));
        let status = e.http_status().unwrap_or(200);
        let _ = is_token_rejection(status, &code, fields.as_ref(), call.as_ref());
        if selector % 7 == 0 {
            check_no_secret(&e);
        }
    }
});
