//! Seed contracts. Every identity here is made up (`SOCIO DE PRUEBA`, contract numbers
//! `100N`, customer ids `9000N`, invoices `500000N`); amounts and periods look like a water
//! bill's.

use std::collections::BTreeMap;

use super::state::{Contract, Debt, State};
use crate::fields::dec;
use crate::tokens::Tokens;

/// First `IdCobranza` after a start or reset.
const FIRST_ID_COBRANZA: i64 = 4_200_001;

/// The state after every start or reset: the seed contracts, nothing collected, no token.
pub(super) fn state() -> State {
    State {
        contracts: contracts(),
        tokens: Tokens::default(),
        collections: Vec::new(),
        next_id_cobranza: FIRST_ID_COBRANZA,
    }
}

fn debt(factura: i64, periodo: &str, monto: &str) -> Debt {
    Debt {
        factura,
        periodo: periodo.to_owned(),
        monto: dec(monto),
    }
}

fn contract(contrato: &str, nombre: &str, id_asociado: i64, debts: Vec<Debt>) -> Contract {
    Contract {
        contrato: contrato.to_owned(),
        nombre: nombre.to_owned(),
        id_asociado,
        cod_ubicacion: id_asociado - 80_000,
        // The document's example leaves these empty.
        num_doc: String::new(),
        tipo_documento: String::new(),
        nit: String::new(),
        direccion: String::new(),
        debts,
    }
}

/// | Contrato | IdAsociado | pending debts |
/// | --- | --- | --- |
/// | 1001 | 90001 | 5000001 202110 136.76; 5000002 202111 136.78 |
/// | 1002 | 90002 | 5000003 202111 98.40 |
/// | 1003 | 90003 | none |
fn contracts() -> BTreeMap<String, Contract> {
    [
        contract(
            "1001",
            "Socio De Prueba Uno",
            90_001,
            vec![
                debt(5_000_001, "202110", "136.76"),
                debt(5_000_002, "202111", "136.78"),
            ],
        ),
        contract(
            "1002",
            "Socio De Prueba Dos",
            90_002,
            vec![debt(5_000_003, "202111", "98.40")],
        ),
        contract("1003", "Socio De Prueba Tres", 90_003, Vec::new()),
    ]
    .into_iter()
    .map(|c| (c.contrato.clone(), c))
    .collect()
}

/// A contract added by a test or the control API.
pub(super) fn test_contract(contrato: &str, id_asociado: i64, debts: Vec<Debt>) -> Contract {
    contract(
        contrato,
        &format!("Socio Adicional {contrato}"),
        id_asociado,
        debts,
    )
}
