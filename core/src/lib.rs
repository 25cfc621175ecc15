//! recaudo's core: everything a collector needs to take payments for a biller, with no I/O.
//!
//! - [`money`]: exact decimal amounts and their JSON codecs (never a float);
//! - [`http`] and [`transport`]: plain request/response values and the one async seam the
//!   caller implements (or takes from [`native`] or the binding crates);
//! - [`clock`]: time as an input; [`retry`]: backoff for reads; [`token_cache`]: bearer tokens;
//! - [`error`]: one error type with stable codes; [`secret`]: values that never print;
//! - [`endpoint`]: the shape of every endpoint module;
//! - [`outcome`]: how a payment ends (confirmed, rejected, needs review), and [`recovery`]: the
//!   one engine that resolves a payment or reversal whose reply was lost;
//! - [`validate`]: input checks shared by the request builders;
//! - one module per biller, behind a feature of the same name: [`unicomer`], [`unicobros`],
//!   [`zoom`], [`cooplan`].

pub mod base_url;
pub mod clock;
pub mod collection;
pub mod discover;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod money;
pub mod outcome;
pub mod recovery;
pub mod retry;
pub mod secret;
pub mod token_cache;
pub mod transport;
#[cfg(feature = "uniffi")]
pub mod uniffi_types;
pub mod validate;
pub mod wire;

#[cfg(feature = "cooplan")]
pub mod cooplan;
#[cfg(feature = "native")]
pub mod native;
#[cfg(feature = "unicobros")]
pub mod unicobros;
#[cfg(feature = "unicomer")]
pub mod unicomer;
#[cfg(feature = "zoom")]
pub mod zoom;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();

pub use error::{Error, ErrorCode};
pub use money::{Currency, Money};
pub use outcome::{Evidence, Outcome, Rejection};
pub use secret::Secret;
