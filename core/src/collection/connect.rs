//! A [`crate::Collector`] from plain values: the one place that turns a biller's connection settings
//! into its client configuration, so the browser, mobile and C bindings (and anything else that
//! reads settings from JSON) share it instead of each assembling configs by hand.
//!
//! Every field is a plain string or number. Credentials are [`Secret`]s: they deserialize from
//! strings but never print. The base URL is always given explicitly: the biller's own (see each
//! biller's `Environment`), a simulator's, or a merchant backend that holds the credentials and
//! forwards calls (the browser set-up, see the wasm package's README). Timings left out keep the
//! biller's defaults.

use std::time::Duration;

use serde::Deserialize;

use crate::error::Error;

/// Where and how to reach a biller, common to every biller.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct Connection {
    /// The API root: the biller's, a simulator's or a merchant backend's.
    pub base_url: String,
    /// Accept a plain `http://` URL for a host that is not this machine. Off by default: loopback
    /// is always accepted, anything else must be `https://`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "boolean"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub allow_insecure_http: bool,
    /// Per-request timeout, in milliseconds. The three durations are signed (`Long` in
    /// Kotlin, `Int64` in Swift, as JVM and mobile developers hold milliseconds); a negative one
    /// is refused as `config`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "number"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub timeout_ms: Option<i64>,
    /// First backoff delay between retries of a read, in milliseconds.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "number"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub retry_delay_ms: Option<i64>,
    /// Attempts in all for a read (the first included); 1 disables retries.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "number"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub retry_attempts: Option<u32>,
    /// How long recovery waits before asking the biller about a payment whose reply was lost,
    /// in milliseconds.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "number"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub settle_delay_ms: Option<i64>,
}

impl Connection {
    /// A connection to `base_url` with the biller's default timings.
    pub fn new(base_url: impl Into<String>) -> Self {
        Connection {
            base_url: base_url.into(),
            allow_insecure_http: false,
            timeout_ms: None,
            retry_delay_ms: None,
            retry_attempts: None,
            settle_delay_ms: None,
        }
    }

    /// Applies the timings given to a biller's configuration (what is left out keeps the
    /// biller's defaults).
    pub(crate) fn tune(
        &self,
        timeout: &mut Duration,
        retry: &mut crate::retry::RetryPolicy,
        recovery: &mut crate::recovery::RecoveryPolicy,
    ) -> Result<(), Error> {
        if let Some(ms) = self.timeout_ms {
            if ms == 0 {
                return Err(Error::Config("timeoutMs must be greater than 0".into()));
            }
            *timeout = millis("timeoutMs", ms)?;
        }
        if let Some(ms) = self.retry_delay_ms {
            retry.base_delay = millis("retryDelayMs", ms)?;
        }
        if let Some(n) = self.retry_attempts {
            if n == 0 {
                return Err(Error::Config("retryAttempts must be at least 1".into()));
            }
            retry.max_attempts = n;
        }
        if let Some(ms) = self.settle_delay_ms {
            recovery.settle_delay = millis("settleDelayMs", ms)?;
        }
        Ok(())
    }
}

/// A duration given in milliseconds; negative is a configuration error.
fn millis(name: &str, ms: i64) -> Result<Duration, Error> {
    u64::try_from(ms)
        .map(Duration::from_millis)
        .map_err(|_| Error::Config(format!("{name} must not be negative")))
}

#[cfg(all(test, feature = "unicomer", feature = "zoom"))]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::http::{HttpRequest, HttpResponse};
    use crate::secret::Secret;
    use crate::transport::Transport;
    use crate::transport::{Delivery, FnTransport, TransportError, TransportErrorKind};
    use crate::zoom::ZoomOptions;
    use crate::{BillerId, BillerOptions, Collector};

    fn transport() -> impl Transport {
        FnTransport(|_req: HttpRequest| async {
            Err::<HttpResponse, _>(TransportError::new(
                TransportErrorKind::Connect,
                Delivery::NotSent,
                "unused",
            ))
        })
    }

    fn clock() -> ManualClock {
        ManualClock::new(chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap())
    }

    #[test]
    fn reads_options_from_json_without_printing_secrets() {
        let options: BillerOptions = serde_json::from_str(
            r#"{"biller":"unicomer","connection":{"baseUrl":"http://127.0.0.1:9/unicomer/",
                "timeoutMs":400},"username":"u@example.test","password":"planted-pw-1",
                "commerce":"EMPTEST"}"#,
        )
        .unwrap();
        assert_eq!(options.biller(), BillerId::Unicomer);
        assert!(!format!("{options:?}").contains("planted-pw-1"));
        let collector = Collector::connect(options, transport(), clock()).unwrap();
        assert_eq!(collector.biller(), BillerId::Unicomer);
    }

    #[test]
    fn reads_one_billers_options_once_its_tag_is_known() {
        let text = r#"{"biller":"unicomer","connection":{"baseUrl":"http://127.0.0.1:9/"},
            "username":"u@example.test","password":"fake-pw","commerce":"EMPTEST"}"#;
        let tagged: BillerOptions = serde_json::from_str(text).unwrap();
        // The tag, still in the object, is ignored; the same fields read the same options.
        let own = BillerOptions::from_own(
            BillerId::Unicomer,
            &mut serde_json::Deserializer::from_str(text),
        )
        .unwrap();
        assert_eq!(own, tagged);
        // Read as another biller, the fields are that biller's and are refused when missing.
        let err = BillerOptions::from_own(
            BillerId::Zoom,
            &mut serde_json::Deserializer::from_str(text),
        )
        .unwrap_err();
        assert!(err.to_string().contains("missing field `login`"), "{err}");
    }

    #[test]
    fn refuses_insecure_remote_urls_and_zero_timeouts() {
        let zoom = |url: &str, timeout: Option<i64>| {
            let mut connection = Connection::new(url);
            connection.timeout_ms = timeout;
            BillerOptions::Zoom(ZoomOptions::new(connection, "l", Secret::new("p")))
        };
        let err = Collector::connect(zoom("http://zoom.example/", None), transport(), clock())
            .err()
            .unwrap();
        assert_eq!(err.code(), "insecure_url");
        let err = Collector::connect(zoom("https://zoom.example/", Some(0)), transport(), clock())
            .err()
            .unwrap();
        assert_eq!(err.code(), "config");
        let err = Collector::connect(
            zoom("https://zoom.example/", Some(-1)),
            transport(),
            clock(),
        )
        .err()
        .unwrap();
        assert_eq!(err.code(), "config");
        assert!(err.to_string().contains("negative"), "{err}");
        assert!(
            Collector::connect(zoom("https://zoom.example/", None), transport(), clock()).is_ok()
        );
    }
}
