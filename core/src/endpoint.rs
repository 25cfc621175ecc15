//! The shape every biller endpoint module follows (ruma style): a request value that becomes a
//! plain [`HttpRequest`], and a decoder from a plain [`HttpResponse`] to the typed reply. No I/O:
//! the biller's client adds credentials, timeouts and retries around it.

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

/// One biller endpoint: how its request is built and how its reply is read, with no I/O, so
/// that the same code runs natively, in the browser and behind the mobile bindings.
pub trait Endpoint {
    /// The biller configuration the request is built against (base URL, paths, encodings).
    type Config;
    /// The decoded reply: owned data (`'static`, `Send`), so that the session can carry it
    /// type-erased through its one exchange path per biller.
    type Response: Send + 'static;
    /// The endpoint's name, as the simulator and the evidence trail use it.
    const NAME: &'static str;
    /// Whether the biller's client must add its credentials.
    const AUTHENTICATED: bool = true;

    /// Builds the request, validating the input first: a request the biller would refuse for its
    /// shape is never built. Credentials and the timeout are the client's to add.
    fn to_http(&self, config: &Self::Config) -> Result<HttpRequest, Error>;

    /// Reads the reply: the biller's error envelopes become [`Error`]s, the data its typed value
    /// (amounts exactly, never through a float).
    fn decode(response: &HttpResponse) -> Result<Self::Response, Error>;
}
