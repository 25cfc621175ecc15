//! Any biller's settings ([`BillerOptions`]) from the environment and the global flags, by the
//! names of the options type's own fields: nothing here names a biller, so a biller added to
//! core's list is configured the same way with no edit in the CLI.
//!
//! The rule: every field of a biller's options except `connection` is read from
//! `RECAUDO_<BILLER>_<FIELD>`, the biller's name and the field's name in upper snake case
//! (`UnicomerOptions::username` from `RECAUDO_UNICOMER_USERNAME`, `CooplanOptions::cod_seguridad`
//! from `RECAUDO_COOPLAN_COD_SEGURIDAD`). A blank variable counts as missing, and every missing
//! one is reported at once. A variable a biller's CLI module read under another name before the
//! rule keeps working as an alias (see [`LEGACY`]). The connection comes from `--base-url`,
//! `--allow-insecure-http` and `--timeout`. No value read here is ever printed.
//!
//! The fields come from serde: the options are deserialized from a document holding only the
//! biller's tag and a connection, and each `missing field` error names the next field the type
//! requires (serde names one at a time); a placeholder for it is added and the document tried
//! again until it is complete. A field serde does not require (an `Option` or a
//! `#[serde(default)]`) is never named, so never read from the environment.

use std::fmt;

use recaudo_core::BillerOptions;
use recaudo_core::collection::BillerId;
use serde::de::value::MapDeserializer;
use serde::de::{self, Deserialize, IntoDeserializer, Visitor};

use crate::Globals;
use crate::args::{Missing, optional_env_var};
use crate::output::CliError;

/// Variables read under another name before the rule, each list kept in its biller's own CLI
/// module: `(the rule's name, the old name)`. The rule's name wins when both are set.
const LEGACY: &[&[(&str, &str)]] = &[crate::cooplan::LEGACY_VARS];

/// One field of a biller's options, read from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Its name in the options' JSON (`codSeguridad`).
    pub name: &'static str,
    /// The variable it is read from (`RECAUDO_COOPLAN_COD_SEGURIDAD`).
    pub variable: String,
    kind: Kind,
}

/// What a field's value is, as far as the environment can tell it: text, a whole number or a
/// yes/no. Tried in this order while the fields are learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Flag,
}

impl Kind {
    fn next(self) -> Option<Kind> {
        match self {
            Kind::Text => Some(Kind::Number),
            Kind::Number => Some(Kind::Flag),
            Kind::Flag => None,
        }
    }

    fn placeholder(self) -> Value {
        match self {
            Kind::Text => Value::Text("placeholder".into()),
            Kind::Number => Value::Number(0),
            Kind::Flag => Value::Flag(false),
        }
    }

    /// The variable's text as this kind; `None` when it is not one.
    fn parse(self, text: &str) -> Option<Value> {
        let t = text.trim();
        match self {
            Kind::Text => Some(Value::Text(text.to_owned())),
            Kind::Number => t.parse().ok().map(Value::Number),
            Kind::Flag => match t.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Some(Value::Flag(true)),
                "false" | "0" | "no" => Some(Value::Flag(false)),
                _ => None,
            },
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Number => "a whole number",
            Kind::Flag => "true or false",
        }
    }
}

/// The variable a biller's field is read from: `RECAUDO_<BILLER>_<FIELD>`, `field` being its
/// name in the options' JSON (camelCase) or in Rust (snake_case).
pub fn variable(biller: BillerId, field: &str) -> String {
    let mut name = format!("RECAUDO_{}_", biller.as_str().to_ascii_uppercase());
    let mut previous_lower = false;
    for c in field.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            name.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        name.push(if c == '-' {
            '_'
        } else {
            c.to_ascii_uppercase()
        });
    }
    name
}

