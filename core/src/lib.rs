//! recaudo's core: everything a collector needs to take payments for a biller, with no I/O.
//!
//! - [`money`]: exact decimal amounts and their JSON codecs (never a float);
//! - [`http`] and [`transport`]: plain request/response values and the one async seam the
//!   caller implements (or takes from [`native`] or the binding crates);
//! - [`clock`]: time as an input; [`calendar`]: the date and time texts core reads and writes; [`retry`]: backoff for reads; [`token_cache`]: bearer tokens;
//! - [`error`]: one error type with stable codes; [`secret`]: values that never print;
//! - [`endpoint`]: the shape of every endpoint module;
//! - [`outcome`]: how a payment ends (confirmed, rejected, needs review), and [`recovery`]: the
//!   one engine that resolves a payment or reversal whose reply was lost;
//! - [`validate`]: input checks shared by the request builders;
//! - [`biller`]: what a biller implements, once, in its own folder; the list below makes
//!   [`BillerId`], [`BillerOptions`] and [`Collector`] of every biller it names, each behind a
//!   feature of its own name (see [`registry`]);
//! - [`services`]: each biller's own services beyond the unified flow ([`ServiceRequest`]).

#![warn(missing_docs)]

pub mod base_url;
pub mod biller;
pub mod calendar;
pub mod clock;
pub mod collection;
pub mod discover;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod money;
mod objects_only;
pub mod outcome;
pub mod recovery;
pub mod retry;
pub mod secret;
pub mod services;
#[macro_use]
pub mod session;
pub mod token_cache;
pub mod transport;
#[cfg(feature = "uniffi")]
pub mod uniffi_types;
pub mod validate;
pub mod wire;

#[cfg(feature = "native-runtime")]
pub mod native;
#[macro_use]
pub mod registry;

/// The billers: the one list, handed to `$callback` (a `macro_rules!` macro). A line is: its
/// feature (also its name on the wire and its module), its module and unit type (which
/// implements `biller::Biller`), its options and its client (which implements
/// `biller::BillerClient`). Nothing else names the billers one by one: core builds its registry
/// from it ([`registry`]), and the binding crates their per-biller objects.
#[macro_export]
macro_rules! for_each_biller {
    ($callback:ident) => {
        $callback! {
            "unicomer" unicomer::Unicomer(UnicomerOptions, UnicomerClient),
            "unicobros" unicobros::Unicobros(UnicobrosOptions, UnicobrosClient),
            "zoom" zoom::Zoom(ZoomOptions, ZoomClient),
            "cooplan" cooplan::Cooplan(CooplanOptions, CooplanClient),
            "acme" acme::Acme(AcmeOptions, AcmeClient),
        }
    };
}

for_each_biller!(billers);

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();

pub use error::{Error, ErrorCode};
pub use money::{Currency, Money};
pub use outcome::{Evidence, Outcome, Rejection};
pub use secret::Secret;
