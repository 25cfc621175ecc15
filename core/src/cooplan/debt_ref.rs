//! One string that names a Cooplan debt for paying it: `IdFactura:Periodo:Contrato:IdAsociado`
//! (`5000001:202110:1001:90001`).
//!
//! `realizarpago` needs four values besides the amount; a lookup prints them as one opaque
//! `debt_id` so that an operator (or a script) passes one token back to `pay`. `Contrato` and
//! `IdAsociado` may be left out (`5000001:202110`) and given separately. `:` never occurs in
//! the parts: contract and customer ids are checked to exclude it.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

use super::consultar_deuda::Deuda;
use super::dates::check_periodo;
use super::inputs::{check_contrato, check_id_asociado, check_id_factura};

/// A debt named for paying it, written `IdFactura:Periodo:Contrato:IdAsociado` (see the module
/// docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtRef {
    /// The invoice (`IdFactura`, the debt's `factura`).
    pub id_factura: i64,
    /// The billing period, `yyyymm`.
    pub periodo: String,
    /// The contract, when the reference carries it; else given separately.
    pub contrato: Option<String>,
    /// "Id Cliente Empresa", when the reference carries it; else given separately.
    pub id_asociado: Option<String>,
}

impl DebtRef {
    /// The reference of a debt `consultardeuda` listed for `contrato`; `IdAsociado` is the
    /// debt's `ID` (a guess, see the module docs).
    pub fn from_deuda(contrato: &str, deuda: &Deuda) -> Self {
        DebtRef {
            id_factura: deuda.factura,
            periodo: deuda.periodo.trim().to_owned(),
            contrato: Some(contrato.trim().to_owned()),
            id_asociado: deuda
                .id
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        }
    }
}

impl fmt::Display for DebtRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.id_factura, self.periodo)?;
        match (&self.contrato, &self.id_asociado) {
            (None, None) => Ok(()),
            (Some(c), None) => write!(f, ":{c}"),
            (c, Some(a)) => write!(f, ":{}:{a}", c.as_deref().unwrap_or("")),
        }
    }
}

impl FromStr for DebtRef {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let parts: Vec<&str> = s.trim().split(':').map(str::trim).collect();
        if !(2..=4).contains(&parts.len()) {
            return Err(Error::invalid(
                "debt",
                format!("expected IdFactura:Periodo[:Contrato[:IdAsociado]], got `{s}`"),
            ));
        }
        let id_factura = parts[0].parse::<i64>().map_err(|_| {
            Error::invalid(
                "debt",
                format!("IdFactura `{}` is not an integer", parts[0]),
            )
        })?;
        check_id_factura(id_factura)?;
        check_periodo(parts[1])?;
        let part = |i: usize| {
            parts
                .get(i)
                .filter(|p| !p.is_empty())
                .map(|p| (*p).to_owned())
        };
        let contrato = part(2);
        if let Some(c) = &contrato {
            check_contrato(c)?;
        }
        let id_asociado = part(3);
        if let Some(a) = &id_asociado {
            check_id_asociado(a)?;
        }
        Ok(DebtRef {
            id_factura,
            periodo: parts[1].to_owned(),
            contrato,
            id_asociado,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_garbage() {
        for text in [
            "5000001:202110",
            "5000001:202110:1001",
            "5000001:202110:1001:90001",
        ] {
            let r: DebtRef = text.parse().unwrap();
            assert_eq!(r.to_string(), text);
        }
        let r: DebtRef = "5000001:202110::90001".parse().unwrap();
        assert_eq!(
            (r.contrato, r.id_asociado.as_deref()),
            (None, Some("90001"))
        );
        for bad in [
            "",
            "5000001",
            "x:202110",
            "0:202110",
            "5000001:2021",
            "1:202110:a b",
            "1:202110:1:2:3",
            "-4:202110",
        ] {
            assert!(bad.parse::<DebtRef>().is_err(), "{bad:?}");
        }
    }
}
