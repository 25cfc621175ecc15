//! The machinery behind the one list of billers in `lib.rs`: from each line (feature, module,
//! unit type, options type, client type) [`billers!`] declares the biller's module and builds
//! the three things every edge of the SDK speaks in:
//!
//! - [`crate::BillerId`]: the biller's name on the wire (`"zoom"`), its currency and
//!   capabilities;
//! - [`crate::BillerOptions`]: its connection settings, tagged by `biller` (JSON, uniffi,
//!   TypeScript);
//! - [`crate::Collector`]: its client behind the unified steps, dispatched statically (an
//!   enum, so the same type works in the browser, on native and behind the bindings).
//!
//! - [`crate::ServiceRequest`] and [`crate::ServiceReply`]: its own services (see
//!   [`crate::services`]), tagged by `biller`.
//!
//! Each biller lives behind a cargo feature of its own so a checkout page ships only the ones it
//! needs; a build without a biller has no variant for it anywhere.
//!
//! The binding crates build their per-biller objects (`collector.zoom()`) from the same list:
//! `recaudo_core::for_each_biller!(their_macro)` hands it to them, and each biller's module name
//! is also a macro of this crate (`recaudo_core::zoom! {{ items }}`) that keeps its items when
//! this build has the biller and drops them when it does not. A `cfg(feature = "zoom")` written
//! in a binding crate would test that crate's features, not core's.