/// A variable's value by its rule's name or, when that is unset or blank, by its old name.
pub fn env_var(name: &str) -> Option<String> {
    optional_env_var(name).or_else(|| {
        LEGACY
            .iter()
            .flat_map(|list| list.iter())
            .filter(|(new, _)| *new == name)
            .find_map(|(_, old)| optional_env_var(old))
    })
}

/// The fields `biller`'s options require, in declaration order, `connection` left out.
pub fn fields(biller: BillerId) -> Result<Vec<Field>, CliError> {
    let mut fields: Vec<Field> = Vec::new();
    loop {
        let values = fields.iter().map(|f| (f.name, f.kind.placeholder()));
        match BillerOptions::deserialize(document(biller, values)) {
            Ok(_) => return Ok(fields),
            Err(Refusal::Missing(name)) if fields.iter().all(|f| f.name != name) => {
                fields.push(Field {
                    name,
                    variable: variable(biller, name),
                    kind: Kind::Text,
                });
            }
            Err(refusal) => {
                // Only the newest field can be refused for its type: the others were read
                // whole the time before. Try it as the next kind.
                let next = match (&refusal, fields.last_mut()) {
                    (Refusal::Other(_), Some(field)) => field.kind.next().map(|k| (field, k)),
                    _ => None,
                };
                let Some((field, kind)) = next else {
                    return Err(CliError::new(
                        "internal",
                        format!(
                            "{biller}'s options cannot be read from the environment: {refusal}"
                        ),
                    ));
                };
                field.kind = kind;
            }
        }
    }
}

/// `biller`'s options from the environment and the global flags; every missing variable (and
/// a missing `--base-url`) is reported at once.
pub fn from_env(globals: &Globals, biller: BillerId) -> Result<BillerOptions, CliError> {
    let fields = fields(biller)?;
    let mut missing = Missing::default();
    let mut values = Vec::new();
    let mut malformed = Vec::new();
    for field in &fields {
        match env_var(&field.variable) {
            None => missing.note_var(&field.variable),
            Some(text) => match field.kind.parse(&text) {
                Some(value) => values.push((field.name, value)),
                None => malformed.push(format!(
                    "{} must be {}",
                    field.variable,
                    field.kind.expected()
                )),
            },
        }
    }
    if globals.base_url.is_none() {
        missing.note("give --base-url URL (the biller's root)");
    }
    let all: Vec<&str> = fields.iter().map(|f| f.variable.as_str()).collect();
    missing.check(&display_name(biller), &all)?;
    if !malformed.is_empty() {
        return Err(CliError::new("config", malformed.join("; ")));
    }
    let secrets: Vec<String> = values
        .iter()
        .filter_map(|(_, v)| match v {
            Value::Text(t) if !t.is_empty() => Some(t.clone()),
            _ => None,
        })
        .collect();
    let mut options =
        BillerOptions::deserialize(document(biller, values.into_iter())).map_err(|e| {
            // A refusal may quote a value: none is printed.
            let mut message = e.to_string();
            for s in &secrets {
                message = message.replace(s.as_str(), "***");
            }
            CliError::new("config", format!("{}: {message}", display_name(biller)))
        })?;
    let connection = options.connection_mut();
    connection.base_url = globals.base_url.clone().unwrap_or_default();
    connection.allow_insecure_http = globals.allow_insecure_http;
    connection.timeout_ms = Some(i64::try_from(globals.timeout.as_millis()).unwrap_or(i64::MAX));
    Ok(options)
}

/// `unicomer` as messages name it: `Unicomer`.
fn display_name(biller: BillerId) -> String {
    let name = biller.as_str();
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect::<String>()
    })
}

/// The options document: the biller's tag, a connection (its values set afterwards, typed) and
/// `fields`.
fn document(biller: BillerId, fields: impl Iterator<Item = (&'static str, Value)>) -> Value {
    let mut entries = vec![
        ("biller".to_owned(), Value::Text(biller.as_str().to_owned())),
        (
            "connection".to_owned(),
            Value::Map(vec![("baseUrl".to_owned(), Value::Text(String::new()))]),
        ),
    ];
    entries.extend(fields.map(|(name, value)| (name.to_owned(), value)));
    Value::Map(entries)
}

/// A document to deserialize the options from: just what the environment can give.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Number(u64),
    Flag(bool),
    Map(Vec<(String, Value)>),
}

