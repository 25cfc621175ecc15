//! Every Unicobros (Mobbex) response decoder (and through them its `{result, data}` envelope),
//! plus its status-code table.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recaudo_core::endpoint::Endpoint;
use recaudo_core::unicobros::{
    Coupon, CouponsRequest, ListOperationsRequest, OperationsPage, SearchOperationsRequest,
    StatusCode, TransactionStatusRequest,
};
use recaudo_fuzz::{check_amount, check_error, split};

fn check_status(s: &StatusCode) {
    assert_eq!(&StatusCode::parse(&s.code()), s, "status code round trip");
    let json = serde_json::to_string(s).expect("a status serializes");
    let back: StatusCode = serde_json::from_str(&json).expect("a status reads back");
    assert_eq!(&back, s, "status JSON round trip via {json}");
}

fn check_coupon(c: &Coupon) {
    check_amount(c.total);
    check_status(&c.status);
    for child in &c.childs {
        check_coupon(child);
    }
    // Sums of decoded amounts never panic (overflow would).
    let _ = c.approved_childs_total();
}

fn check_page(p: &OperationsPage) {
    for op in &p.docs {
        check_amount(op.total);
        check_status(&op.status);
        if let Some(e) = &op.entity {
            let _ = format!("{e:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((selector, response)) = split(data) else {
        return;
    };
    let result = match selector % 5 {
        0 => TransactionStatusRequest::decode(&response).map(|s| {
            for t in &s.transactions {
                check_amount(t.total);
                check_status(&t.status);
            }
            if let Some(p) = s.transaction.as_ref().and_then(|v| v.payment.as_ref()) {
                check_amount(p.total);
            }
        }),
        1 => CouponsRequest::decode(&response).map(|coupons| coupons.iter().for_each(check_coupon)),
        2 => ListOperationsRequest::decode(&response).map(|p| check_page(&p)),
        3 => SearchOperationsRequest::decode(&response).map(|p| check_page(&p)),
        _ => {
            let text = String::from_utf8_lossy(&response.body);
            let s = StatusCode::parse(&text);
            // A blank status is refused on the wire (required text), so only a code a reply
            // could carry must read back.
            if !text.trim().is_empty() {
                check_status(&s);
            }
            let _ = (s.group(), s.is_final(), s.is_paid(), s.to_string());
            if let Some(d) = recaudo_core::unicobros::dates::parse(&text) {
                let again = recaudo_core::unicobros::dates::format(&d);
                assert_eq!(recaudo_core::unicobros::dates::parse(&again), Some(d));
            }
            Ok(())
        }
    };
    if let Err(e) = result {
        check_error(&e);
    }
});
