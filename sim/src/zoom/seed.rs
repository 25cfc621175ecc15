//! Seed data: Zoom's documents, bank accounts and banks. Every value is invented.
//!
//! | tipoDoc | nroDoc | montodoc | paid | state |
//! | --- | --- | --- | --- | --- |
//! | 1 guide | `1000000001` | 5143.00 | 0 | payable, delivered |
//! | 1 guide | `1000000002` | 1200.00 | 200.00 | payable (partially paid), not delivered |
//! | 1 guide | `1000000003` | 800.00 | 800.00 | final (fully paid): getMontoDocWs has no data |
//! | 1 guide | `1000000004` | 300.00 | 0 | cancelled: getMontoDocWs has no data |
//! | 1 guide | `1000999999` | 1000000.00 | 0 | payable (bulk tests) |
//! | 2 invoice | `01E046-0000000001` | 5500.00 | 0 | payable |
//! | 4 credit note | `4000000001` | 250.00 | 0 | payable |
//!
//! Destination accounts (`idcuentabanco`): 213 and 214. Origin banks (`codbancoori`): 13, 14,
//! 16, 17.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::fields::dec;

use super::state::{State, ZoomDocument};
use crate::tokens::Tokens;

/// First `idpago` after a start or reset (then `idpagodoc` 9001…, `idtrackingpago` 7001…).
const FIRST_IDPAGO: i64 = 5001;

/// The state after every start or reset: the seed documents, no payment, no token.
pub(super) fn state() -> State {
    State {
        documents: documents(),
        payments: Vec::new(),
        tokens: Tokens::default(),
        next_idpago: FIRST_IDPAGO,
        next_pagodoc: 9001,
        next_tracking: 7001,
        button: Vec::new(),
    }
}

/// A destination account: `(idcuentabanco, codbanco, codcuenta)`.
pub(super) const ACCOUNTS: &[(i64, i64, &str)] = &[
    (213, 13, "01020000000000000213"),
    (214, 14, "01340000000000000214"),
];

/// Banks: `(codbanco, nombre)`.
pub(super) const BANKS: &[(i64, &str)] = &[
    (13, "BANCO DESTINO DE PRUEBA"),
    (14, "BANCO DESTINO DOS DE PRUEBA"),
    (16, "BANCO ORIGEN DE PRUEBA"),
    (17, "BANCO ORIGEN DOS DE PRUEBA"),
];

pub(super) fn bank_name(codbanco: i64) -> Option<&'static str> {
    BANKS.iter().find(|(c, _)| *c == codbanco).map(|(_, n)| *n)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn documents() -> BTreeMap<(i64, String), ZoomDocument> {
    let guide = |nro: &str, total: &str, paid: &str, fecha: NaiveDate| {
        let mut d = ZoomDocument::new(1, nro, dec(total), fecha);
        d.totalpagado = dec(paid);
        d
    };
    let mut list = vec![
        {
            let mut d = guide("1000000001", "5143.00", "0", day(2024, 1, 10));
            d.delivered = true;
            d
        },
        guide("1000000002", "1200.00", "200.00", day(2024, 1, 12)),
        guide("1000000003", "800.00", "800.00", day(2024, 1, 15)),
        {
            let mut d = guide("1000000004", "300.00", "0", day(2024, 1, 16));
            d.cancelled = true;
            d
        },
        guide("1000999999", "1000000.00", "0", day(2024, 2, 1)),
    ];
    list.push(ZoomDocument::new(
        2,
        "01E046-0000000001",
        dec("5500.00"),
        day(2024, 3, 20),
    ));
    list.push(ZoomDocument::new(
        4,
        "4000000001",
        dec("250.00"),
        day(2024, 3, 21),
    ));
    list.into_iter()
        .map(|d| ((d.tipo_doc, d.nro_doc.clone()), d))
        .collect()
}

/// IVA's rate in the seed documents (16%): the base is the total without it.
pub(super) fn base_imponible(total: Decimal) -> Decimal {
    (total / dec("1.16")).round_dp(2)
}
