//! Laravel-style validation: every rule a field breaks becomes a message under the field's
//! name (`idpago.0` for an array element), and all of them come back together as `CODE_002`'s
//! map, in the document's shape. Messages are Laravel's Spanish ones.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use super::fields::{Raw, ZoomFields};
use crate::fields::parse_decimal;

pub(crate) type FieldErrors = BTreeMap<String, Vec<String>>;

pub(crate) fn required(f: &str) -> String {
    format!("El campo {f} es obligatorio.")
}
pub(crate) fn integer(f: &str) -> String {
    format!("El campo {f} debe ser un entero.")
}
pub(crate) fn numeric(f: &str) -> String {
    format!("El campo {f} debe ser un número.")
}
pub(crate) fn invalid(f: &str) -> String {
    format!("El campo {f} seleccionado es inválido.")
}
fn array(f: &str) -> String {
    format!("El campo {f} debe ser un arreglo.")
}
fn string(f: &str) -> String {
    format!("El campo {f} debe ser una cadena de caracteres.")
}
fn date(f: &str) -> String {
    format!("El campo {f} no es una fecha válida.")
}
pub(crate) fn date_format(f: &str, fmt: &str) -> String {
    format!("El campo {f} no corresponde con el formato {fmt}.")
}

/// Checks fields of one request, collecting every message.
pub(crate) struct Rules<'a> {
    fields: &'a ZoomFields,
    errors: FieldErrors,
}

impl<'a> Rules<'a> {
    pub fn new(fields: &'a ZoomFields) -> Self {
        Rules {
            fields,
            errors: BTreeMap::new(),
        }
    }

    pub fn fail(&mut self, field: &str, message: String) {
        self.errors
            .entry(field.to_owned())
            .or_default()
            .push(message);
    }

    pub fn finish(self) -> Result<(), FieldErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }

    /// A scalar text, `None` when absent or blank (with `required`, that is an error).
    pub fn text(&mut self, name: &str, required_: bool) -> Option<String> {
        match self.fields.get(name) {
            Some(Raw::One(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Raw::List(_) | Raw::Other) => {
                self.fail(name, string(name));
                None
            }
            _ => {
                if required_ {
                    self.fail(name, required(name));
                }
                None
            }
        }
    }

    pub fn int(&mut self, name: &str, required_: bool) -> Option<i64> {
        let text = self.text(name, required_)?;
        match text.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                self.fail(name, integer(name));
                None
            }
        }
    }

    /// An amount: numeric, above zero, at most two decimals.
    pub fn amount(&mut self, name: &str, required_: bool) -> Option<Decimal> {
        let text = self.text(name, required_)?;
        self.amount_text(name, &text)
    }

    fn amount_text(&mut self, name: &str, text: &str) -> Option<Decimal> {
        let Some(v) = parse_decimal(text) else {
            self.fail(name, numeric(name));
            return None;
        };
        if v <= Decimal::ZERO {
            self.fail(name, format!("El campo {name} debe ser mayor que 0."));
            return None;
        }
        if v.normalize().scale() > 2 {
            self.fail(
                name,
                format!("El campo {name} debe tener entre 0 y 2 cifras decimales."),
            );
            return None;
        }
        Some(v)
    }

    /// `Y-m-d`.
    pub fn date(&mut self, name: &str, required_: bool) -> Option<NaiveDate> {
        let text = self.text(name, required_)?;
        let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
        if parsed.is_none() {
            self.fail(name, date(name));
        }
        parsed
    }

    /// `Y-m-d H:i` (fechasync).
    pub fn datetime_hi(&mut self, name: &str) -> Option<NaiveDateTime> {
        let text = self.text(name, false)?;
        let parsed = NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M").ok();
        if parsed.is_none() {
            self.fail(name, date_format(name, "Y-m-d H:i"));
        }
        parsed
    }

    /// An optional array of texts (each element's problems are reported as `name.i`).
    pub fn list(&mut self, name: &str) -> Option<Vec<String>> {
        match self.fields.get(name) {
            None => None,
            Some(Raw::List(items)) => Some(items.iter().map(|s| s.trim().to_owned()).collect()),
            Some(Raw::One(s)) if s.trim().is_empty() => None,
            Some(_) => {
                self.fail(name, array(name));
                None
            }
        }
    }

    /// An optional array of integers.
    pub fn int_list(&mut self, name: &str) -> Option<Vec<i64>> {
        let items = self.list(name)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.parse::<i64>() {
                Ok(v) => out.push(v),
                Err(_) => self.fail(&format!("{name}.{i}"), integer(&format!("{name}.{i}"))),
            }
        }
        Some(out)
    }

    /// Each element of an array of amounts.
    pub fn amount_list(&mut self, name: &str) -> Option<Vec<Option<Decimal>>> {
        let items = self.list(name)?;
        Some(
            items
                .iter()
                .enumerate()
                .map(|(i, t)| self.amount_text(&format!("{name}.{i}"), t))
                .collect(),
        )
    }
}
