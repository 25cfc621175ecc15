//! The Acme client: a [`Session`] with Acme's key, and Acme's replies read once for all three
//! endpoints.

use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::clock::Clock;
use crate::error::Error;
use crate::http::HttpResponse;
use crate::session::Session;
use crate::transport::Transport;

use super::config::{AcmeConfig, ApiKey};
use super::debts::{DebtsReply, DebtsRequest};
use super::payment::{PaymentRecord, PaymentRequest};

/// A connected Acme client: every call carries the collector's key, and replies are decoded
/// (HTTP 401 as a refused key, other non-2xx as Acme's refusal) in one place.
pub struct AcmeClient<T, C> {
    pub(super) session: Session<ApiKey, T, C>,
}

impl<T: Transport, C: Clock> AcmeClient<T, C> {
    /// Refuses an empty key before any request.
    pub fn new(config: AcmeConfig, transport: T, clock: C) -> Result<Self, Error> {
        if config.api_key.is_empty() {
            return Err(Error::Config("the Acme api key is empty".into()));
        }
        Ok(AcmeClient {
            session: Session::new(config, ApiKey, transport, clock),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &AcmeConfig {
        self.session.config()
    }

    /// The clock the client reads for timestamps and recovery waits.
    pub fn clock(&self) -> &C {
        self.session.clock()
    }

    /// Now, in UTC to the second: Acme keeps no local time.
    pub fn now_local(&self) -> NaiveDateTime {
        let now = self.clock().now().naive_utc();
        chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now)
    }

    /// What a customer owes.
    pub async fn debts(&self, customer: &str) -> Result<DebtsReply, Error> {
        self.session
            .read(&DebtsRequest {
                customer: customer.trim().to_owned(),
            })
            .await
    }

    /// The payment made under `receipt`, or `None` when Acme holds none.
    pub async fn payment(&self, receipt: &str) -> Result<Option<PaymentRecord>, Error> {
        self.session
            .read(&PaymentRequest {
                receipt: receipt.trim().to_owned(),
            })
            .await
    }
}

/// Acme's error body.
#[derive(Deserialize)]
struct Refusal {
    #[serde(default)]
    error: String,
}

/// A reply's JSON, or the error it carries: 401 is a refused key, any other non-2xx a refusal
/// in Acme's words (HTTP 5xx is taken by recovery as a doubt, never a rejection).
pub(super) fn decode<R: for<'de> Deserialize<'de>>(response: &HttpResponse) -> Result<R, Error> {
    if !response.is_success() {
        let message = crate::wire::from_body::<Refusal>(&response.body)
            .map(|r| r.error)
            .unwrap_or_else(|_| crate::error::snippet(&response.body));
        if response.status == 401 {
            return Err(Error::Auth {
                http_status: 401,
                biller_code: None,
                biller_message: Some(message),
            });
        }
        return Err(Error::Biller {
            biller_code: response.status.to_string(),
            biller_message: message,
            http_status: response.status,
        });
    }
    crate::wire::from_body(&response.body)
        .map_err(|e| Error::decode(e.to_string(), &response.body, response.status))
}
