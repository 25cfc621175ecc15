//! Readings: one named switch per ambiguity in the billers' documents.
//!
//! A document that says one thing in its prose and shows another in its example can be read
//! two ways, and the real biller does exactly one of them. A simulator that accepted every
//! reading at once would let a client pass its tests while depending on the one the biller
//! does not do. So each ambiguity is a switch with one value per plausible reading, and the
//! simulator plays exactly one value per switch at a time: tests run a client against each
//! value to prove it copes with whichever the biller turns out to do.
//!
//! The first value is the default. Where the simulator's earlier behaviour was one of the
//! readings, that reading is the default; where it accepted both at once (consultarpago's
//! key, conciliacion's date), the default is the reading of the document's own text.
//!
//! | key | values | default | the document's words |
//! | --- | --- | --- | --- |
//! | `unicomer.consultarpago_key` | `secuencial`, `idtrx` | `secuencial` | "secuencial (bigint) idtrx que viene en el resultado del pago", but its example sends `"secuencial": 3565363`, registrar pago's invoice |
//! | `unicomer.consultarpago_num_recibo` | `filled`, `empty` | `filled` | consultar pago's example: `"num_recibo": ""` |
//! | `unicomer.duplicate_receipt` | `refused`, `accepted` | `refused` | "num_recibo (string) código alfanumérico (código único de la entidad de recaudo)" |
//! | `unicomer.estadocuenta_empty` | `array`, `null` | `array` | "facturas: arreglo de facturas del cliente teléfonos: arreglo de teléfonos del cliente", never shown empty |
//! | `unicomer.conciliacion_date` | `year_first`, `day_first` | `year_first` | "fecha: varchar(10) yyyy-mm-dd", but its example sends `"fecha": "03-02-2020"` |
//! | `zoom.duplicate_referencia` | `accepted`, `refused` | `accepted` | "referencia: Número de la referencia (Número de transferencia {Pago por transferencia}; Nro. identificación {Botón Pago}). (NOT NULL)", nothing on uniqueness |
//! | `zoom.xml_monto` | `implied_cents`, `decimal_point` | `implied_cents` | getXmlWS' example: `"monto": "102425"`, for what getNroControlWS' example writes `"1024.00"` |
//! | `zoom.login_path` | `any_case`, `LoginGenUEWs`, `loginGenUEWs` | `any_case` | "servicio web LoginGenUEWs", never documented, beside services spelled getMontoDocWs, createPagoWs |
//! | `unicobros.reference_guard` | `refused`, `none` | `refused` | "listará todas las transacciones o cupones generados para el pago solicitado mediante la misma referencia" |
//! | `cooplan.auth_header` | `any`, `autorizacion`, `authorization` | `any` | `autorizacion: Bearer "TokenDevuelto"` (buscarcliente, imprimirfactura) but `authorization: Bearer "TokenDevuelto"` (consultardeuda) |
//! | `cooplan.reporte_values` | `list`, `string` | `list` | reportecobranzas' example: `"values": "Transacción realizada con éxito"` |
//! | `cooplan.deuda_values` | `list`, `compact` | `list` | "El método lista las facturas pendientes", shown only with two |
//! | `cooplan.id_cobranza` | `text`, `number` | `text` | realizarpago's example: `"IdCobranza": "4224408"`; imprimirfactura's input: `IdCobranza = "4224330"`; revertirpago's: `IdCobranza = 23456422` |
//! | `cooplan.pay_settled` | `refused`, `accepted` | `refused` | "Este método se encarga de pagar las deudas pendientes", nothing on paying one twice |
//!
//! What each value does is in [`READINGS`] (`meaning`) and in the biller's module.
//!
//! Readings are set at start ([`crate::SimConfig::readings`]), at run time
//! ([`crate::Simulator::set_reading`], `POST /_sim/readings`) or on the command line
//! (`recaudo sim --reading KEY=VALUE`); a reset puts back the ones given at start. Every biller
//! reads its current readings on every request.

use std::fmt;
use std::sync::RwLock;

