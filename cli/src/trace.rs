//! The transport every command uses: the native one, remembering the last URL it was asked for
//! (without its query), so that an error can name the URL that answered it and suggest the fix.

use std::sync::Mutex;

use recaudo_core::http::{HttpRequest, HttpResponse};
use recaudo_core::native::NativeTransport;
use recaudo_core::transport::{Transport, TransportError};

use crate::output::CliError;

static LAST_URL: Mutex<Option<String>> = Mutex::new(None);

/// [`NativeTransport`], remembering each request's URL.
pub struct Traced(NativeTransport);

impl Traced {
    pub fn new() -> Result<Self, CliError> {
        Ok(Traced(NativeTransport::new()?))
    }
}

impl Transport for Traced {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let url = request
            .url
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .to_owned();
        *LAST_URL.lock().unwrap_or_else(|p| p.into_inner()) = Some(url);
        self.0.send(request)
    }
}

/// The URL of the last request sent, if any.
pub fn last_url() -> Option<String> {
    LAST_URL.lock().unwrap_or_else(|p| p.into_inner()).clone()
}
