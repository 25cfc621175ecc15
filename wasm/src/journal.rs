//! The payment journal from JS: core's [`AsyncJournal`] over any object with the small
//! `RecaudoJournal` interface (the package's `IndexedDbJournal`, written in JS, or the page's
//! own), and the in-memory journal a `Collector` uses when it is given none.
//!
//! Entries cross the boundary as JSON text: a journal stores the text it is given and hands it
//! back, and never sees an amount as a JS number. In the text every amount and date is a string
//! (core serializes `Decimal` as its exact decimal text) and the only numbers are small counts,
//! so the adapter can write it with `JSON.stringify` over the entry as core serializes it for JS
//! and read it with `JSON.parse` followed by core's own `Deserialize` (serde-wasm-bindgen): the
//! same serde code that already carries requests and results across the boundary, where
//! serde_json's reader and writer for the entry types would add about 35 KB of code to the
//! `.wasm`. The journal contract checks that a stored amount is its exact decimal text. Text
//! that does not read as an entry is corruption and an error (`storage`), never skipped: a
//! payment forgotten could be paid again under a new receipt.
//!
//! Each call's promise is awaited as the service awaits the save: the payment is sent only
//! after the journal's `save` resolved. `claim`, when the object has one, is the payment's lock
//! across tabs; the release function it resolves with is called when core drops the [`Claim`].

use futures::future::LocalBoxFuture;
use js_sys::{Array, Function, Promise};
use recaudo_core::Error;
use recaudo_core::collection::{AsyncJournal, BillerId, Claim, JournalEntry, MemoryJournal};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::error;

#[wasm_bindgen(typescript_custom_section)]
const RECAUDO_JOURNAL: &'static str = r#"
/**
 * Where a `Collector` writes each payment before sending it, so that a page reloaded or closed
 * mid-payment can settle it on its next load (`collector.resume()`). The package ships
 * `IndexedDbJournal`; any object with these methods will do.
 *
 * Entries are opaque JSON text, keyed by biller and receipt: store the text as given (do not
 * parse and re-serialise it) and hand it back unchanged. Every method may return a promise.
 */
export interface RecaudoJournal {
  /** Inserts or replaces the entry of this biller and receipt; resolves once it is durable. */
  save(biller: string, receipt: string, entry: string): Promise<void>;
  /** The entry of this biller and receipt, or null. */
  get(biller: string, receipt: string): Promise<string | null>;
  /** Every entry, in any order. */
  entries(): Promise<string[]>;
  /**
   * The payment's lock across every page sharing this journal: resolves, once no one else holds
   * it, with the function that releases it. Without it, only one page at a time may use the
   * journal.
   */
  claim?(biller: string, receipt: string): Promise<() => void>;
}
"#;

/// A `RecaudoJournal` object, its methods looked up once.
pub struct JsJournal {
    object: JsValue,
    save: Function,
    get: Function,
    entries: Function,
    claim: Option<Function>,
}

impl JsJournal {
    /// Checks that `object` has the interface; an `invalid_input` error naming `journal`
    /// otherwise.
    pub fn new(object: JsValue) -> Result<JsJournal, JsValue> {
        let refused = || {
            error::invalid(
                "journal",
                "expected an object with save, get and entries methods (RecaudoJournal)",
            )
        };
        if !object.is_object() {
            return Err(refused());
        }
        let method = |name: &str| -> Result<Option<Function>, JsValue> {
            let value =
                js_sys::Reflect::get(&object, &JsValue::from_str(name)).map_err(|_| refused())?;
            if value.is_undefined() || value.is_null() {
                return Ok(None);
            }
            value
                .dyn_into::<Function>()
                .map(Some)
                .map_err(|_| refused())
        };
        let required = |name: &str| method(name)?.ok_or_else(refused);
        Ok(JsJournal {
            save: required("save")?,
            get: required("get")?,
            entries: required("entries")?,
            claim: method("claim")?,
            object,
        })
    }

    /// Calls `method` with `args` and waits for its value (a promise's or a plain one).
    async fn call(&self, name: &str, method: &Function, args: &[&str]) -> Result<JsValue, Error> {
        let args: Array = args.iter().map(|a| JsValue::from_str(a)).collect();
        let failed = |e: JsValue| storage(format!("the journal's {name} failed: {}", reason(&e)));
        let value = method.apply(&self.object, &args).map_err(failed)?;
        JsFuture::from(Promise::resolve(&value))
            .await
            .map_err(failed)
    }

    async fn save_entry(&self, entry: &JournalEntry) -> Result<(), Error> {
        let text = crate::convert::to_js_as_named(entry)
            .ok()
            .and_then(|object| js_sys::JSON::stringify(&object).ok())
            .and_then(|text| text.as_string())
            .ok_or_else(|| storage("cannot write a journal entry"))?;
        let (biller, receipt) = entry.key();
        self.call("save", &self.save, &[biller.as_str(), receipt, &text])
            .await
            .map(drop)
    }

