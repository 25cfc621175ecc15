//! `recaudo_service`: a collector with a file journal in front of every payment, from C.

use std::ffi::c_char;
use std::sync::Arc;

use recaudo_core::collection::CollectionService as CoreCollectionService;
use recaudo_core::collection::{BillerOptions, JournalStore, PaymentRef, PaymentRequest, Resumed};
use recaudo_core::native::{FileJournal, SystemClock};
use recaudo_core::{BillerId, Error, ServiceReply, ServiceRequest};
use serde_json::value::RawValue;

use super::args::{amounts_anywhere, describe, json, out, text, value, write_json};
use super::collector::date;
use super::entry;
use super::handle::{self, Handle, Kind};
use super::last_error::{Failure, error_json};
use crate::collector::connect;
use crate::runtime;
use crate::transport::FfiTransport;

type CoreService = CoreCollectionService<FfiTransport, SystemClock, FileJournal>;

/// A collector with its payment journal (opaque).
pub struct recaudo_service {
    magic: u64,
    inner: Arc<CoreService>,
}

impl Handle for recaudo_service {
    const KIND: Kind = Kind::Service;
    const MAGIC: u64 = 0x7265_6361_7564_6f53; // "recaudoS"
    type Inner = CoreService;
    fn magic(&self) -> u64 {
        self.magic
    }
    fn inner(&self) -> &Arc<CoreService> {
        &self.inner
    }
}

fn service(s: *const recaudo_service) -> Result<Arc<CoreService>, Failure> {
    if s.is_null() {
        return Err(Failure::Null("s"));
    }
    handle::get(s).ok_or(Failure::Handle("s"))
}

fn resumed_json(list: Vec<Resumed>) -> serde_json::Value {
    list.into_iter()
        .map(|r| match r.result {
            Ok(result) => {
                serde_json::json!({"receipt": r.receipt, "result": result, "error": null})
            }
            Err(e) => {
                serde_json::json!({"receipt": r.receipt, "result": null, "error": error_json(&e)})
            }
        })
        .collect()
}

/// Builds a service for the biller in `options_json` (as `recaudo_collector_new`) over the journal
/// file at `journal_path` (created if missing; one JSON line per write, synced before a payment
/// is sent). Call `recaudo_service_resume` next.
///
/// # Safety
/// String arguments are NULL or NUL-terminated; `out_service` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_service_new(
    options_json: *const c_char,
    journal_path: *const c_char,
    out_service: *mut *mut recaudo_service,
) -> super::recaudo_result {
    entry("recaudo_service_new", || {
        unsafe { out(out_service, "out_service") }?;
        let options = unsafe { text(options_json, "options_json") }?;
        let path = unsafe { text(journal_path, "journal_path") }?;
        let options: BillerOptions = json(options, "options_json", &[])?;
        let collector = connect(options, None)?;
        let journal = FileJournal::open(path)?;
        let ptr = handle::register(recaudo_service {
            magic: recaudo_service::MAGIC,
            inner: Arc::new(CoreCollectionService::new(collector, journal)),
        });
        unsafe { *out_service = ptr };
        Ok(())
    })
}

/// Frees a service. NULL is accepted; a freed or foreign pointer is ignored (and recorded as the
/// last error). A payment still running on the library's thread finishes and is journaled.
///
/// # Safety
/// `s` is NULL or any pointer; only live services are freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_service_free(s: *mut recaudo_service) {
    entry("recaudo_service_free", || {
        if s.is_null() || handle::release(s) {
            Ok(())
        } else {
            Err(Failure::Handle("s"))
        }
    });
}

/// What a customer owes (the service's collector): a `Statement` as JSON.
///
/// # Safety
/// `s` is any pointer; `customer` is NULL or NUL-terminated; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_service_lookup(
    s: *const recaudo_service,
    customer: *const c_char,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_service_lookup", || {
        unsafe { out(out_json, "out_json") }?;
        let s = service(s)?;
        let customer = unsafe { text(customer, "customer") }?.to_owned();
        let statement =
            runtime::block_on(move || async move { s.collector().lookup(&customer).await })?;
        unsafe { write_json(&statement, out_json) }
    })
}

/// Pays a debt, journaled (see `recaudo_collector_pay` for the JSON). Paying again with a
/// resolved receipt returns the recorded `PaymentResult` and sends nothing.
///
/// # Safety
/// `s` is any pointer; `request_json` is NULL or NUL-terminated; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_service_pay(
    s: *const recaudo_service,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_service_pay", || {
        unsafe { out(out_json, "out_json") }?;
        let s = service(s)?;
        let request = unsafe { text(request_json, "request_json") }?;
        let request: PaymentRequest = json(request, "request_json", &["amount", "balance"])?;
        let result = runtime::block_on(move || async move { s.pay(&request).await })?;
        unsafe { write_json(&result, out_json) }
    })
}

