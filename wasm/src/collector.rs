//! The JS `Collector` class: core's collection service (the unified collection flow with its
//! payment journal) over [`FetchTransport`], [`BrowserClock`] and the page's journal. Each
//! method adapts its arguments, calls core and converts the result; the flow itself
//! (validation, token handling, retries, safe payment, the journal and its per-receipt lock,
//! resume) is all core's.
//!
//! Every `Collector` pays through `CollectionService`: with the page's journal when it gives
//! one (`{ journal }`), with one in memory otherwise. One path for both: a receipt is the
//! payment's identity either way (paying it again returns the recorded outcome, two calls at
//! once never both send), and only where the intent outlives the page differs.

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use js_sys::{Array, Function, Object, Promise, Reflect};
use recaudo_core::collection::{
    BillerId, BillerOptions, CollectionService, Collector, MemoryJournal, PaymentRef,
    PaymentRequest, Resumed,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::clock::BrowserClock;
use crate::convert::{check_amount, from_js_camel, read_js, tag, to_js};
use crate::error;
use crate::fetch::FetchTransport;
use crate::journal::{JsJournal, PageJournal};

/// The collection service behind a `Collector` (and its billers' services objects).
pub(crate) type Inner = CollectionService<FetchTransport, BrowserClock, PageJournal>;

#[wasm_bindgen(typescript_custom_section)]
const BROWSER_OPTIONS: &'static str = r#"
/** What only the browser needs, beside a biller's options. */
export interface BrowserOptions {
  /**
   * Called before every request; its headers are added to it. This is how a page sends its
   * own session to the merchant backend that holds the biller credentials.
   */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /**
   * Where each payment is written before it is sent (`IndexedDbJournal`, or any
   * `RecaudoJournal`), so that `resume()` on the next page load settles a payment this page
   * left in flight. Without one, payments are journaled in memory: a receipt is still the
   * payment's identity within this page, but nothing survives a reload.
   */
  journal?: RecaudoJournal;
}

/** What `resume()` or `review()` did with one payment. */
export interface Resumed {
  receipt: string;
  /** The payment's outcome, when it could be settled. */
  result: PaymentResult | null;
  /** Why it could not be settled yet (it stays as it was; the next call tries again). */
  error: RecaudoError | null;
}

import type { RecaudoError } from "./errors.js";
"#;

#[wasm_bindgen]
extern "C" {
    /// `BrowserOptions` (declared above).
    #[wasm_bindgen(typescript_type = "BrowserOptions")]
    pub type BrowserOptions;
    /// `BillerOptions` (declared by its tsify derive in core): one biller's settings, tagged by
    /// `biller`.
    #[wasm_bindgen(typescript_type = "BillerOptions")]
    pub type JsBillerOptions;
    #[wasm_bindgen(typescript_type = "PaymentRequest")]
    pub type JsPaymentRequest;
    #[wasm_bindgen(typescript_type = "PaymentRef")]
    pub type JsPaymentRef;
    #[wasm_bindgen(typescript_type = "Capabilities")]
    pub type JsCapabilities;
    #[wasm_bindgen(typescript_type = "BillerId")]
    pub type JsBillerId;
    #[wasm_bindgen(typescript_type = "Currency")]
    pub type JsCurrency;
}

/// One biller's collection flow. Build it with `Collector.connect(options, browser)`, the biller
/// named by `options.biller`; every method returns a promise that rejects with a `RecaudoError`.
#[wasm_bindgen(js_name = Collector)]
pub struct JsCollector {
    inner: Rc<Inner>,
}

/// `key` of the browser options, `None` when they or it are absent.
fn browser_option(browser: &JsValue, key: &str) -> Result<Option<JsValue>, JsValue> {
    if browser.is_undefined() || browser.is_null() {
        return Ok(None);
    }
    if !browser.is_object() {
        return Err(error::invalid("browser", "expected an object"));
    }
    let value = Reflect::get(browser, &JsValue::from_str(key))
        .map_err(|_| error::invalid("browser", "expected an object"))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// The options as the biller their `biller` tag names: the tag first, then that biller's own
/// settings read straight from the object. serde's reader of a tagged enum would first copy the
/// whole object into its generic content to find the tag: 10.9 KB of the Unicomer bundle's
/// `.wasm` (2026-12-07).
fn read_options(options: JsValue) -> Result<BillerOptions, JsValue> {
    if !options.is_object() {
        return Err(error::invalid(
            "options",
            "expected an object such as { biller: \"unicomer\", connection: { baseUrl } }",
        ));
    }
    let biller =
        BillerId::from_tag(&tag("options", &options, "biller")?).map_err(|e| error::to_js(&e))?;
    read_js("options", options, |d| BillerOptions::from_own(biller, d))
}

/// The collector for `options` over fetch, with the page's journal (or one in memory).
fn build(options: BillerOptions, browser: Option<BrowserOptions>) -> Result<JsCollector, JsValue> {
    let browser: JsValue = browser.map(Into::into).unwrap_or(JsValue::UNDEFINED);
    let headers = browser_option(&browser, "headers")?
        .map(|h| {
            h.dyn_into::<Function>()
                .map_err(|_| error::invalid("browser", "headers must be a function"))
        })
        .transpose()?;
    let journal = match browser_option(&browser, "journal")? {
        Some(object) => PageJournal::Js(JsJournal::new(object)?),
        None => PageJournal::Memory(MemoryJournal::new()),
    };
    let collector = Collector::connect(options, FetchTransport::new(headers), BrowserClock)
        .map_err(|e| error::to_js(&e))?;
    Ok(JsCollector {
        inner: Rc::new(CollectionService::new(collector, journal)),
    })
}

/// A method's work, settled into the value its promise resolves with (or the `RecaudoError` it
/// rejects with).
pub(crate) type Work = LocalBoxFuture<'static, Result<JsValue, JsValue>>;

/// The one way from Rust work to a JS promise: every method boxes its work, so
/// `future_to_promise` and its task scaffolding are in the `.wasm` once instead of once per
/// method (a monomorphised copy each).
pub(crate) fn promise_of(work: Work) -> Promise {
    future_to_promise(work)
}

/// Runs `f` on the collector in a promise; a core error rejects it with a `RecaudoError`.
fn promise<F, Fut, T>(inner: &Rc<Inner>, f: F) -> Promise
where
    F: FnOnce(Rc<Inner>) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, recaudo_core::Error>> + 'static,
    T: serde::Serialize,
{
    let inner = Rc::clone(inner);
    promise_of(Box::pin(async move {
        match f(inner).await {
            Ok(value) => to_js(&value),
            Err(e) => Err(error::to_js(&e)),
        }
    }))
}

fn rejected(error: JsValue) -> Promise {
    Promise::reject(&error)
}

/// `resume()`/`review()`: each payment's outcome or error, as `Resumed` objects. One boxed
/// future type for both, so the conversion is in the `.wasm` once.
fn settled(
    settling: LocalBoxFuture<'static, Result<Vec<Resumed>, recaudo_core::Error>>,
) -> Promise {
    promise_of(Box::pin(async move {
        let done = settling.await.map_err(|e| error::to_js(&e))?;
        let list = Array::new();
        for one in done {
            let (result, error) = match &one.result {
                Ok(result) => (to_js(result)?, JsValue::NULL),
                Err(e) => (JsValue::NULL, error::to_js(e)),
            };
            let object = Object::new();
            for (key, value) in [
                ("receipt", JsValue::from_str(&one.receipt)),
                ("result", result),
                ("error", error),
            ] {
                Reflect::set(&object, &JsValue::from_str(key), &value)?;
            }
            list.push(&object);
        }
        Ok(list.into())
    }))
}

#[wasm_bindgen(js_class = Collector)]
impl JsCollector {
    /// The collector for the biller `options` names (`{ biller: "zoom", connection, ... }`: the
    /// biller's own settings beside its tag), with what only the browser needs in `browser`.
    /// Throws a `RecaudoError` (`invalid_input`, `config`) when the options do not hold.
    pub fn connect(
        options: JsBillerOptions,
        browser: Option<BrowserOptions>,
    ) -> Result<JsCollector, JsValue> {
        build(read_options(options.into())?, browser)
    }

    /// Which biller this collector speaks to.
    #[wasm_bindgen(getter)]
    pub fn biller(&self) -> JsBillerId {
        JsValue::from_str(self.inner.collector().biller().as_str()).unchecked_into()
    }

    /// The currency of the biller's amounts.
    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> JsCurrency {
        JsValue::from_str(self.inner.collector().currency().code()).unchecked_into()
    }

    /// The steps this biller offers and what its recovery can prove.
    pub fn capabilities(&self) -> Result<JsCapabilities, JsValue> {
        to_js(&self.inner.collector().capabilities()).map(JsCast::unchecked_into)
    }

    /// What a customer owes.
    #[wasm_bindgen(unchecked_return_type = "Promise<Statement>")]
    pub fn lookup(&self, customer: String) -> Promise {
        promise(&self.inner, |c| async move {
            c.collector().lookup(&customer).await
        })
    }

    /// Pays a debt safely: the intent is written to the journal before anything is sent, and a
    /// lost reply is resolved by asking the biller, never by sending again blindly. The
    /// receipt is the payment's identity: paying a receipt already settled resolves with the
    /// recorded outcome and sends nothing; one being paid (in this page, or in another tab
    /// sharing a journal with `claim`) is waited for. Resolves with the outcome (confirmed,
    /// rejected or needs_review; `unsaved` says when the journal could not record it); rejects
    /// only when nothing was sent (input refused, the journal's `save` failing).
    #[wasm_bindgen(unchecked_return_type = "Promise<PaymentResult>")]
    pub fn pay(&self, request: JsPaymentRequest) -> Promise {
        let request: JsValue = request.into();
        let checked = check_amount("request", &request, "amount", false)
            .and_then(|()| check_amount("request", &request, "balance", true))
            .and_then(|()| from_js_camel::<PaymentRequest>("request", request));
        match checked {
            Ok(request) => promise(&self.inner, |c| async move { c.pay(&request).await }),
            Err(e) => rejected(e),
        }
    }

    /// A payment's state at the biller.
    #[wasm_bindgen(unchecked_return_type = "Promise<StatusReport>")]
    pub fn status(&self, reference: JsPaymentRef) -> Promise {
        match payment_ref(reference) {
            Ok(r) => promise(
                &self.inner,
                |c| async move { c.collector().status(&r).await },
            ),
            Err(e) => rejected(e),
        }
    }

    /// Reverses a payment inside the biller's window (`unsupported` where the biller has no
    /// reversal), and records the reversal in the journal.
    #[wasm_bindgen(unchecked_return_type = "Promise<ReversalResult>")]
    pub fn reverse(&self, reference: JsPaymentRef) -> Promise {
        match payment_ref(reference) {
            Ok(r) => promise(&self.inner, |c| async move { c.reverse(&r).await }),
            Err(e) => rejected(e),
        }
    }

    /// The payments the biller recorded on `date` (`yyyy-mm-dd`).
    #[wasm_bindgen(unchecked_return_type = "Promise<Settlement[]>")]
    pub fn settlements(&self, date: String) -> Promise {
        // core's hand-written reader (the same acceptance as chrono's `%Y-%m-%d`): chrono's
        // `parse_from_str` would link its whole format interpreter into the bundle.
        match recaudo_core::calendar::parse_date(date.trim(), recaudo_core::calendar::YMD) {
            Some(day) => promise(&self.inner, move |c| async move {
                c.collector().settlements(day).await
            }),
            None => rejected(error::invalid("date", "expected yyyy-mm-dd")),
        }
    }

    /// Settles every payment of this biller that an earlier page left in flight (reloaded or
    /// closed mid-payment): one never sent is sent now; one that was is checked with the
    /// biller first, and sent again only where safe payment would. Call it on page load.
    /// Rejects only when the journal cannot be read (`storage`, e.g. a corrupt entry).
    #[wasm_bindgen(unchecked_return_type = "Promise<Resumed[]>")]
    pub fn resume(&self) -> Promise {
        let c = Rc::clone(&self.inner);
        settled(Box::pin(async move { c.resume().await }))
    }

    /// Asks the biller again about every payment of this biller left for review: one it now
    /// holds is confirmed; anything else stays for review, with the evidence.
    #[wasm_bindgen(unchecked_return_type = "Promise<Resumed[]>")]
    pub fn review(&self) -> Promise {
        let c = Rc::clone(&self.inner);
        settled(Box::pin(async move { c.review().await }))
    }
}

impl JsCollector {
    /// The collection service, for the per-biller services objects (`services.rs`).
    pub(crate) fn inner(&self) -> &Rc<Inner> {
        &self.inner
    }
}

fn payment_ref(reference: JsPaymentRef) -> Result<PaymentRef, JsValue> {
    let reference: JsValue = reference.into();
    check_amount("reference", &reference, "amount", false)?;
    from_js_camel("reference", reference)
}
