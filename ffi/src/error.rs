//! One error type for Kotlin and Swift, with the core's stable code and the biller's own code
//! and message. Variants group the codes by what an app does about them; every variant carries
//! the same fields, so `e.code` works whatever the variant. The code is the core's [`ErrorCode`]
//! itself, so the Kotlin and Swift list of codes is generated from the core's one list. No field is called `message` (it
//! would clash with Kotlin's `Throwable.message`): the text is `detail`. Messages come from the
//! core's `Display`, which never includes a credential.

use recaudo_core::{Error, ErrorCode};

macro_rules! recaudo_error {
    ($($(#[$doc:meta])* $variant:ident),* $(,)?) => {
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
        pub enum RecaudoError {
            $(
                $(#[$doc])*
                #[error("{code}: {detail}")]
                $variant {
                    /// The core's stable code: `ErrorCode.INVALID_AMOUNT` in Kotlin,
                    /// `.invalidAmount` in Swift. Its string (`invalid_amount`, `timeout`,
                    /// `biller`, ...) is `toString()` in Kotlin and `description` in Swift.
                    code: ErrorCode,
                    /// What went wrong, for people; never contains a credential.
                    detail: String,
                    /// The biller's own status or code, verbatim, when the biller answered one.
                    biller_code: Option<String>,
                    /// The biller's own message, verbatim.
                    biller_message: Option<String>,
                    /// The HTTP status, when there was a reply.
                    http_status: Option<u16>,
                    /// The request may have been acted on by the biller: check before resending.
                    may_have_reached_biller: bool,
                },
            )*
        }

        impl RecaudoError {
            /// The core's stable code.
            pub fn code(&self) -> ErrorCode {
                match self {
                    $(RecaudoError::$variant { code, .. } => *code,)*
                }
            }

            /// The human-readable description.
            pub fn detail(&self) -> &str {
                match self {
                    $(RecaudoError::$variant { detail, .. } => detail,)*
                }
            }
        }
    };
}

recaudo_error! {
    /// Input refused before anything was sent (`invalid_input`, `invalid_amount`), or a
    /// configuration that cannot work (`config`, `insecure_url`).
    InvalidInput,
    /// The network failed (`timeout`, `connect`, `network`); see `may_have_reached_biller`.
    Network,
    /// The biller refused the credentials (`auth`).
    Auth,
    /// The biller answered with its own error (`biller`): `biller_code`, `biller_message`.
    Biller,
    /// An undocumented HTTP status or a reply that could not be read (`http_status`, `decode`).
    Protocol,
    /// The biller does not offer this step (`unsupported`); see `Collector.capabilities()`.
    Unsupported,
    /// The payment journal could not be read or written (`storage`).
    Storage,
    /// A bug in recaudo (`internal`): a panic caught at the boundary, a runtime that did not
    /// start. Never a panic across the FFI.
    Internal,
}

impl From<Error> for RecaudoError {
    fn from(e: Error) -> Self {
        let code = e.error_code();
        let detail = e.to_string();
        let biller_code = e.biller_code().map(str::to_owned);
        let biller_message = e.biller_message().map(str::to_owned);
        let http_status = e.http_status();
        let may_have_reached_biller = e.may_have_reached_biller();
        macro_rules! make {
            ($variant:ident) => {
                RecaudoError::$variant {
                    code,
                    detail,
                    biller_code,
                    biller_message,
                    http_status,
                    may_have_reached_biller,
                }
            };
        }
        match e {
            Error::InvalidInput { .. }
            | Error::InvalidAmount(_)
            | Error::Config(_)
            | Error::InsecureUrl { .. } => make!(InvalidInput),
            Error::Transport(_) => make!(Network),
            Error::Auth { .. } => make!(Auth),
            Error::Biller { .. } => make!(Biller),
            Error::HttpStatus { .. } | Error::Decode { .. } => make!(Protocol),
            Error::Unsupported(_) => make!(Unsupported),
            Error::Storage(_) => make!(Storage),
            Error::Internal(_) => make!(Internal),
        }
    }
}
