//! Each biller's own services, beyond the unified five steps: a receipt reprint, the day's
//! list, a reference's resolution, Zoom's pay button.
//!
//! A biller declares them in its folder as two enums, both tagged by `service` (snake_case):
//! its requests ([`crate::biller::Biller::Service`], e.g. `{"service": "payment_records",
//! ...}`) and their replies ([`crate::biller::Biller::ServiceReply`]); its client answers them
//! in [`crate::biller::BillerClient::serve`]. The requests enum is declared through
//! `named_services!`, which also lets a channel read a request once its `service` tag is known
//! ([`NamedService`]). The registry wraps them into [`crate::ServiceRequest`] and
//! [`crate::ServiceReply`] (tagged by `biller`), and every channel reaches them through the
//! unified collector (`collector.zoom()` and the like, `null`/`None` for another biller), with
//! no code of its own per biller.
//!
//! A service that takes money (Zoom's pay button) goes through [`Payments`]: the collection
//! service's journal-backed payments, so it is journaled and recovered like any other payment.

use futures::future::LocalBoxFuture;

use crate::collection::{JournalEntry, PaymentRequest, PaymentResult};
use crate::error::Error;

/// What the collection service lends a biller's own services: its journal and its safe
/// payment, under the receipt's lock. The services never write the journal any other way.
pub trait Payments {
    /// Writes a new payment to the journal, in flight and never sent, before any money moves
    /// (a pay-button payment the customer is about to make at the bank's page). Refused with
    /// `invalid_input` when the receipt already names a payment.
    fn begin<'a>(&'a self, request: &'a PaymentRequest) -> LocalBoxFuture<'a, Result<(), Error>>;

    /// The journal's entry for a receipt of this biller.
    fn entry<'a>(
        &'a self,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Option<JournalEntry>, Error>>;

    /// Pays the receipt's journaled request through the biller's safe payment (fresh, or in
    /// doubt when it was sent before), as [`crate::collection::CollectionService::pay`] does
    /// for a new one; a resolved receipt answers its recorded result.
    fn settle<'a>(&'a self, receipt: &'a str) -> LocalBoxFuture<'a, Result<PaymentResult, Error>>;

    /// Resolves a payment that was never sent to the biller with `result` (a pay-button
    /// payment the customer abandoned or the bank declined). Refused when the receipt was sent.
    fn close<'a>(
        &'a self,
        receipt: &'a str,
        result: PaymentResult,
    ) -> LocalBoxFuture<'a, Result<PaymentResult, Error>>;
}

/// A biller's service requests, read once their `service` tag is known: for a channel that
/// reads the tag itself (the browser), so that no format has to buffer the whole request into
/// serde's generic content to find the tag first (the derived reader of an enum tagged by
/// `service` does, and that buffer and a second copy of every field's reader cost the browser
/// bundles 6–27 KB uncompressed). Implemented by `named_services!`.
pub trait NamedService: Sized {
    /// The request of the service `service`, read from its other fields (a `service` key
    /// still in the object is ignored); an unknown service is serde's `unknown variant`
    /// error, word for word the derived reader's.
    fn from_named<'de, D: serde::Deserializer<'de>>(
        service: &str,
        deserializer: D,
    ) -> Result<Self, D::Error>;
}