/// Resolves every payment of this biller left in flight: an array of
/// `{"receipt", "result": PaymentResult|null, "error": {...}|null}`.
///
/// # Safety
/// `s` is any pointer; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_service_resume(
    s: *const recaudo_service,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_service_resume", || {
        unsafe { out(out_json, "out_json") }?;
        let s = service(s)?;
        let resumed = runtime::block_on(move || async move { s.resume().await })?;
        unsafe { write_json(&resumed_json(resumed), out_json) }
    })
}

/// Asks the biller again about every payment left for review (nothing is sent); same JSON as
/// `recaudo_service_resume`.
///
/// # Safety
/// `s` is any pointer; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_service_review(
    s: *const recaudo_service,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_service_review", || {
        unsafe { out(out_json, "out_json") }?;
        let s = service(s)?;
        let reviewed = runtime::block_on(move || async move { s.review().await })?;
        unsafe { write_json(&resumed_json(reviewed), out_json) }
    })
}

/// Reverses a payment and records it in the journal: a `ReversalResult` as JSON.
///
/// # Safety
/// `s` is any pointer; `reference_json` is NULL or NUL-terminated; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_service_reverse(
    s: *const recaudo_service,
    reference_json: *const c_char,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_service_reverse", || {
        unsafe { out(out_json, "out_json") }?;
        let s = service(s)?;
        let reference = unsafe { text(reference_json, "reference_json") }?;
        let reference: PaymentRef = json(reference, "reference_json", &["amount"])?;
        let result = runtime::block_on(move || async move { s.reverse(&reference).await })?;
        unsafe { write_json(&result, out_json) }
    })
}

/// Compares the journal's payments for `date` (`yyyy-mm-dd`) with the biller's: a
/// `Reconciliation` as JSON.
///
/// # Safety
/// `s` is any pointer; `date` is NULL or NUL-terminated; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_service_reconcile(
    s: *const recaudo_service,
    date: *const c_char,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_service_reconcile", || {
        unsafe { out(out_json, "out_json") }?;
        let s = service(s)?;
        let day = self::date(unsafe { text(date, "date") }?)?;
        let report = runtime::block_on(move || async move { s.reconcile(day).await })?;
        unsafe { write_json(&report, out_json) }
    })
}

/// Every journal entry, oldest first: an array of `JournalEntry`s as JSON.
///
/// # Safety
/// `s` is any pointer; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_service_journal_entries(
    s: *const recaudo_service,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_service_journal_entries", || {
        unsafe { out(out_json, "out_json") }?;
        let s = service(s)?;
        let entries = s.journal().entries()?;
        unsafe { write_json(&entries, out_json) }
    })
}

