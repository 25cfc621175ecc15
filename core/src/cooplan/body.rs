//! Request bodies in the configured encoding.
//!
//! The document shows inputs as `Contrato = "345"`, `IdFactura = 4303567`, `Monto = 145.7`:
//! names and value types, no encoding. Every endpoint builds its fields once, in the
//! document's order, as text or number; the shared [`Body`] writes them as a JSON object
//! (numbers from their decimal text, never through a float) or as a form (everything as text).

use crate::error::Error;
pub(crate) use crate::http::Scalar;
use crate::http::{Body, HttpRequest};

use super::config::{CooplanConfig, JsonScalar};

/// A value whose JSON type is a configuration choice.
pub(crate) fn as_configured(text: String, json: JsonScalar) -> Scalar {
    match json {
        JsonScalar::Number => Scalar::Number(text),
        JsonScalar::Text => Scalar::Text(text),
    }
}

/// `POST {base}/{path}` with `fields` in `config.encoding`.
pub(crate) fn post(
    config: &CooplanConfig,
    path: &str,
    fields: &[(&str, Scalar)],
) -> Result<HttpRequest, Error> {
    fields
        .iter()
        .fold(Body::new(), |body, (name, value)| {
            body.scalar(name, value.clone())
        })
        .post(config.base_url.join(path)?, config.encoding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cooplan::config::{BodyEncoding, Credentials};
    use crate::secret::Secret;

    fn config() -> CooplanConfig {
        CooplanConfig::with_base_url(
            "http://127.0.0.1:9/",
            false,
            Credentials {
                cod_seguridad: Secret::new("c"),
                login: "l".into(),
                pwd: Secret::new("p"),
            },
        )
        .unwrap()
    }

    #[test]
    fn json_keeps_order_and_number_text_form_is_all_text() {
        let fields = [
            ("IdFactura", Scalar::Number("4303567".into())),
            ("Periodo", Scalar::Text("202110".into())),
            ("Monto", Scalar::Number("145.70".into())),
        ];
        let mut config = config();
        let http = post(&config, "api/realizarpago", &fields).unwrap();
        assert_eq!(http.url, "http://127.0.0.1:9/api/realizarpago");
        assert_eq!(
            std::str::from_utf8(&http.body).unwrap(),
            r#"{"IdFactura":4303567,"Periodo":"202110","Monto":145.70}"#
        );
        config.encoding = BodyEncoding::Form;
        let http = post(&config, "api/realizarpago", &fields).unwrap();
        assert_eq!(
            std::str::from_utf8(&http.body).unwrap(),
            "IdFactura=4303567&Periodo=202110&Monto=145.70"
        );
        config.encoding = BodyEncoding::Json;
        let err = post(&config, "x", &[("a", Scalar::Number("1,5".into()))]).unwrap_err();
        assert_eq!(err.code(), "config");
    }
}