/// Declares every biller and the registry types over them. Invoked once, in `lib.rs`.
macro_rules! billers {
    ($($feature:literal $module:ident :: $biller:ident ($options:ident, $client:ident),)+) => {
        $(
            #[cfg(feature = $feature)]
            pub mod $module;

            #[cfg(feature = $feature)]
            #[doc(hidden)]
            #[macro_export]
            macro_rules! $module {
                ($items:tt) => { $crate::__items! $items };
            }

            #[cfg(not(feature = $feature))]
            #[doc(hidden)]
            #[macro_export]
            macro_rules! $module {
                ($items:tt) => {};
            }
        )+

        /// The billers recaudo speaks to in this build, by the name each has on the wire.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(rename_all = "lowercase")]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        #[non_exhaustive]
        pub enum BillerId {
            $(
                /// A biller of this build, named as its feature and folder are.
                #[cfg(feature = $feature)]
                $biller,
            )+
        }

        impl BillerId {
            /// Every biller in this build, in the registry's order.
            pub const ALL: &'static [BillerId] = &[$(
                #[cfg(feature = $feature)]
                BillerId::$biller,
            )+];

            /// The biller's name: its feature, module, wire tag and CLI argument.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerId::$biller => $feature,
                    )+
                }
            }

            /// The currency the biller's amounts are in.
            pub fn currency(self) -> crate::money::Currency {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerId::$biller => {
                            <$module::$biller as crate::biller::Biller>::CURRENCY
                        }
                    )+
                }
            }

            /// Whether a reference's `paid_at` may be a date (see
            /// [`crate::biller::Biller::PAID_AT_IS_A_DAY`]).
            pub fn paid_at_is_a_day(self) -> bool {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerId::$biller => {
                            <$module::$biller as crate::biller::Biller>::PAID_AT_IS_A_DAY
                        }
                    )+
                }
            }

            /// What the biller's probe takes as its subject (see
            /// [`crate::biller::Biller::PROBE_SUBJECT`]).
            pub fn probe_subject(self) -> Option<&'static str> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerId::$biller => {
                            <$module::$biller as crate::biller::Biller>::PROBE_SUBJECT
                        }
                    )+
                }
            }

            /// What to ask the biller about a payment recovery could not settle.
            pub fn advice(
                self,
                request: &crate::collection::PaymentRequest,
                amount: &str,
            ) -> String {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerId::$biller => {
                            <$module::$biller as crate::biller::Biller>::advice(request, amount)
                        }
                    )+
                }
            }

            /// Whether a payment refused before it was sent stays in flight (see
            /// [`crate::biller::Biller::settles_later`]).
            pub fn settles_later(self, request: &crate::collection::PaymentRequest) -> bool {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerId::$biller => {
                            <$module::$biller as crate::biller::Biller>::settles_later(request)
                        }
                    )+
                }
            }

            /// What the biller offers through the unified API.
            pub fn capabilities(self) -> crate::collection::Capabilities {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerId::$biller => {
                            <$module::$biller as crate::biller::Biller>::capabilities()
                        }
                    )+
                }
            }
        }

        /// One biller's connection settings, tagged by `biller` (`{"biller": "zoom", ...}`).
        #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
        #[serde(tag = "biller", rename_all = "camelCase")]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        #[non_exhaustive]
        pub enum BillerOptions {
            $(
                /// The settings of the biller this variant names.
                #[cfg(feature = $feature)]
                $biller($module::$options),
            )+
        }

        impl BillerOptions {
            /// The biller these settings are for.
            pub fn biller(&self) -> BillerId {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerOptions::$biller(_) => BillerId::$biller,
                    )+
                }
            }

            /// `biller`'s settings from its own fields, the `biller` tag already read by the
            /// caller (and ignored here if the object still holds it): for a channel that reads
            /// the tag itself (the browser), so that no format has to buffer the whole object
            /// into serde's generic content to find the tag first, a reader that costs every
            /// browser bundle its size.
            pub fn from_own<'de, D: serde::Deserializer<'de>>(
                biller: BillerId,
                deserializer: D,
            ) -> Result<Self, D::Error> {
                match biller {
                    $(
                        #[cfg(feature = $feature)]
                        BillerId::$biller => serde::Deserialize::deserialize(deserializer)
                            .map(BillerOptions::$biller),
                    )+
                }
            }

            /// The base URL and timings.
            pub fn connection(&self) -> &crate::collection::Connection {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerOptions::$biller(o) => &o.connection,
                    )+
                }
            }

            /// The base URL and timings, to change.
            pub fn connection_mut(&mut self) -> &mut crate::collection::Connection {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerOptions::$biller(o) => &mut o.connection,
                    )+
                }
            }

            /// Who the collector is at the biller (never a secret).
            pub fn account(&self) -> String {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BillerOptions::$biller(o) => {
                            <$module::$biller as crate::biller::Biller>::account(o)
                        }
                    )+
                }
            }
        }

        /// A request to one biller's own services (see [`crate::services`]), tagged by `biller`
        /// beside the service's own `service` tag: `{"biller": "zoom", "service": ...}`.
        // Built once and sent: boxing the largest variant would buy nothing.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "biller", rename_all = "lowercase")]
        #[non_exhaustive]
        pub enum ServiceRequest {
            $(
                /// A request to the services of the biller this variant names.
                #[cfg(feature = $feature)]
                $biller(<$module::$biller as crate::biller::Biller>::Service),
            )+
        }

        impl ServiceRequest {
            /// The biller whose service this asks for.
            pub fn biller(&self) -> BillerId {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        ServiceRequest::$biller(_) => BillerId::$biller,
                    )+
                }
            }
        }

        impl ServiceRequest {
            /// A request of `biller`'s service `service` from its other fields (see
            /// [`crate::services::NamedService`]): for a channel that reads the `service` tag
            /// itself (the browser).
            pub fn from_named<'de, D: serde::Deserializer<'de>>(
                biller: BillerId,
                service: &str,
                deserializer: D,
            ) -> Result<Self, D::Error> {
                match biller {
                    $(
                        #[cfg(feature = $feature)]
                        BillerId::$biller => <<$module::$biller as crate::biller::Biller>::Service
                            as crate::services::NamedService>::from_named(service, deserializer)
                            .map(ServiceRequest::$biller),
                    )+
                }
            }

            /// A request of `biller`'s own services in its own shape (`{"service": ...}`, no
            /// `biller` tag), from any serde format: for a channel that already knows its
            /// collector's biller (the C API).
            pub fn from_own<'de, D: serde::Deserializer<'de>>(
                biller: BillerId,
                deserializer: D,
            ) -> Result<Self, D::Error> {
                match biller {
                    $(
                        #[cfg(feature = $feature)]
                        BillerId::$biller => serde::Deserialize::deserialize(deserializer)
                            .map(ServiceRequest::$biller),
                    )+
                }
            }
        }

        impl ServiceReply {
            /// The reply in its biller's own shape (`{"service": ...}`, no `biller` tag), as
            /// [`ServiceRequest::from_own`] reads requests.
            pub fn own(&self) -> OwnReply<'_> {
                OwnReply(self)
            }
        }

        /// A [`ServiceReply`] serialized in its biller's own shape (see [`ServiceReply::own`]).
        pub struct OwnReply<'a>(&'a ServiceReply);

        impl serde::Serialize for OwnReply<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self.0 {
                    $(
                        #[cfg(feature = $feature)]
                        ServiceReply::$biller(reply) => reply.serialize(serializer),
                    )+
                }
            }
        }

        /// One biller's service reply, tagged as its request was.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "biller", rename_all = "lowercase")]
        #[non_exhaustive]
        pub enum ServiceReply {
            $(
                /// A reply from the services of the biller this variant names.
                #[cfg(feature = $feature)]
                $biller(<$module::$biller as crate::biller::Biller>::ServiceReply),
            )+
        }

        /// A biller's client behind the unified collection API (see [`crate::collection`]).
        /// Each step a biller does not offer answers [`Error::Unsupported`] (see
        /// [`Collector::capabilities`]).
        #[non_exhaustive]
        pub enum Collector<T, C> {
            $(
                #[doc = concat!("`", $feature, "`'s own client, which the unified calls go through.")]
                #[cfg(feature = $feature)]
                $biller($module::$client<T, C>),
            )+
        }

        impl<T: crate::transport::Transport, C: crate::clock::Clock> Collector<T, C> {
            /// The collector for the biller `options` name, over `transport` and `clock`.
            pub fn connect(options: BillerOptions, transport: T, clock: C) -> Result<Self, Error> {
                use crate::biller::BillerClient;
                Ok(match options {
                    $(
                        #[cfg(feature = $feature)]
                        BillerOptions::$biller(o) => {
                            Collector::$biller($module::$client::connect(o, transport, clock)?)
                        }
                    )+
                })
            }

            /// The biller this collector pays.
            pub fn biller(&self) -> BillerId {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Collector::$biller(_) => BillerId::$biller,
                    )+
                }
            }

            /// Now, on the client's clock.
            pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Collector::$biller(c) => crate::biller::BillerClient::clock(c).now(),
                    )+
                }
            }

            /// Now in the biller's local time, to the second: the `paid_at` of a payment
            /// made now.
            pub fn now_local(&self) -> chrono::NaiveDateTime {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Collector::$biller(c) => crate::biller::BillerClient::now_local(c),
                    )+
                }
            }

            /// Which reading of its document the biller follows, learned with read-only calls
            /// (see [`crate::discover`]).
            pub async fn probe(
                &self,
                input: &crate::discover::ProbeInput,
            ) -> Result<crate::discover::Discovery, Error> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Collector::$biller(c) => {
                            crate::biller::BillerClient::probe(c, input).await
                        }
                    )+
                }
            }

            /// Answers one of the biller's own services (see [`crate::services`]); refused with
            /// `invalid_input` when `request` is for another biller. One that takes money pays
            /// through `payments` (see [`crate::collection::CollectionService::serve`]).
            pub async fn serve(
                &self,
                request: ServiceRequest,
                payments: &dyn crate::services::Payments,
            ) -> Result<ServiceReply, Error> {
                #[allow(unreachable_patterns)]
                match (self, request) {
                    $(
                        #[cfg(feature = $feature)]
                        (Collector::$biller(c), ServiceRequest::$biller(r)) => {
                            crate::biller::BillerClient::serve(c, r, payments)
                                .await
                                .map(ServiceReply::$biller)
                        }
                    )+
                    (_, request) => Err(Error::invalid(
                        "service",
                        format!(
                            "a {} service asked of a {} collector",
                            request.biller(),
                            self.biller()
                        ),
                    )),
                }
            }

            pub(crate) async fn dispatch_lookup(
                &self,
                customer: &str,
            ) -> Result<crate::collection::Statement, Error> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Collector::$biller(c) => {
                            crate::biller::BillerClient::lookup(c, customer).await
                        }
                    )+
                }
            }

            pub(crate) async fn dispatch_pay(
                &self,
                request: &crate::collection::PaymentRequest,
                attempt: crate::recovery::Attempt<'_>,
            ) -> Result<crate::collection::PaymentResult, Error> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Collector::$biller(c) => {
                            crate::biller::BillerClient::pay(c, request, attempt).await
                        }
                    )+
                }
            }

            pub(crate) async fn dispatch_status(
                &self,
                reference: &crate::collection::PaymentRef,
            ) -> Result<crate::collection::StatusReport, Error> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Collector::$biller(c) => {
                            crate::biller::BillerClient::status(c, reference).await
                        }
                    )+
                }
            }

            pub(crate) async fn dispatch_reverse(
                &self,
                reference: &crate::collection::PaymentRef,
            ) -> Result<crate::collection::ReversalResult, Error> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Collector::$biller(c) => {
                            crate::biller::BillerClient::reverse(c, reference).await
                        }
                    )+
                }
            }

            pub(crate) async fn dispatch_settlements(
                &self,
                date: chrono::NaiveDate,
            ) -> Result<Vec<crate::collection::Settlement>, Error> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Collector::$biller(c) => {
                            crate::biller::BillerClient::settlements(c, date).await
                        }
                    )+
                }
            }
        }
    };
}

/// The items of a biller's gate macro (`recaudo_core::zoom! {{ items }}`), as given.
#[doc(hidden)]
#[macro_export]
macro_rules! __items {
    ($($items:tt)*) => { $($items)* };
}
