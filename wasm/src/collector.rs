//! The JS `Collector` class: core's unified collection flow over [`FetchTransport`] and
//! [`BrowserClock`]. Each method adapts its arguments, calls core and converts the result; the
//! flow itself (validation, token handling, retries, safe payment) is all core's.

use std::rc::Rc;

use js_sys::{Function, Promise};
use recaudo_core::collection::{BillerOptions, Collector, PaymentRef, PaymentRequest};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::clock::BrowserClock;
use crate::convert::{check_amount, from_js, to_js};
use crate::error;
use crate::fetch::FetchTransport;

type Inner = Collector<FetchTransport, BrowserClock>;

#[wasm_bindgen(typescript_custom_section)]
const BROWSER_OPTIONS: &'static str = r#"
/** What only the browser needs, beside a biller's options. */
export interface BrowserOptions {
  /**
   * Called before every request; its headers are added to it. This is how a page sends its
   * own session to the merchant backend that holds the biller credentials.
   */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `BrowserOptions` (declared above).
    #[wasm_bindgen(typescript_type = "BrowserOptions")]
    pub type BrowserOptions;
    #[wasm_bindgen(typescript_type = "UnicomerOptions")]
    pub type JsUnicomerOptions;
    #[wasm_bindgen(typescript_type = "UnicobrosOptions")]
    pub type JsUnicobrosOptions;
    #[wasm_bindgen(typescript_type = "ZoomOptions")]
    pub type JsZoomOptions;
    #[wasm_bindgen(typescript_type = "CooplanOptions")]
    pub type JsCooplanOptions;
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

/// One biller's collection flow. Build it with the static constructor of its biller; every
/// method returns a promise that rejects with a `RecaudoError`.
#[wasm_bindgen(js_name = Collector)]
pub struct JsCollector {
    inner: Rc<Inner>,
}

/// The page's header callback, if `browser` names one.
fn header_callback(browser: Option<BrowserOptions>) -> Result<Option<Function>, JsValue> {
    let Some(browser) = browser else {
        return Ok(None);
    };
    let browser: JsValue = browser.into();
    if browser.is_undefined() || browser.is_null() {
        return Ok(None);
    }
    if !browser.is_object() {
        return Err(error::invalid("browser", "expected an object"));
    }
    let headers = js_sys::Reflect::get(&browser, &JsValue::from_str("headers"))
        .map_err(|_| error::invalid("browser", "expected an object"))?;
    if headers.is_undefined() || headers.is_null() {
        return Ok(None);
    }
    headers
        .dyn_into::<Function>()
        .map(Some)
        .map_err(|_| error::invalid("browser", "headers must be a function"))
}

fn connect(
    options: BillerOptions,
    browser: Option<BrowserOptions>,
) -> Result<JsCollector, JsValue> {
    let transport = FetchTransport::new(header_callback(browser)?);
    let inner =
        Collector::connect(options, transport, BrowserClock).map_err(|e| error::to_js(&e))?;
    Ok(JsCollector {
        inner: Rc::new(inner),
    })
}

/// Runs `f` on the collector in a promise; a core error rejects it with a `RecaudoError`.
fn promise<F, Fut, T>(inner: &Rc<Inner>, f: F) -> Promise
where
    F: FnOnce(Rc<Inner>) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, recaudo_core::Error>> + 'static,
    T: serde::Serialize,
{
    let inner = Rc::clone(inner);
    future_to_promise(async move {
        match f(inner).await {
            Ok(value) => to_js(&value),
            Err(e) => Err(error::to_js(&e)),
        }
    })
}

fn rejected(error: JsValue) -> Promise {
    Promise::reject(&error)
}

#[wasm_bindgen(js_class = Collector)]
impl JsCollector {
    /// Unicomer Ecuador.
    #[cfg(feature = "unicomer")]
    pub fn unicomer(
        options: JsUnicomerOptions,
        browser: Option<BrowserOptions>,
    ) -> Result<JsCollector, JsValue> {
        let options = from_js("options", options.into())?;
        connect(BillerOptions::Unicomer(options), browser)
    }

    /// Unicobros Argentina (Mobbex): status and settlements only.
    #[cfg(feature = "unicobros")]
    pub fn unicobros(
        options: JsUnicobrosOptions,
        browser: Option<BrowserOptions>,
    ) -> Result<JsCollector, JsValue> {
        let options = from_js("options", options.into())?;
        connect(BillerOptions::Unicobros(options), browser)
    }

    /// Zoom Venezuela.
    #[cfg(feature = "zoom")]
    pub fn zoom(
        options: JsZoomOptions,
        browser: Option<BrowserOptions>,
    ) -> Result<JsCollector, JsValue> {
        let options = from_js("options", options.into())?;
        connect(BillerOptions::Zoom(options), browser)
    }

    /// Cooplan Bolivia (PagoFácil).
    #[cfg(feature = "cooplan")]
    pub fn cooplan(
        options: JsCooplanOptions,
        browser: Option<BrowserOptions>,
    ) -> Result<JsCollector, JsValue> {
        let options = from_js("options", options.into())?;
        connect(BillerOptions::Cooplan(options), browser)
    }

    /// Which biller this collector speaks to.
    #[wasm_bindgen(getter)]
    pub fn biller(&self) -> JsBillerId {
        JsValue::from_str(self.inner.biller().as_str()).unchecked_into()
    }

    /// The currency of the biller's amounts.
    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> JsCurrency {
        JsValue::from_str(self.inner.currency().code()).unchecked_into()
    }

    /// The steps this biller offers and what its recovery can prove.
    pub fn capabilities(&self) -> Result<JsCapabilities, JsValue> {
        to_js(&self.inner.capabilities()).map(JsCast::unchecked_into)
    }

    /// What a customer owes.
    #[wasm_bindgen(unchecked_return_type = "Promise<Statement>")]
    pub fn lookup(&self, customer: String) -> Promise {
        promise(&self.inner, |c| async move { c.lookup(&customer).await })
    }

    /// Pays a debt safely: a lost reply is resolved by asking the biller, never by sending
    /// again blindly. Resolves with the outcome (confirmed, rejected or needs_review); rejects
    /// only for input refused before anything was sent.
    #[wasm_bindgen(unchecked_return_type = "Promise<PaymentResult>")]
    pub fn pay(&self, request: JsPaymentRequest) -> Promise {
        let request: JsValue = request.into();
        let checked = check_amount("request", &request, "amount", false)
            .and_then(|()| check_amount("request", &request, "balance", true))
            .and_then(|()| from_js::<PaymentRequest>("request", request));
        match checked {
            Ok(request) => promise(&self.inner, |c| async move { c.pay(&request).await }),
            Err(e) => rejected(e),
        }
    }

    /// A payment's state at the biller.
    #[wasm_bindgen(unchecked_return_type = "Promise<StatusReport>")]
    pub fn status(&self, reference: JsPaymentRef) -> Promise {
        match payment_ref(reference) {
            Ok(r) => promise(&self.inner, |c| async move { c.status(&r).await }),
            Err(e) => rejected(e),
        }
    }

    /// Reverses a payment inside the biller's window (`unsupported` where the biller has no
    /// reversal).
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
        match chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
            Ok(day) => promise(
                &self.inner,
                move |c| async move { c.settlements(day).await },
            ),
            Err(_) => rejected(error::invalid("date", "expected yyyy-mm-dd")),
        }
    }
}

fn payment_ref(reference: JsPaymentRef) -> Result<PaymentRef, JsValue> {
    let reference: JsValue = reference.into();
    check_amount("reference", &reference, "amount", false)?;
    from_js("reference", reference)
}