use serde::Serialize;
use serde::ser::SerializeMap;

/// One documented ambiguity and its plausible readings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReadingSpec {
    /// `biller.switch`, e.g. `unicomer.consultarpago_key`.
    pub key: &'static str,
    /// The biller it belongs to (its path prefix).
    pub biller: &'static str,
    /// Every value, default first.
    pub values: &'static [&'static str],
    /// The value played unless told otherwise.
    pub default: &'static str,
    /// The document's own words that make it ambiguous.
    pub document: &'static str,
    /// What the simulator does under each value, in the order of `values`.
    pub meaning: &'static [&'static str],
}

/// Every switch, in the order of the table in the module docs.
pub const READINGS: &[ReadingSpec] = &[
    ReadingSpec {
        key: "unicomer.consultarpago_key",
        biller: "unicomer",
        values: &["secuencial", "idtrx"],
        default: "secuencial",
        document: "\"secuencial (bigint) idtrx que viene en el resultado del pago\", but its \
                   example sends `\"secuencial\": 3565363`, registrar pago's invoice",
        meaning: &[
            "looks the payment up by the invoice secuencial + idcommerce + fch_proceso + \
             val_pagado (the example); the latest match wins",
            "secuencial carries the payment's idtrx (the prose); a lookup by the invoice \
             secuencial answers -1 \"No existe\"",
        ],
    },
    ReadingSpec {
        key: "unicomer.consultarpago_num_recibo",
        biller: "unicomer",
        values: &["filled", "empty"],
        default: "filled",
        document: "consultar pago's example: `\"num_recibo\": \"\"`",
        meaning: &[
            "the reply carries the payment's num_recibo",
            "num_recibo is always \"\", as in the example",
        ],
    },
    ReadingSpec {
        key: "unicomer.duplicate_receipt",
        biller: "unicomer",
        values: &["refused", "accepted"],
        default: "refused",
        document: "\"num_recibo (string) código alfanumérico (código único de la entidad de \
                   recaudo)\"",
        meaning: &[
            "a second registrarpago with a num_recibo already used is refused (451 \"Número \
             de recibo duplicado\")",
            "it is registered again as a new payment with a new idtrx",
        ],
    },
    ReadingSpec {
        key: "unicomer.estadocuenta_empty",
        biller: "unicomer",
        values: &["array", "null"],
        default: "array",
        document: "\"facturas: arreglo de facturas del cliente teléfonos: arreglo de teléfonos \
                   del cliente\", never shown empty",
        meaning: &[
            "facturas and telefonos are [] when the customer has none",
            "facturas and telefonos are null when the customer has none",
        ],
    },
    ReadingSpec {
        key: "unicomer.conciliacion_date",
        biller: "unicomer",
        values: &["year_first", "day_first"],
        default: "year_first",
        document: "\"fecha: varchar(10) yyyy-mm-dd\", but its example sends \
                   `\"fecha\": \"03-02-2020\"`",
        meaning: &[
            "fecha must be yyyy-mm-dd (the text); dd-mm-yyyy gets status \"451\" (invalid date)",
            "fecha must be dd-mm-yyyy (the example); yyyy-mm-dd gets status \"451\" (invalid \
             date)",
        ],
    },
    ReadingSpec {
        key: "zoom.duplicate_referencia",
        biller: "zoom",
        values: &["accepted", "refused"],
        default: "accepted",
        document: "\"referencia: Número de la referencia (Número de transferencia {Pago por \
                   transferencia}; Nro. identificación {Botón Pago}). (NOT NULL)\", nothing on \
                   uniqueness",
        meaning: &[
            "the same referencia can be stored again (the document says nothing against it)",
            "a createPagoWs whose referencia is already stored gets CODE_002 with a message on \
             referencia",
        ],
    },
    ReadingSpec {
        key: "zoom.xml_monto",
        biller: "zoom",
        values: &["implied_cents", "decimal_point"],
        default: "implied_cents",
        document: "getXmlWS' example: `\"monto\": \"102425\"`, for what getNroControlWS' \
                   example writes `\"1024.00\"`",
        meaning: &[
            "getXmlWS writes monto in cents without a point (1024.25 is \"102425\"), as its \
             example looks",
            "getXmlWS writes monto with a point and two decimals (\"1024.25\"), as \
             getNroControlWS does",
        ],
    },
    ReadingSpec {
        key: "zoom.login_path",
        biller: "zoom",
        values: &["any_case", "LoginGenUEWs", "loginGenUEWs"],
        default: "any_case",
        document: "\"servicio web LoginGenUEWs\", never documented, beside services spelled \
                   getMontoDocWs, createPagoWs",
        meaning: &[
            "the login path is matched without case, like every other service",
            "only `LoginGenUEWs` is the login; any other spelling is an unknown service \
             (CODE_003 NotFoundHttpException)",
            "only `loginGenUEWs` is the login; any other spelling is an unknown service \
             (CODE_003 NotFoundHttpException)",
        ],
    },
    ReadingSpec {
        key: "unicobros.reference_guard",
        biller: "unicobros",
        values: &["refused", "none"],
        default: "refused",
        document: "\"listará todas las transacciones o cupones generados para el pago \
                   solicitado mediante la misma referencia\"",
        meaning: &[
            "Mobbex refuses a second paid coupon under one reference (the control API that \
             adds or pays coupons answers 409)",
            "no guard: a reference may hold several paid coupons",
        ],
    },
    ReadingSpec {
        key: "cooplan.auth_header",
        biller: "cooplan",
        values: &["any", "autorizacion", "authorization"],
        default: "any",
        document: "`autorizacion: Bearer \"TokenDevuelto\"` (buscarcliente, imprimirfactura) \
                   but `authorization: Bearer \"TokenDevuelto\"` (consultardeuda)",
        meaning: &[
            "the token is read from either header",
            "only `autorizacion` is read; a request with only `Authorization` gets the 401 of \
             a missing token",
            "only `Authorization` is read; a request with only `autorizacion` gets the 401 of \
             a missing token",
        ],
    },
    ReadingSpec {
        key: "cooplan.reporte_values",
        biller: "cooplan",
        values: &["list", "string"],
        default: "list",
        document: "reportecobranzas' example: `\"values\": \"Transacción realizada con \
                   éxito\"`",
        meaning: &[
            "values is the list of the day's collections",
            "values is the plain string \"Transacción realizada con éxito\" (the example)",
        ],
    },
    ReadingSpec {
        key: "cooplan.deuda_values",
        biller: "cooplan",
        values: &["list", "compact"],
        default: "list",
        document: "\"El método lista las facturas pendientes\", shown only with two",
        meaning: &[
            "values is always a list, [] when nothing is pending",
            "values is \"\" when nothing is pending, one object when one debt is, a list when \
             several are",
        ],
    },
    ReadingSpec {
        key: "cooplan.id_cobranza",
        biller: "cooplan",
        values: &["text", "number"],
        default: "text",
        document: "realizarpago's example: `\"IdCobranza\": \"4224408\"`; imprimirfactura's \
                   input: `IdCobranza = \"4224330\"`; revertirpago's: `IdCobranza = 23456422`",
        meaning: &[
            "replies carry IdCobranza as a string (realizarpago's example); requests may send \
             either",
            "replies carry IdCobranza as a number; requests may send either",
        ],
    },
    ReadingSpec {
        key: "cooplan.pay_settled",
        biller: "cooplan",
        values: &["refused", "accepted"],
        default: "refused",
        document: "\"Este método se encarga de pagar las deudas pendientes\", nothing on paying \
                   one twice",
        meaning: &[
            "paying an invoice/period that is no longer pending is refused (error 1)",
            "it is collected again: a second collection of the same invoice/period",
        ],
    },
];

