//! Seed operations: every identity is made up (`Cliente de Prueba N`,
//! `cliente.N@example.test`, cards `400000******0000`-style), amounts and dates are plausible.
//! See the module docs of [`super`] for the table.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use rust_decimal::Decimal;

use super::model::Op;
use super::state::State;
use crate::fields::dec;

pub(crate) const CHECKOUT: &str = "plugin.value.checkout:web";
pub(crate) const PAYMENT_ORDER: &str = "plugin.value.payment_order:web";

/// The state after every start or reset: the seed operations, the access token accepted.
pub(super) fn state() -> State {
    let (ops, next_serial) = operations();
    State {
        ops,
        next_serial,
        token_revoked: false,
    }
}

/// A UTC instant on a December 2024 day.
fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 12, day)
        .and_then(|d| d.and_hms_milli_opt(hour, minute, 0, 0))
        .unwrap_or_default()
}

/// The next coupon id and uid: 24 hex characters like Mobbex's ids, and a short uid.
pub(crate) fn ids(serial: u64) -> (String, String) {
    (format!("5eed{serial:020x}"), format!("UCB{serial:06}"))
}

/// Builds an operation with the defaults every seed shares.
#[allow(clippy::too_many_arguments)]
pub(crate) fn op(
    serial: u64,
    reference: &str,
    status: &str,
    total: &str,
    currency: &str,
    created: NaiveDateTime,
    context: &str,
    description: &str,
) -> Op {
    let (id, uid) = ids(serial);
    let n = serial % 50;
    Op {
        id,
        uid,
        reference: reference.to_owned(),
        status: status.to_owned(),
        total: dec(total),
        currency: currency.to_owned(),
        description: description.to_owned(),
        context: context.to_owned(),
        source_name: "Visa Débito".to_owned(),
        source_reference: "visa.debit".to_owned(),
        source_type: "card".to_owned(),
        card_number: Some(format!("400000******{n:04}")),
        installment_count: 1,
        user_name: format!("Cliente de Prueba {n}"),
        user_email: format!("cliente.{n}@example.test"),
        created,
        updated: created + TimeDelta::minutes(2),
        childs: Vec::new(),
    }
}

/// The seed operations, and the next serial to use.
pub(crate) fn operations() -> (Vec<Op>, u64) {
    let mut serial = 0;
    let mut next = || {
        serial += 1;
        serial
    };
    let mut ops = vec![
        op(
            next(),
            "REF-PAGADA-0001",
            "200",
            "15000.00",
            "ARS",
            at(10, 13, 0),
            CHECKOUT,
            "Factura de luz",
        ),
        op(
            next(),
            "REF-RECHAZADA-0001",
            "400",
            "2500.00",
            "ARS",
            at(10, 14, 0),
            CHECKOUT,
            "Cuota club",
        ),
        op(
            next(),
            "REF-RECHAZADA-0001",
            "401",
            "2500.00",
            "ARS",
            at(10, 14, 30),
            CHECKOUT,
            "Cuota club",
        ),
        op(
            next(),
            "REF-REVISION-0001",
            "100",
            "7800.00",
            "ARS",
            at(11, 9, 0),
            PAYMENT_ORDER,
            "Orden de pago",
        ),
        op(
            next(),
            "REF-DUPLICADA-0001",
            "200",
            "1200.00",
            "ARS",
            at(11, 11, 0),
            CHECKOUT,
            "Abono mensual",
        ),
        op(
            next(),
            "REF-DUPLICADA-0001",
            "200",
            "1200.00",
            "ARS",
            at(11, 11, 5),
            CHECKOUT,
            "Abono mensual",
        ),
        op(
            next(),
            "REF-REEMBOLSADA-0001",
            "602",
            "4100.00",
            "ARS",
            at(11, 15, 0),
            CHECKOUT,
            "Compra devuelta",
        ),
        op(
            next(),
            "REF-CANCELADA-0001",
            "601",
            "990.99",
            "ARS",
            at(11, 16, 0),
            PAYMENT_ORDER,
            "Orden cancelada",
        ),
        op(
            next(),
            "REF-TEST-0001",
            "200",
            "100.5",
            "TEST",
            at(12, 10, 0),
            CHECKOUT,
            "Checkout Demo",
        ),
    ];
    let mut cash = op(
        next(),
        "REF-PENDIENTE-0001",
        "2",
        "3200.50",
        "ARS",
        at(11, 10, 0),
        PAYMENT_ORDER,
        "Cupón de efectivo",
    );
    cash.source_name = "Rapipago".to_owned();
    cash.source_reference = "rapipago".to_owned();
    cash.source_type = "cash".to_owned();
    cash.card_number = None;
    ops.push(cash);
    // The document's childs example: one checkout paid with two cards.
    let mut parent = op(
        next(),
        "REF-CHILDS-0001",
        "200",
        "900.53",
        "TEST",
        at(12, 13, 21),
        CHECKOUT,
        "Checkout de Prueba",
    );
    let mut first = op(
        next(),
        "CHD-PRUEBA-0001",
        "200",
        "400.53",
        "TEST",
        at(12, 13, 21),
        CHECKOUT,
        "Checkout de Prueba",
    );
    let mut second = op(
        next(),
        "CHD-PRUEBA-0002",
        "200",
        "500",
        "TEST",
        at(12, 13, 21),
        CHECKOUT,
        "Checkout de Prueba",
    );
    second.source_name = "Visa".to_owned();
    second.source_reference = "visa".to_owned();
    first.uid = format!("CHD-{}", first.uid);
    second.uid = format!("CHD-{}", second.uid);
    parent.card_number = None;
    parent.childs = vec![first, second];
    ops.push(parent);
    // A month's batch for the listing: statuses, currencies, contexts and days vary.
    const STATUSES: [&str; 6] = ["200", "200", "400", "1", "200", "601"];
    for i in 1..=24u32 {
        let currency = if i % 3 == 0 { "TEST" } else { "ARS" };
        let context = if i % 2 == 1 { CHECKOUT } else { PAYMENT_ORDER };
        let total = Decimal::from(100 * i) + Decimal::new(25 * i64::from(i % 4), 2);
        let mut o = op(
            next(),
            &format!("LOTE-{i:04}"),
            STATUSES[(i % 6) as usize],
            &total.to_string(),
            currency,
            at(1 + (i - 1) / 2, 9 + (i % 2) * 6, 0),
            context,
            &format!("Lote de prueba {i}"),
        );
        o.updated = o.created + TimeDelta::days(1);
        ops.push(o);
    }
    // A reference paid by card whose cash coupon, issued first, can still be paid at a
    // counter (after the batch, so that the ids above stay as they were).
    let mut waiting = op(
        next(),
        "REF-HERMANOS-0001",
        "2",
        "2100.00",
        "ARS",
        at(13, 9, 0),
        PAYMENT_ORDER,
        "Cuota de servicio",
    );
    waiting.source_name = "Pago Fácil".to_owned();
    waiting.source_reference = "pagofacil".to_owned();
    waiting.source_type = "cash".to_owned();
    waiting.card_number = None;
    ops.push(waiting);
    ops.push(op(
        next(),
        "REF-HERMANOS-0001",
        "200",
        "2100.00",
        "ARS",
        at(13, 9, 40),
        PAYMENT_ORDER,
        "Cuota de servicio",
    ));
    (ops, serial + 1)
}
