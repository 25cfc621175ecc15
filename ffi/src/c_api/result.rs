//! The result code every C entry point returns.

use recaudo_core::Error;

/// What a C call did. `RECAUDO_OK` is 0; the codes from 100 up are the core's stable error codes
/// (see `recaudo_last_error_json` for the biller's code and message and the HTTP status).
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum recaudo_result {
    RECAUDO_OK = 0,
    /// A required pointer argument was NULL.
    RECAUDO_NULL_ARGUMENT = 1,
    /// A string argument was not valid UTF-8.
    RECAUDO_INVALID_UTF8 = 2,
    /// A handle was freed, of another kind, or never came from recaudo.
    RECAUDO_INVALID_HANDLE = 3,
    /// A panic was caught at the boundary (a bug in recaudo; nothing crossed into C).
    RECAUDO_PANIC = 4,
    /// The library's own machinery failed (its runtime could not start).
    RECAUDO_INTERNAL = 5,
    /// `invalid_input`: input refused before anything was sent (also JSON that does not parse).
    RECAUDO_INVALID_INPUT = 100,
    /// `invalid_amount`: an amount that is not a plain positive decimal with at most the
    /// currency's decimals, or above the balance.
    RECAUDO_INVALID_AMOUNT = 101,
    /// `config`: a configuration that cannot work.
    RECAUDO_CONFIG = 102,
    /// `insecure_url`: plain http:// to a host that is not this machine.
    RECAUDO_INSECURE_URL = 103,
    /// `timeout`: no reply in time; the biller may have acted on the request.
    RECAUDO_TIMEOUT = 104,
    /// `connect`: could not connect; nothing was sent.
    RECAUDO_CONNECT = 105,
    /// `network`: the connection failed during the exchange; the biller may have acted on it.
    RECAUDO_NETWORK = 106,
    /// `auth`: the biller refused the credentials.
    RECAUDO_AUTH = 107,
    /// `biller`: the biller answered with its own error.
    RECAUDO_BILLER = 108,
    /// `http_status`: an HTTP status the endpoint does not document.
    RECAUDO_HTTP_STATUS = 109,
    /// `decode`: the reply could not be read.
    RECAUDO_DECODE = 110,
    /// `unsupported`: the biller does not offer this step.
    RECAUDO_UNSUPPORTED = 111,
    /// `storage`: the payment journal could not be read or written.
    RECAUDO_STORAGE = 112,
}

impl recaudo_result {
    /// The result for a core error.
    pub(crate) fn of(e: &Error) -> Self {
        use recaudo_result::*;
        match e.code() {
            "invalid_input" => RECAUDO_INVALID_INPUT,
            "invalid_amount" => RECAUDO_INVALID_AMOUNT,
            "config" => RECAUDO_CONFIG,
            "insecure_url" => RECAUDO_INSECURE_URL,
            "timeout" => RECAUDO_TIMEOUT,
            "connect" => RECAUDO_CONNECT,
            "network" => RECAUDO_NETWORK,
            "auth" => RECAUDO_AUTH,
            "biller" => RECAUDO_BILLER,
            "http_status" => RECAUDO_HTTP_STATUS,
            "decode" => RECAUDO_DECODE,
            "unsupported" => RECAUDO_UNSUPPORTED,
            "storage" => RECAUDO_STORAGE,
            _ => RECAUDO_INTERNAL,
        }
    }
}