/// The switches of one biller, in table order.
pub fn readings_of(biller: &str) -> impl Iterator<Item = &'static ReadingSpec> + '_ {
    READINGS.iter().filter(move |s| s.biller == biller)
}

/// Why a reading could not be set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadingError(pub String);

impl fmt::Display for ReadingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadingError {}

/// One value per switch, every one of them checked against [`READINGS`].
///
/// Serialises as `{"unicomer.consultarpago_key": "secuencial", ...}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readings {
    /// The value of each switch, in the order of [`READINGS`].
    values: Vec<&'static str>,
}

impl Default for Readings {
    fn default() -> Self {
        Readings {
            values: READINGS.iter().map(|s| s.default).collect(),
        }
    }
}

impl Readings {
    /// The value played for `key`.
    ///
    /// An unknown key is a bug in the simulator (keys in code are fixed), so debug builds
    /// panic on it; release builds answer `""`, which matches no value.
    pub fn get(&self, key: &str) -> &'static str {
        match position(key) {
            Some(i) => self.values[i],
            None => {
                debug_assert!(false, "unknown reading `{key}`");
                ""
            }
        }
    }

    /// Whether `key` plays `value`.
    pub fn is(&self, key: &str, value: &str) -> bool {
        self.get(key) == value
    }

    /// Plays `value` for `key`; an unknown key or value changes nothing and says what is known.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ReadingError> {
        let i = position(key).ok_or_else(|| {
            ReadingError(format!(
                "unknown reading `{key}`; known readings: {}",
                READINGS
                    .iter()
                    .map(|s| format!("{} ({})", s.key, s.values.join("|")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        let spec = &READINGS[i];
        let value = spec.values.iter().find(|v| **v == value).ok_or_else(|| {
            ReadingError(format!(
                "reading `{key}` has no value `{value}`; expected one of: {}",
                spec.values.join(", ")
            ))
        })?;
        self.values[i] = value;
        Ok(())
    }

    /// Sets several readings, all or none: on the first invalid one nothing changes.
    pub fn set_all<'a>(
        &mut self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(), ReadingError> {
        let mut next = self.clone();
        for (key, value) in pairs {
            next.set(key, value)?;
        }
        *self = next;
        Ok(())
    }

    /// Sets one reading from `KEY=VALUE` (the command line's form).
    pub fn set_assignment(&mut self, assignment: &str) -> Result<(), ReadingError> {
        let (key, value) = assignment.split_once('=').ok_or_else(|| {
            ReadingError(format!(
                "`{assignment}` is not KEY=VALUE (e.g. unicomer.consultarpago_key=idtrx)"
            ))
        })?;
        self.set(key.trim(), value.trim())
    }

    /// Every `(key, value)`, in table order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        READINGS
            .iter()
            .map(|s| s.key)
            .zip(self.values.iter().copied())
    }
}

impl Serialize for Readings {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (key, value) in self.iter() {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

fn position(key: &str) -> Option<usize> {
    READINGS.iter().position(|s| s.key == key)
}

/// The readings a running simulator plays, shared by the server, every biller and every
/// [`crate::Simulator`] handle. Billers read them on every request, so a change applies to
/// the next request.
pub(crate) struct LiveReadings {
    current: RwLock<Readings>,
    /// The ones given at start, which a reset puts back.
    initial: Readings,
}

impl LiveReadings {
    pub(crate) fn new(initial: Readings) -> LiveReadings {
        LiveReadings {
            current: RwLock::new(initial.clone()),
            initial,
        }
    }

    /// A copy of the current readings (one request sees one consistent set).
    pub(crate) fn snapshot(&self) -> Readings {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The current value of one switch.
    pub(crate) fn get(&self, key: &str) -> &'static str {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
    }

    /// Applies `change` to the current readings, all or nothing.
    pub(crate) fn update(
        &self,
        change: impl FnOnce(&mut Readings) -> Result<(), ReadingError>,
    ) -> Result<Readings, ReadingError> {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        let mut next = current.clone();
        change(&mut next)?;
        *current = next.clone();
        Ok(next)
    }

    /// Back to the readings given at start.
    pub(crate) fn reset(&self) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = self.initial.clone();
    }
}

/// The table of the module docs, generated from [`READINGS`] (for the README): key, values,
/// default and the document's words.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| key | values | default | the document's words |\n| --- | --- | --- | --- |\n",
    );
    for s in READINGS {
        let values: Vec<String> = s.values.iter().map(|v| format!("`{v}`")).collect();
        out.push_str(&format!(
            "| `{}` | {} | `{}` | {} |\n",
            s.key,
            values.join(", "),
            s.default,
            s.document.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_consistent() {
        for (i, s) in READINGS.iter().enumerate() {
            assert_eq!(s.values.first(), Some(&s.default), "{}", s.key);
            assert_eq!(s.values.len(), s.meaning.len(), "{}", s.key);
            assert!(s.values.len() >= 2, "{}", s.key);
            assert!(s.key.starts_with(&format!("{}.", s.biller)), "{}", s.key);
            assert!(!s.document.is_empty(), "{}", s.key);
            assert_eq!(position(s.key), Some(i), "duplicate key {}", s.key);
        }
        // Every reading belongs to a registered biller (a biller whose document reads one way
        // only, like the Acme fixture, has none).
        let ids: Vec<&str> = crate::billers().iter().map(|b| b.id).collect();
        for s in READINGS {
            assert!(
                ids.contains(&s.biller),
                "{} names no simulated biller",
                s.key
            );
        }
    }

    #[test]
    fn set_checks_keys_and_values_and_changes_nothing_on_error() {
        let mut r = Readings::default();
        assert_eq!(r.get("unicomer.consultarpago_key"), "secuencial");
        r.set("unicomer.consultarpago_key", "idtrx").unwrap();
        assert!(r.is("unicomer.consultarpago_key", "idtrx"));

        let err = r.set("unicomer.nope", "x").unwrap_err();
        assert!(
            err.0.contains("cooplan.pay_settled (refused|accepted)"),
            "{err}"
        );
        let err = r.set("cooplan.auth_header", "Authorization").unwrap_err();
        assert!(err.0.contains("any, autorizacion, authorization"), "{err}");

        let before = r.clone();
        assert!(
            r.set_all([("zoom.login_path", "loginGenUEWs"), ("zoom.nope", "x")])
                .is_err()
        );
        assert_eq!(r, before);
        r.set_all([("zoom.login_path", "loginGenUEWs")]).unwrap();
        assert_eq!(r.get("zoom.login_path"), "loginGenUEWs");

        r.set_assignment("cooplan.id_cobranza = number").unwrap();
        assert_eq!(r.get("cooplan.id_cobranza"), "number");
        assert!(r.set_assignment("cooplan.id_cobranza").is_err());
    }

    #[test]
    fn serialises_as_a_flat_object() {
        let v = serde_json::to_value(Readings::default()).unwrap();
        assert_eq!(v.as_object().unwrap().len(), READINGS.len());
        assert_eq!(v["cooplan.auth_header"], "any");
        let specs = serde_json::to_value(READINGS).unwrap();
        assert_eq!(specs[0]["key"], "unicomer.consultarpago_key");
        assert_eq!(specs[0]["values"][1], "idtrx");
    }

    #[test]
    fn live_readings_update_atomically_and_reset() {
        let mut start = Readings::default();
        start.set("cooplan.pay_settled", "accepted").unwrap();
        let live = LiveReadings::new(start.clone());
        live.update(|r| r.set("cooplan.pay_settled", "refused"))
            .unwrap();
        assert_eq!(live.get("cooplan.pay_settled"), "refused");
        assert!(live.update(|r| r.set("x", "y")).is_err());
        assert_eq!(live.get("cooplan.pay_settled"), "refused");
        live.reset();
        assert_eq!(live.snapshot(), start);
    }

    /// The module docs' table is exactly [`markdown_table`]'s.
    #[test]
    fn module_docs_show_the_generated_table() {
        let docs = include_str!("readings.rs");
        for line in markdown_table().lines() {
            assert!(
                docs.contains(&format!("//! {line}\n")),
                "module docs lack: {line}"
            );
        }
    }
}