    async fn get_entry(
        &self,
        biller: BillerId,
        receipt: &str,
    ) -> Result<Option<JournalEntry>, Error> {
        let value = self
            .call("get", &self.get, &[biller.as_str(), receipt])
            .await?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        let entry = decode(&value, || {
            format!("the entry of {biller} receipt {receipt}")
        })?;
        if entry.key() != (biller, receipt) {
            return Err(corrupt(
                &format!("the entry of {biller} receipt {receipt}"),
                "it holds another payment",
            ));
        }
        Ok(Some(entry))
    }

    async fn all_entries(&self) -> Result<Vec<JournalEntry>, Error> {
        let value = self.call("entries", &self.entries, &[]).await?;
        let Some(list) = value.dyn_ref::<Array>() else {
            return Err(storage(
                "the journal's entries did not resolve with an array of strings",
            ));
        };
        let count = list.length();
        let mut out = list
            .iter()
            .enumerate()
            .map(|(i, text)| decode(&text, || format!("entry {} of {count}", i + 1)))
            .collect::<Result<Vec<_>, _>>()?;
        // Oldest first, as core's journals list them, whatever order the storage keeps.
        out.sort_by_key(|e| e.recorded_at);
        Ok(out)
    }

    async fn claim_entry(&self, biller: BillerId, receipt: &str) -> Result<Claim, Error> {
        let Some(claim) = &self.claim else {
            return Ok(Claim::none());
        };
        let release = self
            .call("claim", claim, &[biller.as_str(), receipt])
            .await?;
        release
            .dyn_into::<Function>()
            .map(|f| Claim::held(Release(f)))
            .map_err(|_| storage("the journal's claim did not resolve with a release function"))
    }
}

/// A claimed lock, released when core drops the claim.
struct Release(Function);

impl Drop for Release {
    fn drop(&mut self) {
        // Nothing to do about a release that throws: the lock is the journal's to free.
        let _ = self.0.call0(&JsValue::UNDEFINED);
    }
}

impl AsyncJournal for JsJournal {
    fn save<'a>(&'a self, entry: &'a JournalEntry) -> LocalBoxFuture<'a, Result<(), Error>> {
        Box::pin(self.save_entry(entry))
    }

    fn get<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Option<JournalEntry>, Error>> {
        Box::pin(self.get_entry(biller, receipt))
    }

    fn entries(&self) -> LocalBoxFuture<'_, Result<Vec<JournalEntry>, Error>> {
        Box::pin(self.all_entries())
    }

    fn claim<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Claim, Error>> {
        Box::pin(self.claim_entry(biller, receipt))
    }
}

/// The journal a `Collector` writes to: the page's, or one in memory (which still makes a
/// receipt the payment's identity within the page, but does not outlive it).
pub enum PageJournal {
    Memory(MemoryJournal),
    Js(JsJournal),
}

impl AsyncJournal for PageJournal {
    fn save<'a>(&'a self, entry: &'a JournalEntry) -> LocalBoxFuture<'a, Result<(), Error>> {
        match self {
            PageJournal::Memory(m) => AsyncJournal::save(m, entry),
            PageJournal::Js(j) => AsyncJournal::save(j, entry),
        }
    }

    fn get<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Option<JournalEntry>, Error>> {
        match self {
            PageJournal::Memory(m) => AsyncJournal::get(m, biller, receipt),
            PageJournal::Js(j) => AsyncJournal::get(j, biller, receipt),
        }
    }

    fn entries(&self) -> LocalBoxFuture<'_, Result<Vec<JournalEntry>, Error>> {
        match self {
            PageJournal::Memory(m) => AsyncJournal::entries(m),
            PageJournal::Js(j) => AsyncJournal::entries(j),
        }
    }

    fn claim<'a>(
        &'a self,
        biller: BillerId,
        receipt: &'a str,
    ) -> LocalBoxFuture<'a, Result<Claim, Error>> {
        match self {
            PageJournal::Memory(m) => AsyncJournal::claim(m, biller, receipt),
            PageJournal::Js(j) => AsyncJournal::claim(j, biller, receipt),
        }
    }
}

fn storage(message: impl Into<String>) -> Error {
    Error::Storage(message.into())
}

fn corrupt(what: &str, why: &str) -> Error {
    storage(format!(
        "{what} is not a journal entry ({why}); the journal is corrupt: restore it from a \
         backup or repair that entry, recaudo will not guess what it held"
    ))
}

/// An entry from its JSON text.
fn decode(text: &JsValue, what: impl Fn() -> String) -> Result<JournalEntry, Error> {
    let Some(text) = text.as_string() else {
        return Err(corrupt(&what(), "not a string"));
    };
    let value = js_sys::JSON::parse(&text).map_err(|_| corrupt(&what(), "not JSON"))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        corrupt(
            &what(),
            &recaudo_core::error::without_values(&crate::convert::reason_of(&e)),
        )
    })
}

/// What a rejection or exception says: an `Error`'s message, a string, or its type.
fn reason(value: &JsValue) -> String {
    if let Some(e) = value.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "a value that is not an Error".to_owned())
}