/// Declares a biller's requests enum, tagged by `service`, and implements [`NamedService`] for
/// it from the same declaration: each variant is written `"tag" => Variant { fields }`, the tag
/// being its `service` value (the macro adds `#[serde(rename = "tag")]`). The enum gets what
/// `Biller::Service` needs (its derives, serde's `service` tag, the bindings' derives,
/// `#[non_exhaustive]`) and every attribute as written; [`NamedService::from_named`] reads a
/// variant's fields with their `serde` attributes only (docs and the bindings' attributes are
/// for the enum).
/// `assert_named_reader`, run over one request of each service in the biller's tests, checks
/// that both readers agree.
macro_rules! named_services {
    (
        $(#[$meta:meta])*
        $vis:vis enum $enum:ident {
            $(
                $(#[$vmeta:meta])*
                $tag:literal => $variant:ident {
                    $( $(#[$($fattr:tt)*])* $field:ident : $ty:ty ),* $(,)?
                }
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "service")]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        #[non_exhaustive]
        $vis enum $enum {
            $(
                $(#[$vmeta])*
                #[serde(rename = $tag)]
                $variant { $( $(#[$($fattr)*])* $field: $ty ),* },
            )+
        }

        impl $crate::services::NamedService for $enum {
            fn from_named<'de, D: serde::Deserializer<'de>>(
                service: &str,
                deserializer: D,
            ) -> Result<Self, D::Error> {
                $(
                    if service == $tag {
                        $crate::services::variant_fields! {
                            [] $( { $(#[$($fattr)*])* } $field : $ty, )*
                        }
                        let Fields { $($field),* } = serde::Deserialize::deserialize(deserializer)?;
                        return Ok($enum::$variant { $($field),* });
                    }
                )+
                Err(serde::de::Error::unknown_variant(service, &[$($tag),+]))
            }
        }
    };
}
pub(crate) use named_services;

/// `named_services!`'s reader of one variant: a `Fields` struct of its fields, each with its
/// `serde` attributes and no other (a doc or a bindings' attribute has no derive here to read
/// it). Munches `{ attributes } field: type,` one attribute at a time.
macro_rules! variant_fields {
    ([$($out:tt)*]) => {
        #[derive(serde::Deserialize)]
        struct Fields { $($out)* }
    };
    ([$($out:tt)*] { #[serde $args:tt] $($attrs:tt)* } $($rest:tt)*) => {
        $crate::services::variant_fields! { [$($out)* #[serde $args]] { $($attrs)* } $($rest)* }
    };
    ([$($out:tt)*] { #[$($other:tt)*] $($attrs:tt)* } $($rest:tt)*) => {
        $crate::services::variant_fields! { [$($out)*] { $($attrs)* } $($rest)* }
    };
    ([$($out:tt)*] { } $field:ident : $ty:ty, $($rest:tt)*) => {
        $crate::services::variant_fields! { [$($out)* $field: $ty,] $($rest)* }
    };
}
pub(crate) use variant_fields;

/// For each biller's tests: `samples` (one request of each service) read by
/// [`NamedService::from_named`] as the derived reader reads them, and both refuse an unknown
/// service with the same message, which lists every service of the enum (so a service the
/// macro leaves out fails here).
#[cfg(test)]
pub(crate) fn assert_named_reader<T>(samples: &[T])
where
    T: NamedService + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    for sample in samples {
        let text = serde_json::to_string(sample).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let tag = value["service"].as_str().unwrap();
        let named = T::from_named(tag, &mut serde_json::Deserializer::from_str(&text)).unwrap();
        assert_eq!(&named, sample, "{text}");
        assert_eq!(serde_json::from_str::<T>(&text).unwrap(), named, "{text}");
    }
    let unknown = r#"{"service":"no_such_service"}"#;
    let derived = serde_json::from_str::<T>(unknown).unwrap_err().to_string();
    let named = T::from_named(
        "no_such_service",
        &mut serde_json::Deserializer::from_str(unknown),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        derived.split(" at line").next(),
        named.split(" at line").next()
    );
}

#[cfg(all(test, feature = "zoom", feature = "cooplan"))]
mod tests {
    use crate::{BillerId, ServiceReply, ServiceRequest};

    #[test]
    fn a_request_names_its_biller_and_service() {
        let json = r#"{"biller":"zoom","service":"payment_records","query":{"reference":"R-1"}}"#;
        let request: ServiceRequest = serde_json::from_str(json).unwrap();
        assert_eq!(request.biller(), BillerId::Zoom);
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::json!({"biller": "zoom", "service": "payment_records",
                "query": {"reference": "R-1", "paid_from": null, "paid_to": null}})
        );
        let reply = r#"{"biller":"zoom","service":"payment_records","records":[]}"#;
        let reply: ServiceReply = serde_json::from_str(reply).unwrap();
        assert!(matches!(reply, ServiceReply::Zoom(_)));
        for bad in [
            r#"{"service":"payment_records","query":{}}"#,
            r#"{"biller":"zoom","service":"collections_report","date":"2026-12-01"}"#,
            r#"{"biller":"nobody","service":"payment_records","query":{}}"#,
        ] {
            assert!(
                serde_json::from_str::<ServiceRequest>(bad).is_err(),
                "{bad}"
            );
        }
    }
}
