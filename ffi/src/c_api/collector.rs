//! `recaudo_collector`: one biller's unified collection steps from C.

use std::ffi::c_char;
use std::sync::Arc;

use chrono::NaiveDate;
use recaudo_core::Error;
use recaudo_core::collection::{BillerOptions, PaymentRef, PaymentRequest};

use super::args::{json, out, text, write_json};
use super::entry;
use super::handle::{self, Handle, Kind};
use super::last_error::Failure;
use crate::collector::{CoreCollector, connect};
use crate::runtime;

/// One biller's collector (opaque).
pub struct recaudo_collector {
    magic: u64,
    inner: Arc<CoreCollector>,
}

impl Handle for recaudo_collector {
    const KIND: Kind = Kind::Collector;
    const MAGIC: u64 = 0x7265_6361_7564_6f43; // "recaudoC"
    type Inner = CoreCollector;
    fn magic(&self) -> u64 {
        self.magic
    }
    fn inner(&self) -> &Arc<CoreCollector> {
        &self.inner
    }
}

pub(crate) fn collector(
    c: *const recaudo_collector,
    name: &'static str,
) -> Result<Arc<CoreCollector>, Failure> {
    if c.is_null() {
        return Err(Failure::Null(name));
    }
    handle::get(c).ok_or(Failure::Handle(name))
}

pub(crate) fn date(text: &str) -> Result<NaiveDate, Error> {
    // core's hand-written reader (the same acceptance as chrono's `%Y-%m-%d`): chrono's
    // `parse_from_str` would link its whole format interpreter into the library.
    recaudo_core::calendar::parse_date(text.trim(), recaudo_core::calendar::YMD)
        .ok_or_else(|| Error::invalid("date", format!("`{text}` is not a yyyy-mm-dd date")))
}

/// Builds a collector from `options_json`, a biller's options:
/// `{"biller":"unicomer","connection":{"baseUrl":"https://…","timeoutMs":5000},
///   "username":"…","password":"…","commerce":"…"}` (see the README for every biller). Uses the
/// built-in HTTPS transport.
///
/// # Safety
/// `options_json` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_collector_new(
    options_json: *const c_char,
    out_collector: *mut *mut recaudo_collector,
) -> super::recaudo_result {
    entry("recaudo_collector_new", || {
        unsafe { out(out_collector, "out_collector") }?;
        let options = unsafe { text(options_json, "options_json") }?;
        let options: BillerOptions = json(options, "options_json", &[])?;
        let inner = Arc::new(connect(options, None)?);
        let ptr = handle::register(recaudo_collector {
            magic: recaudo_collector::MAGIC,
            inner,
        });
        unsafe { *out_collector = ptr };
        Ok(())
    })
}

/// Frees a collector. NULL is accepted; a freed or foreign pointer is ignored (and recorded as
/// the last error).
///
/// # Safety
/// `c` is NULL or any pointer; only live collectors are freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_collector_free(c: *mut recaudo_collector) {
    entry("recaudo_collector_free", || {
        if c.is_null() || handle::release(c) {
            Ok(())
        } else {
            Err(Failure::Handle("c"))
        }
    });
}

/// The biller, its currency and capabilities as JSON:
/// `{"biller":"unicomer","currency":"USD","capabilities":{"steps":[…],…}}`.
///
/// # Safety
/// `c` is any pointer; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_collector_info(
    c: *const recaudo_collector,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_collector_info", || {
        unsafe { out(out_json, "out_json") }?;
        let c = collector(c, "c")?;
        let info = serde_json::json!({
            "biller": c.biller(),
            "currency": c.currency(),
            "capabilities": c.capabilities(),
        });
        unsafe { write_json(&info, out_json) }
    })
}

/// What a customer owes: a `Statement` as JSON.
///
/// # Safety
/// `c` is any pointer; `customer` is NULL or NUL-terminated; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_collector_lookup(
    c: *const recaudo_collector,
    customer: *const c_char,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_collector_lookup", || {
        unsafe { out(out_json, "out_json") }?;
        let c = collector(c, "c")?;
        let customer = unsafe { text(customer, "customer") }?.to_owned();
        let statement = runtime::block_on(move || async move { c.lookup(&customer).await })?;
        unsafe { write_json(&statement, out_json) }
    })
}

/// Pays a debt safely, without a journal (prefer `recaudo_service_pay`). `request_json` is a
/// `PaymentRequest`: `{"debt_id":"700002","amount":"12.30","receipt":"CAJA1-1","paid_at":null,
/// "cashier":"ANA","location":"AGENCIA","payer":null,"balance":null,"extra":{}}`. The result is
/// a `PaymentResult` as JSON.
///
/// # Safety
/// `c` is any pointer; `request_json` is NULL or NUL-terminated; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_collector_pay(
    c: *const recaudo_collector,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_collector_pay", || {
        unsafe { out(out_json, "out_json") }?;
        let c = collector(c, "c")?;
        let request = unsafe { text(request_json, "request_json") }?;
        let request: PaymentRequest = json(request, "request_json", &["amount", "balance"])?;
        let result = runtime::block_on(move || async move { c.pay(&request).await })?;
        unsafe { write_json(&result, out_json) }
    })
}

/// A payment's state at the biller. `reference_json` is a `PaymentRef` (the `reference` of a
/// `PaymentResult`); the result is `{"state":{"kind","code","description"},"payment_id"}`.
///
/// # Safety
/// `c` is any pointer; `reference_json` is NULL or NUL-terminated; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_collector_status(
    c: *const recaudo_collector,
    reference_json: *const c_char,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_collector_status", || {
        unsafe { out(out_json, "out_json") }?;
        let c = collector(c, "c")?;
        let reference = unsafe { text(reference_json, "reference_json") }?;
        let reference: PaymentRef = json(reference, "reference_json", &["amount"])?;
        let report = runtime::block_on(move || async move { c.status(&reference).await })?;
        unsafe { write_json(&report, out_json) }
    })
}

/// Reverses a payment inside the biller's window: a `ReversalResult` as JSON.
///
/// # Safety
/// `c` is any pointer; `reference_json` is NULL or NUL-terminated; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_collector_reverse(
    c: *const recaudo_collector,
    reference_json: *const c_char,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_collector_reverse", || {
        unsafe { out(out_json, "out_json") }?;
        let c = collector(c, "c")?;
        let reference = unsafe { text(reference_json, "reference_json") }?;
        let reference: PaymentRef = json(reference, "reference_json", &["amount"])?;
        let result = runtime::block_on(move || async move { c.reverse(&reference).await })?;
        unsafe { write_json(&result, out_json) }
    })
}

/// The payments the biller recorded for `date` (`yyyy-mm-dd`): an array of `Settlement`s.
///
/// # Safety
/// `c` is any pointer; `date` is NULL or NUL-terminated; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_collector_settlements(
    c: *const recaudo_collector,
    date: *const c_char,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_collector_settlements", || {
        unsafe { out(out_json, "out_json") }?;
        let c = collector(c, "c")?;
        let day = self::date(unsafe { text(date, "date") }?)?;
        let settlements = runtime::block_on(move || async move { c.settlements(day).await })?;
        unsafe { write_json(&settlements, out_json) }
    })
}