/// Answers one of the service's biller's own services: JSON in, JSON out. The request is the
/// biller's own request, tagged by `service`; the biller is the service's, so the request names
/// none (a `"biller"` field, if given, must be the service's). The reply (a JSON object in
/// `out_json`, freed with `recaudo_string_free`) is tagged by the same `service`. A service
/// that takes money (Zoom's pay button) is journaled in the service's journal as
/// `recaudo_service_pay` is, and runs to its end.
///
/// JSON as for every call: snake_case fields; an optional field may be left out or `null`;
/// amounts are decimal strings (`"150.00"`; a JSON number is `RECAUDO_INVALID_AMOUNT`); a
/// `Money` is `{"amount": "150.00", "currency": "VES"}`; dates are `yyyy-mm-dd`, local times
/// `yyyy-mm-ddThh:mm:ss`, UTC times RFC 3339. Each biller's services (request -> reply):
///
/// Unicomer (`conciliacion`, the payments Unicomer recorded for a day):
/// - `{"service": "reconciliation", "date": "2026-12-01", "filter": null}` (`filter`: `all`,
///   `synchronised`, `zombie`, `reversed`; null: all) -> `{"service": "reconciliation",
///   "records": [{"payment_id", "invoice", "receipt" (or null), "amount": Money,
///   "processed_at", "recorded_at" (or null), "state_code": 1, "state"}]}`
///
/// Unicobros (Mobbex):
/// - `{"service": "operations", "page": 0, "limit": 15, "filters": {"status": 200,
///   "created_from": "2026-12-01", "created_to": null, "reference": null, "text": null}}`
///   (page from 0; `limit` 1-50, null: 15; every filter optional) -> `{"service":
///   "operations", "page": {"operations": [{"id", "status_code": "200", "status": "paid",
///   "reference", "description", "total": "10.00", "currency", "method", "created",
///   "updated"}], "page": 0, "next_page": 1 (null on the last), "limit": 15}}`
/// - `{"service": "resolve_reference", "reference": "REF-1", "expected": Money or null}` ->
///   `{"service": "resolve_reference", "resolution": {"reference", "outcome": "confirmed" |
///   "rejected" | "needs_review", "finding": "paid" (`absent`, `duplicate`, ...), "may_retry":
///   false, "paid": [{"coupon_id", "uid", "amount": "10.00", "currency"}], "rejection":
///   {"code", "message", "by_biller"} or null, "evidence": [{"step", "detail"}]}}`
///
/// Zoom:
/// - `{"service": "payment_records", "query": {"reference": "CAJA1-000123", "paid_from":
///   "2026-12-01", "paid_to": null}}` (`getInfoPagoWs`; at least one filter) ->
///   `{"service": "payment_records", "records": [{"payment_id", "reference", "amount": Money,
///   "paid_on": "2026-12-01" or null, "kind": "24", "status", "documents": ["guide:1000000001"]}]}`
/// - `{"service": "button_start", "payment": PaymentRequest (as `recaudo_service_pay`),
///   "return_url": "https://shop.example/back"}` (needs the option `buttonPage`) ->
///   `{"service": "button_start", "checkout": {"receipt", "control", "invoice" (or null),
///   "amount": Money, "page_url"}}`: send the customer to `page_url`.
/// - `{"service": "button_complete", "receipt": "CAJA1-000123"}` and
///   `{"service": "button_abandon", "receipt": "CAJA1-000123"}` -> `{"service":
///   "button_complete"` (or `"button_abandon"`)`, "outcome": {"receipt", "state": "paid" |
///   "declined" | "pending" | "abandoned", "result": PaymentResult or null (pending), "detail"}}`
///
/// Cooplan:
/// - `{"service": "print_invoice", "invoice_id": 1001, "collection_id": "5001"}`
///   (`imprimirfactura`; `collection_id` is the payment's `payment_id`) -> `{"service":
///   "print_invoice", "invoice": {"invoice_id", "collection_id", "content", "message"}}`
/// - `{"service": "collections_report", "date": "2026-12-01"}` (`reportecobranzas`) ->
///   `{"service": "collections_report", "report": {"date", "listed": true, "collections":
///   [{"collection_id", "invoice_id", "period", "contract", "amount": "150.00",
///   "recorded_at", "reversed": false}] (each field but `reversed` may be null), "text": null
///   (Cooplan's text when it answered no list; `listed` is then false)}}`
///
/// Acme (only in a build with core's `acme` feature, the made-up fifth biller):
/// - `{"service": "payment", "receipt": "R-1"}` -> `{"service": "payment", "record":
///   {"payment_id", "receipt", "debt_id", "amount": Money, "status": "accepted"} or null}`
///
/// Errors: `RECAUDO_INVALID_INPUT` for JSON that is not a request of this biller's services
/// (bad JSON, an unknown `service`, another biller's service, a missing field);
/// `RECAUDO_INVALID_AMOUNT` for an amount that is not a decimal string; otherwise the
/// service's own error, as for the other calls.
///
/// # Safety
/// `s` is any pointer; `request_json` is NULL or NUL-terminated; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_service_call(
    s: *const recaudo_service,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> super::recaudo_result {
    entry("recaudo_service_call", || {
        unsafe { out(out_json, "out_json") }?;
        let s = service(s)?;
        let request = unsafe { text(request_json, "request_json") }?;
        let biller = s.collector().biller();
        let request = service_request(biller, request)?;
        let reply = runtime::block_on(move || async move { s.serve(request).await })?;
        unsafe { write_json(&biller_reply(&reply)?, out_json) }
    })
}

