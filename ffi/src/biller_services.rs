//! Each biller's own services for Kotlin and Swift: one object per biller (`Zoom`, `Cooplan`,
//! ...), reached from the unified objects (`collector.zoom()`, `service.cooplan()`), `null` /
//! `nil` when the collector is another biller's. Its one method, `serve`, takes the biller's own
//! request enum (`ZoomService`, the core's type) and returns its reply enum (`ZoomServiceReply`).
//!
//! Nothing here is written per biller: the objects and the accessors are generated from core's
//! list ([`recaudo_core::for_each_biller!`]), each wrapped in core's gate macro for its biller
//! (`recaudo_core::zoom! {{ ... }}`), so a build without a biller (core's features decide) has
//! neither the object nor the accessor, and a biller added to core reaches Kotlin and Swift
//! with no edit here.
//!
//! Why two ways in: a service that takes money (Zoom's pay button) must be journaled, so from a
//! `CollectionService` it goes through the core's `CollectionService::serve`, which lends the
//! biller the journal and the safe payment. A plain `Collector` has no journal: there such a
//! service is refused as `Unsupported` before anything is sent ([`NoJournal`]), and the
//! read-only services work as from the service.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use recaudo_core::collection::{JournalEntry, PaymentRequest, PaymentResult};
use recaudo_core::services::Payments;
use recaudo_core::{Error, ServiceReply, ServiceRequest};

use crate::collector::{Collector, CoreCollector};
use crate::runtime::{self, Mode};
use crate::service::{CollectionService, CoreService};

/// Where a biller's services object sends its requests.
#[derive(Clone)]
pub(crate) enum Backend {
    /// A `Collector`: no journal, so no service that takes money.
    Collector(Arc<CoreCollector>),
    /// A `CollectionService`: its journal and safe payment for the services that take money.
    Service(Arc<CoreService>),
}

impl Backend {
    /// Answers `request` on the library's runtime. Always [`Mode::Detached`]: a service may take
    /// money (the pay button), and money already moving is never abandoned half-way; a caller
    /// that stops waiting reads the outcome from the journal.
    pub(crate) async fn serve(&self, request: ServiceRequest) -> Result<ServiceReply, Error> {
        let backend = self.clone();
        runtime::call(Mode::Detached, move || async move {
            match backend {
                Backend::Collector(c) => c.serve(request, &NoJournal).await,
                Backend::Service(s) => s.serve(request).await,
            }
        })
        .await
    }
}

/// The [`Payments`] of a collector without a journal: a service that would take money is
/// refused before anything is sent, since a payment nobody journaled could be lost or made
/// twice.
struct NoJournal;

type Boxed<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + 'a>>;

fn needs_journal<'a, T: 'a>() -> Boxed<'a, T> {
    Box::pin(async {
        Err(Error::Unsupported(
            "this service takes money and needs the payment journal: call it through a \
             CollectionService, not a Collector"
                .into(),
        ))
    })
}

impl Payments for NoJournal {
    fn begin<'a>(&'a self, _request: &'a PaymentRequest) -> Boxed<'a, ()> {
        needs_journal()
    }

    fn entry<'a>(&'a self, _receipt: &'a str) -> Boxed<'a, Option<JournalEntry>> {
        needs_journal()
    }

    fn settle<'a>(&'a self, _receipt: &'a str) -> Boxed<'a, PaymentResult> {
        needs_journal()
    }

    fn close<'a>(&'a self, _receipt: &'a str, _result: PaymentResult) -> Boxed<'a, PaymentResult> {
        needs_journal()
    }
}

/// Declares, for each biller of core's list that this build has, its services object and the
/// accessors on `Collector` and `CollectionService` (see the module's documentation).
macro_rules! biller_services {
    ($($feature:literal $module:ident :: $biller:ident ($options:ident, $client:ident),)+) => {
        $(
            recaudo_core::$module! {{
                /// One biller's own services (the class is named after the biller), from
                /// `collector.<biller>()` or `service.<biller>()`.
                #[derive(uniffi::Object)]
                pub struct $biller {
                    backend: Backend,
                }

                #[uniffi::export]
                impl $biller {
                    /// Answers one of this biller's own services: the request is the
                    /// biller's service enum, the reply the variant of its reply enum of the
                    /// same name. A service that takes money (Zoom's pay button) is journaled
                    /// when this object came from a `CollectionService`, and refused as
                    /// `Unsupported` from a plain `Collector`. Cancelling stops the wait, not
                    /// the work: a payment started here runs to its end and the journal
                    /// records it.
                    #[allow(unreachable_patterns)]
                    pub async fn serve(
                        &self,
                        request: <recaudo_core::$module::$biller as recaudo_core::biller::Biller>::Service,
                    ) -> Result<
                        <recaudo_core::$module::$biller as recaudo_core::biller::Biller>::ServiceReply,
                        crate::RecaudoError,
                    > {
                        let reply = self.backend.serve(ServiceRequest::$biller(request)).await?;
                        match reply {
                            ServiceReply::$biller(reply) => Ok(reply),
                            _ => Err(runtime::internal(
                                "a biller's service answered for another biller",
                            )
                            .into()),
                        }
                    }
                }

                #[uniffi::export]
                impl Collector {
                    /// This biller's own services when the collector is for it; `null`
                    /// (Kotlin) / `nil` (Swift) for another biller's collector. A service that
                    /// takes money needs the journal: use the `CollectionService`'s.
                    pub fn $module(&self) -> Option<Arc<$biller>> {
                        (self.biller() == recaudo_core::BillerId::$biller).then(|| {
                            Arc::new($biller {
                                backend: Backend::Collector(self.core()),
                            })
                        })
                    }
                }

                #[uniffi::export]
                impl CollectionService {
                    /// This biller's own services when the service is for it; `null`
                    /// (Kotlin) / `nil` (Swift) for another biller's. A service that takes
                    /// money (Zoom's pay button) is journaled in this service's journal.
                    pub fn $module(&self) -> Option<Arc<$biller>> {
                        (self.biller() == recaudo_core::BillerId::$biller).then(|| {
                            Arc::new($biller {
                                backend: Backend::Service(self.core()),
                            })
                        })
                    }
                }
            }}
        )+
    };
}

recaudo_core::for_each_biller!(biller_services);
