//! Unicobros (Argentina), a white label of the Mobbex payment gateway.
//!
//! Merchants collect through Mobbex's checkout (card, debit, cash coupons) in pesos (`ARS`) or,
//! in test mode, in Mobbex's test money (`TEST`). The document covers the *after* of a payment:
//! its status and the merchant's listing. One module per endpoint, each holding its request,
//! its reply and its decoding:
//!
//! - [`transactions_status`]: `POST 2.0/transactions/status` `{id}` → a coupon's
//!   `transactions`, the gateway's `transaction` view and `transaction_details`;
//! - [`coupons`]: `GET 2.0/transactions/coupons/{reference}` → every coupon under a reference,
//!   with its split-payment `childs`;
//! - [`operations`]: `GET p/operations` (filters in the query) and `POST p/operations` (filters
//!   in the body), paginated; [`pages`] walks every page.
//!
//! [`UnicobrosClient`] adds the credentials, timeouts and read retries; [`resolution`] answers
//! the collector's recovery question, "did this reference get paid, exactly once?", and says
//! precisely what that answer can and cannot prove. [`status`] holds Mobbex's status codes
//! and the one table that groups them; [`envelope`] the `{result, data}` envelope.
//!
//! Credentials are static headers, `x-api-key` and `x-access-token` (plus an optional
//! `x-lang`), held as [`crate::Secret`]. Amounts are JSON numbers (`100.5`, `10288`,
//! `2871.74`), read from their text into `Decimal`; dates are ISO-8601 UTC.
//!
//! # Decisions where the document is silent or contradicts itself
//! Each is a guess unless said otherwise, and each says how to override it.
//! - **No payment endpoint** (fact, not a guess): payments happen in Mobbex's checkout, which
//!   the document does not cover, so recaudo creates none and invents none. Safe payment here
//!   is [`resolution`]: after a lost checkout result, ask by reference before the customer
//!   tries again. Mobbex refuses two *paid* operations with the same `reference`: that is the
//!   only duplicate guard, and a retry must reuse the reference to be covered by it.
//! - **Coupons: path or query** — the parameter table says `reference` is a query parameter,
//!   the example puts it in the path. Default: the path, percent-encoded as one segment.
//!   Override: [`UnicobrosConfig::reference_placement`].
//! - **Unknown reference** — the document does not say. Only `result: true` with an empty list
//!   is read as "absent"; a `result: false`, a 404 or anything else needs review. Not
//!   overridable on purpose: reading an error as "absent" would invite a second payment.
//! - **Page numbering** — requests count from 0, yet the example answers `"page": 1` to
//!   `page=0`. Each reply's `nextPage` is calibrated by the offset between the page it reports
//!   and the one asked for, and the walk always moves forward ([`pages`]). No override needed:
//!   both numberings work.
//! - **`limit`** — at most 50: a larger one (or 0) is refused with `invalid_input` before
//!   sending, rather than trusting the biller to clamp it. Default: not sent (the biller's 15).
//! - **Date filters** — the GET form takes "a date as a string or a timestamp", the POST form
//!   `{day, month, year}` objects. recaudo filters by UTC calendar day, both ends included,
//!   and writes GET dates as `yyyy-mm-dd`. Override: [`UnicobrosConfig::query_date_format`]
//!   (epoch milliseconds of the day's first and last millisecond).
//! - **POST `status`** — declared a string there and a number in the GET form: sent as each
//!   form declares. POST `test` — in the example body but not in the parameter table: sent
//!   when set. The example's date object has a typo (`"from: {`): ours is valid JSON.
//! - **`status` filter** — only codes in [`status::STATUS_TABLE`] are accepted, so that a typo
//!   is an error rather than an empty listing.
//! - **Status groupings** — integrations disagree on 4, 201, 210 and the 3xx range: see
//!   [`status`] for the table and why disputed codes go to "in review".
//! - **Split payments (`childs`)** — the document shows the node without saying how it
//!   relates to its parent. A coupon counts as paid when its own status is approved and its
//!   approved childs (if any) add up to its total, or when its approved childs add up to its
//!   total even though its own status lags; parts that do not add up need review.
//! - **Auth refusals** — Mobbex answers 401/403, or `result: false` with a code. The document
//!   lists no codes: [`config::DEFAULT_AUTH_ERROR_CODES`] are guesses, replaced through
//!   [`UnicobrosConfig::auth_error_codes`]. Static keys cannot be refreshed, so an auth
//!   failure is returned as `auth` at once, with no replay.
//! - **A refusal without `code`** gets the code `result_false`; its `error` (or `message`) is
//!   kept verbatim.
//! - **Paths** — the document's, overridable in [`Paths`] for a proxy or a merchant backend
//!   (a browser bundle should not hold the merchant's keys).
//!
//! # What recovery can and cannot prove
//! See [`resolution`]: it proves what the gateway holds under a reference when it answers
//! (one paid attempt, several, none, or none yet); it cannot see a checkout still in flight
//! after the answer (Mobbex's same-reference guard covers a retry under the same reference,
//! nothing covers a new reference), a payment under another reference, or who paid.


pub mod collect;
pub mod discover;
pub mod config;
pub mod coupons;
pub mod dates;
pub mod envelope;
pub mod operations;
pub mod pages;
pub mod resolution;
pub mod shared_objects;
pub mod status;
pub mod transactions_status;

pub mod services;

mod client;

use crate::error::Error;
use crate::validate;

pub use crate::endpoint::Endpoint;
pub use crate::recovery::RecoveryPolicy;
pub use client::UnicobrosClient;
pub use config::{
    Credentials, DEFAULT_AUTH_ERROR_CODES, DEFAULT_BASE_URL, Paths, QueryDateFormat,
    ReferencePlacement, UnicobrosConfig,
};
pub use coupons::{Coupon, CouponsRequest};
pub use operations::{
    DEFAULT_LIMIT, DayRange, ListOperationsRequest, MAX_LIMIT, Operation, OperationFilters,
    OperationsPage, SearchOperationsRequest, Totals,
};
pub use pages::{FetchedPage, ListMethod, OperationPages};
pub use resolution::{Finding, PaidAttempt, ReferenceResolution, amount_text};
pub use shared_objects::{CurrencyInfo, Installment, Labelled, Source, User};
pub use status::{STATUS_TABLE, StatusCode, StatusGroup, StatusInfo};
pub use transactions_status::{
    Payment, PaymentStatus, Transaction, TransactionDetail, TransactionStatus,
    TransactionStatusRequest, TransactionView,
};

/// Coupon and operation ids: opaque text (the document's example is `#MyImportantID`).
pub(crate) fn validate_id(field: &'static str, value: &str) -> Result<(), Error> {
    validate::text(field, value, 128)
}

/// References are the merchant's own text (`81_202104081029249199`, `Referencia Demo`): not
/// blank, no control characters, at most 255 characters, and not `.` or `..` (which a URL
/// path would swallow).
pub(crate) fn validate_reference(field: &'static str, value: &str) -> Result<(), Error> {
    validate::text(field, value, 255)?;
    if value.trim() != value {
        return Err(Error::invalid(field, "has leading or trailing spaces"));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid(field, "cannot be `.` or `..`"));
    }
    Ok(())
}
pub use collect::{Unicobros, UnicobrosOptions};
pub use services::{
    UnicobrosOperation, UnicobrosOperationFilters, UnicobrosOperationsPage, UnicobrosPaidAttempt,
    UnicobrosResolution, UnicobrosService, UnicobrosServiceReply,
};
