//! Checks on the identifiers Cooplan takes, before any request is built. Values are checked
//! trimmed, as they are sent.

use crate::error::Error;
use crate::validate;

/// Characters allowed in Cooplan's text identifiers besides letters and digits. `:` is left
/// out on purpose: it separates the parts of a [`super::DebtRef`].
const ID_EXTRA: &[char] = &['-', '_', '.', '/'];

/// `Contrato`: the customer's ("socio") contract code, `"345"` in the document.
pub fn check_contrato(contrato: &str) -> Result<(), Error> {
    validate::code("Contrato", contrato.trim(), 32, ID_EXTRA)
}

/// `IdAsociado`: "Id Cliente Empresa", `"12394"` in the document.
pub fn check_id_asociado(id: &str) -> Result<(), Error> {
    validate::code("IdAsociado", id.trim(), 32, ID_EXTRA)
}

/// `IdCobranza`: the collection id `realizarpago` returned. Digits in every example; when the
/// configuration writes it as a JSON number it must be digits only.
pub fn check_id_cobranza(id: &str, as_number: bool) -> Result<(), Error> {
    validate::code("IdCobranza", id.trim(), 32, ID_EXTRA)?;
    if as_number && !id.trim().bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(
            "IdCobranza",
            "must be digits only to be sent as a JSON number",
        ));
    }
    Ok(())
}

/// `IdFactura`: a positive integer.
pub fn check_id_factura(id: i64) -> Result<(), Error> {
    validate::positive_id("IdFactura", id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_malformed_ids() {
        assert!(check_contrato("1001").is_ok());
        assert!(check_contrato("A-1001/2").is_ok());
        for bad in ["", " ", "10 01", "1001:2", "x\u{0}", &"9".repeat(33)] {
            assert!(check_contrato(bad).is_err(), "{bad:?}");
        }
        assert!(check_id_cobranza("4200001", true).is_ok());
        assert!(check_id_cobranza("C-1", true).is_err());
        assert!(check_id_cobranza("C-1", false).is_ok());
        assert!(check_id_factura(0).is_err());
        assert!(check_id_asociado("90001").is_ok());
    }
}