/// The biller's own request JSON as the core's [`ServiceRequest`] (a `biller` field, when given,
/// must be the collector's).
fn service_request(biller: BillerId, text: &str) -> Result<ServiceRequest, Error> {
    const NAME: &str = "request_json";
    let mut request = value(text, NAME)?;
    amounts_anywhere(&request, &["amount", "balance"])?;
    let fields = request.as_object_mut().ok_or_else(|| {
        Error::invalid(
            NAME,
            "must be a JSON object naming its service, such as {\"service\": \"...\", ...}",
        )
    })?;
    match fields.get("biller") {
        None => {}
        Some(serde_json::Value::String(b)) if b == biller.as_str() => {}
        Some(_) => {
            return Err(Error::invalid(
                NAME,
                format!("this service's biller is {biller}: leave `biller` out"),
            ));
        }
    }
    fields.remove("biller");
    ServiceRequest::from_own(biller, request).map_err(|e| {
        let message = e.to_string();
        match message.split_once("expected ") {
            // An unknown `service` (another biller's, a typo): name the biller's own services,
            // which are ours to quote, and not the input's text.
            Some((unknown, expected)) if unknown.starts_with("unknown variant") => Error::invalid(
                NAME,
                format!("`service` is not one of {biller}'s services (expected {expected})"),
            ),
            _ => Error::invalid(NAME, describe(&e)),
        }
    })
}

/// The reply as the biller's own reply JSON (core's [`ServiceReply::own`]: no `biller`
/// tag, the caller knows the biller), tagged by `service` as the request was, its fields in
/// their declared order.
fn biller_reply(reply: &ServiceReply) -> Result<Box<RawValue>, Error> {
    let encode = |e: serde_json::Error| runtime::internal(&format!("cannot encode the reply: {e}"));
    serde_json::value::to_raw_value(&reply.own()).map_err(encode)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The tests name Zoom's and Cooplan's services: they run in the default build, which has
    // every default biller.
    fn refused(biller: BillerId, json: &str) -> Error {
        service_request(biller, json).expect_err(json)
    }

    #[test]
    fn the_request_is_the_billers_own_json() {
        let request = service_request(
            BillerId::Cooplan,
            r#"{"service":"collections_report","date":"2026-12-01"}"#,
        )
        .unwrap();
        assert_eq!(request.biller(), BillerId::Cooplan);
        // The biller's own name is allowed, as it is what the request would be tagged with.
        let request = service_request(
            BillerId::Zoom,
            r#"{"biller":"zoom","service":"payment_records","query":{"reference":"R-1"}}"#,
        )
        .unwrap();
        assert_eq!(request.biller(), BillerId::Zoom);
    }

    #[test]
    fn another_billers_service_is_invalid_input_naming_the_billers_own() {
        let e = refused(
            BillerId::Cooplan,
            r#"{"service":"payment_records","query":{}}"#,
        );
        assert_eq!(e.code(), "invalid_input");
        let shown = e.to_string();
        assert!(shown.contains("not one of cooplan's services"), "{shown}");
        assert!(shown.contains("collections_report"), "{shown}");
        assert!(
            !shown.contains("payment_records"),
            "quotes no input: {shown}"
        );
        let e = refused(
            BillerId::Zoom,
            r#"{"biller":"cooplan","service":"collections_report","date":"2026-12-01"}"#,
        );
        assert_eq!(e.code(), "invalid_input");
    }

    #[test]
    fn bad_json_and_bad_fields_are_invalid_input() {
        for json in [
            "{not json",
            "[]",
            r#""collections_report""#,
            r#"{"date":"2026-12-01"}"#,
            r#"{"service":"collections_report"}"#,
            r#"{"service":"collections_report","date":"yesterday"}"#,
            r#"{"service":7}"#,
        ] {
            assert_eq!(
                refused(BillerId::Cooplan, json).code(),
                "invalid_input",
                "{json}"
            );
        }
    }

    #[test]
    fn a_nested_amount_must_be_a_decimal_string() {
        let start = |amount: &str| {
            format!(
                r#"{{"service":"button_start","return_url":"https://shop.example.test/back",
                "payment":{{"debt_id":"guide:1","amount":{amount},"receipt":"R-1",
                "cashier":"C","location":"L","extra":{{}}}}}}"#
            )
        };
        assert!(service_request(BillerId::Zoom, &start(r#""150.00""#)).is_ok());
        for bad in ["150.5", r#""1e3""#, r#""abc""#] {
            assert_eq!(
                refused(BillerId::Zoom, &start(bad)).code(),
                "invalid_amount",
                "{bad}"
            );
        }
    }

    #[test]
    fn the_reply_drops_the_biller_tag_and_keeps_its_order() {
        let reply: ServiceReply = serde_json::from_str(
            r#"{"biller":"cooplan","service":"print_invoice","invoice":{"invoice_id":5000001,
            "collection_id":"4200001","content":"FACTURA","message":"ok"}}"#,
        )
        .unwrap();
        assert_eq!(
            biller_reply(&reply).unwrap().get(),
            r#"{"service":"print_invoice","invoice":{"invoice_id":5000001,"collection_id":"4200001","content":"FACTURA","message":"ok"}}"#
        );
    }
}