/// Why the options were refused: a field they require and the document lacks, or anything else.
#[derive(Debug)]
enum Refusal {
    Missing(&'static str),
    Other(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Missing(field) => write!(f, "missing field `{field}`"),
            Refusal::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Refusal {}

impl de::Error for Refusal {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Refusal::Other(message.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        Refusal::Missing(field)
    }
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Refusal;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refusal> {
        match self {
            Value::Text(t) => visitor.visit_string(t),
            Value::Number(n) => visitor.visit_u64(n),
            Value::Flag(b) => visitor.visit_bool(b),
            Value::Map(entries) => {
                let mut map = MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refusal> {
        visitor.visit_some(self)
    }

    // No option is a floating-point number (amounts are decimal text): refused, never read.
    fn deserialize_f32<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Refusal> {
        Err(de::Error::custom("no option is a floating-point number"))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Refusal> {
        Err(de::Error::custom("no option is a floating-point number"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl IntoDeserializer<'_, Refusal> for Value {
    type Deserializer = Value;

    fn into_deserializer(self) -> Value {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_follow_the_field_names() {
        let b = BillerId::ALL[0];
        let prefix = format!("RECAUDO_{}_", b.as_str().to_ascii_uppercase());
        assert_eq!(
            variable(b, "codSeguridad"),
            format!("{prefix}COD_SEGURIDAD")
        );
        assert_eq!(
            variable(b, "cod_seguridad"),
            format!("{prefix}COD_SEGURIDAD")
        );
        assert_eq!(variable(b, "apiKey"), format!("{prefix}API_KEY"));
        assert_eq!(variable(b, "pwd"), format!("{prefix}PWD"));
        assert_eq!(variable(b, "key2Value"), format!("{prefix}KEY2_VALUE"));
    }

    /// Every biller's options are learned whole: a document with every field set deserializes,
    /// and none of the variables is blank.
    #[test]
    fn every_billers_fields_are_learned() {
        for &b in BillerId::ALL {
            let fields = fields(b).unwrap();
            assert!(!fields.is_empty(), "{b}");
            for f in &fields {
                assert!(f.variable.starts_with("RECAUDO_"), "{b}: {f:?}");
                assert_ne!(f.name, "connection");
            }
            let values = fields.iter().map(|f| (f.name, f.kind.placeholder()));
            let options = BillerOptions::deserialize(document(b, values)).unwrap();
            assert_eq!(options.biller(), b);
        }
    }

    #[test]
    fn todays_variable_names_are_the_rules() {
        let names = |b: &str| -> Vec<String> {
            fields(b.parse().unwrap())
                .unwrap()
                .into_iter()
                .map(|f| f.variable)
                .collect()
        };
        assert_eq!(
            names("unicomer"),
            [
                "RECAUDO_UNICOMER_USERNAME",
                "RECAUDO_UNICOMER_PASSWORD",
                "RECAUDO_UNICOMER_COMMERCE"
            ]
        );
        assert_eq!(
            names("unicobros"),
            [
                "RECAUDO_UNICOBROS_API_KEY",
                "RECAUDO_UNICOBROS_ACCESS_TOKEN"
            ]
        );
        assert_eq!(
            names("zoom"),
            ["RECAUDO_ZOOM_LOGIN", "RECAUDO_ZOOM_PASSWORD"]
        );
        assert_eq!(
            names("cooplan"),
            [
                "RECAUDO_COOPLAN_COD_SEGURIDAD",
                "RECAUDO_COOPLAN_LOGIN",
                "RECAUDO_COOPLAN_PWD"
            ]
        );
    }
}
