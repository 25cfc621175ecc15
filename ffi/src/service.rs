//! [`CollectionService`]: a collector with the payment journal in front of every payment, for
//! Kotlin and Swift.

use std::sync::Arc;

use chrono::NaiveDate;
use recaudo_core::collection::{
    BillerId, BillerOptions, JournalEntry, JournalStore, PaymentRef, PaymentRequest, PaymentResult,
    Reconciliation, Resumed, ReversalResult, Statement,
};
use recaudo_core::native::SystemClock;

use crate::collector::connect;
use crate::error::RecaudoError;
use crate::journal::{ForeignJournal, JournalStorage};
use crate::runtime::{self, Mode};
use crate::transport::{FfiTransport, HttpTransport};

// Renamed on import: cbindgen resolves names by their last segment and would take this for the
// exported object of the same name.
use recaudo_core::collection::CollectionService as CoreCollectionService;

pub(crate) type CoreService = CoreCollectionService<FfiTransport, SystemClock, ForeignJournal>;

/// What `resume` or `review` did with one journal entry: its result, or the error that left it
/// unresolved (it stays in the journal and the next call tries again).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ResumedPayment {
    pub receipt: String,
    pub result: Option<PaymentResult>,
    pub error: Option<RecaudoError>,
}

impl From<Resumed> for ResumedPayment {
    fn from(r: Resumed) -> Self {
        let (result, error) = match r.result {
            Ok(result) => (Some(result), None),
            Err(e) => (None, Some(e.into())),
        };
        ResumedPayment {
            receipt: r.receipt,
            result,
            error,
        }
    }
}

/// Every payment is written to the journal before it is sent and updated with its outcome;
/// `resume` resolves what a crash left in flight.
///
/// Cancelling `pay`, `resume`, `review` or `reverse` stops the wait, never the work: a payment
/// runs to its resolution and the journal records it (pay again with the same receipt to read
/// the recorded result without sending anything).
#[derive(uniffi::Object)]
pub struct CollectionService {
    inner: Arc<CoreService>,
}

#[uniffi::export]
impl CollectionService {
    /// The service for the biller `options` names, journaling into `journal`
    /// (`fileJournal(path)`, `memoryJournal()` or the app's own). `transport`: the app's HTTP
    /// client, or `null` for the built-in one.
    #[uniffi::constructor]
    pub fn connect(
        options: BillerOptions,
        journal: Arc<dyn JournalStorage>,
        transport: Option<Arc<dyn HttpTransport>>,
    ) -> Result<Arc<Self>, RecaudoError> {
        let collector = connect(options, transport)?;
        Ok(Arc::new(CollectionService {
            inner: Arc::new(CoreService::new(collector, ForeignJournal(journal))),
        }))
    }

    pub fn biller(&self) -> BillerId {
        self.inner.collector().biller()
    }
}

impl CollectionService {
    /// The core service, shared with the biller's services object (`crate::biller_services`).
    pub(crate) fn core(&self) -> Arc<CoreService> {
        self.inner.clone()
    }
}

#[uniffi::export]
impl CollectionService {
    /// What a customer owes (the collector's lookup). Cancelling the call aborts it.
    pub async fn lookup(&self, customer: String) -> Result<Statement, RecaudoError> {
        let inner = self.inner.clone();
        Ok(runtime::call(Mode::Abortable, move || async move {
            inner.collector().lookup(&customer).await
        })
        .await?)
    }

    /// Pays a debt: journaled, safe. The receipt is the payment's identity: paying again with a
    /// resolved receipt returns the recorded result and sends nothing.
    pub async fn pay(&self, request: PaymentRequest) -> Result<PaymentResult, RecaudoError> {
        let inner = self.inner.clone();
        Ok(runtime::call(
            Mode::Detached,
            move || async move { inner.pay(&request).await },
        )
        .await?)
    }

    /// Resolves every payment of this biller left in flight (call it at start-up).
    pub async fn resume(&self) -> Result<Vec<ResumedPayment>, RecaudoError> {
        let inner = self.inner.clone();
        let resumed =
            runtime::call(Mode::Detached, move || async move { inner.resume().await }).await?;
        Ok(resumed.into_iter().map(ResumedPayment::from).collect())
    }

    /// Asks the biller again about every payment left for review. Nothing is ever sent.
    pub async fn review(&self) -> Result<Vec<ResumedPayment>, RecaudoError> {
        let inner = self.inner.clone();
        let reviewed =
            runtime::call(Mode::Detached, move || async move { inner.review().await }).await?;
        Ok(reviewed.into_iter().map(ResumedPayment::from).collect())
    }

    /// Reverses a payment and records the reversal in the journal.
    pub async fn reverse(&self, reference: PaymentRef) -> Result<ReversalResult, RecaudoError> {
        let inner = self.inner.clone();
        Ok(runtime::call(Mode::Detached, move || async move {
            inner.reverse(&reference).await
        })
        .await?)
    }

    /// Compares the journal's payments for `date` with the biller's settlements.
    pub async fn reconcile(&self, date: NaiveDate) -> Result<Reconciliation, RecaudoError> {
        let inner = self.inner.clone();
        Ok(runtime::call(Mode::Abortable, move || async move {
            inner.reconcile(date).await
        })
        .await?)
    }

    /// Every journal entry, oldest first.
    pub fn journal_entries(&self) -> Result<Vec<JournalEntry>, RecaudoError> {
        Ok(self.inner.journal().entries()?)
    }
}
