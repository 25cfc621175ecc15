//! Zoom's small code tables: document types, bank transaction types, user types, and the
//! opaque reference to one document ([`DocRef`]) a collector pays.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::error::Error;
use crate::validate;

/// `tipoDoc`: 1 guide (shipping waybill), 2 invoice, 4 credit note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocType {
    /// `1`: a guide (shipping waybill).
    Guide,
    /// `2`: an invoice.
    Invoice,
    /// `4`: a credit note.
    CreditNote,
}

impl DocType {
    /// The type's code as sent in `tipoDoc`.
    pub fn code(self) -> i64 {
        match self {
            DocType::Guide => 1,
            DocType::Invoice => 2,
            DocType::CreditNote => 4,
        }
    }

    /// The type of a `tipoDoc` code; `None` for one the document does not list.
    pub fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(DocType::Guide),
            2 => Some(DocType::Invoice),
            4 => Some(DocType::CreditNote),
            _ => None,
        }
    }

    /// `guide`, `invoice`, `credit-note`.
    pub fn name(self) -> &'static str {
        match self {
            DocType::Guide => "guide",
            DocType::Invoice => "invoice",
            DocType::CreditNote => "credit-note",
        }
    }

    /// The document's own word for it.
    pub fn description(self) -> &'static str {
        match self {
            DocType::Guide => "Guía",
            DocType::Invoice => "Factura",
            DocType::CreditNote => "Nota de Crédito",
        }
    }
}

impl fmt::Display for DocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DocType {
    type Err = Error;
    /// `guide`/`invoice`/`credit-note` or the code `1`/`2`/`4`.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "guide" | "guia" | "1" => Ok(DocType::Guide),
            "invoice" | "factura" | "2" => Ok(DocType::Invoice),
            "credit-note" | "credit_note" | "nota-credito" | "4" => Ok(DocType::CreditNote),
            _ => Err(Error::invalid(
                "tipoDoc",
                format!("`{s}` is not guide (1), invoice (2) or credit-note (4)"),
            )),
        }
    }
}

/// Document numbers: guides are digits (`1000120587`), invoices carry a series
/// (`01E046-0001234567`): letters, digits and `-`, at most 30 characters.
pub(crate) fn check_doc_number(field: &'static str, number: &str) -> Result<(), Error> {
    validate::code(field, number, 30, &['-'])
}

/// One document, as a collector names the debt it pays: its type and number. Written
/// `guide:1000120587` (the CLI's `debt_id`); parsing also takes the code (`1:1000120587`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocRef {
    /// The document's type.
    pub doc_type: DocType,
    /// The document's number (`1000120587`, `01E046-0001234567`).
    pub number: String,
}

impl DocRef {
    /// A reference after checking the number (letters, digits and `-`, at most 30 characters).
    pub fn new(doc_type: DocType, number: impl Into<String>) -> Result<Self, Error> {
        let number = number.into().trim().to_owned();
        check_doc_number("nroDoc", &number)?;
        Ok(DocRef { doc_type, number })
    }
}

impl fmt::Display for DocRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.doc_type, self.number)
    }
}

/// Written as its text (`guide:1000120587`).
impl Serialize for DocRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromStr for DocRef {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let (kind, number) = s.trim().split_once(':').ok_or_else(|| {
            Error::invalid(
                "debt",
                format!("`{s}` is not a document reference like guide:1000120587"),
            )
        })?;
        DocRef::new(kind.parse()?, number)
    }
}

/// `idtipotransbanc`: 24 bank transfer, 25 pay button (Megasoft).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransactionKind {
    /// `24`: bank transfer.
    Transfer,
    /// `25`: Megasoft's pay button.
    PayButton,
}

impl TransactionKind {
    /// The kind's code as sent in `idtipotransbanc`.
    pub fn code(self) -> i64 {
        match self {
            TransactionKind::Transfer => 24,
            TransactionKind::PayButton => 25,
        }
    }

    /// The kind of an `idtipotransbanc` code; `None` for one the document does not list.
    pub fn from_code(code: i64) -> Option<Self> {
        match code {
            24 => Some(TransactionKind::Transfer),
            25 => Some(TransactionKind::PayButton),
            _ => None,
        }
    }

    /// The kind's name in recaudo (`transfer`, `button`).
    pub fn name(self) -> &'static str {
        match self {
            TransactionKind::Transfer => "transfer",
            TransactionKind::PayButton => "button",
        }
    }
}

/// Written as its name (`transfer`, `button`).
impl Serialize for TransactionKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// `tipousuario`: the kind of Zoom user registering the payment, `GE` or `UCI`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserType {
    /// `GE`, as `tipousuario` writes it (the document does not expand it).
    Ge,
    /// `UCI`, as `tipousuario` writes it (the document does not expand it).
    Uci,
}

impl UserType {
    /// The type as sent in `tipousuario`.
    pub fn code(self) -> &'static str {
        match self {
            UserType::Ge => "GE",
            UserType::Uci => "UCI",
        }
    }
}

impl FromStr for UserType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_uppercase().as_str() {
            "GE" => Ok(UserType::Ge),
            "UCI" => Ok(UserType::Uci),
            _ => Err(Error::invalid(
                "tipousuario",
                format!("`{s}` is not GE or UCI"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_refs_round_trip() {
        let r: DocRef = "guide:1000120587".parse().unwrap();
        assert_eq!(
            (r.doc_type, r.number.as_str()),
            (DocType::Guide, "1000120587")
        );
        assert_eq!(r.to_string(), "guide:1000120587");
        let r: DocRef = "2:01E046-0001234567".parse().unwrap();
        assert_eq!(r.to_string(), "invoice:01E046-0001234567");
        for bad in [
            "",
            "guide",
            "guide:",
            "boat:1",
            "guide:12 34",
            "guide:1;DROP",
        ] {
            assert_eq!(
                bad.parse::<DocRef>().unwrap_err().code(),
                "invalid_input",
                "{bad}"
            );
        }
        assert_eq!("uci".parse::<UserType>().unwrap(), UserType::Uci);
        assert!("XX".parse::<UserType>().is_err());
    }
}
