//! The floor under the browser bundle's size: a bare lookup client built with the bundle's
//! dependencies, its allocator and its build (`cargo xtask bundle` measures it beside the
//! bundles, through the same pipeline). It reads `{ baseUrl, apiKey, timeoutMs }`, sends one
//! GET, decodes a list of debts with exact amounts and hands them to JS: no payment, no
//! journal, no recovery, no token, no typed errors, no biller. Whatever recaudo's bundles weigh
//! above it is the product: the payment flow and its safety, the billers' replies, the JS
//! surface. With the `lean` feature the glue is the leanest there is (JSON text across the
//! boundary, `fetch` through web-sys), to show how much any choice of glue could give back.
//!
//! It depends on none of recaudo's crates, on purpose: its amount reader below is the least
//! that reads a JSON number's text into a `Decimal` (core's `money::wire` does much more), so
//! that nothing of the product is counted in the floor. Never shipped, never published.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use wasm_bindgen::prelude::*;

/// The bundle's allocator (see `recaudo_wasm`).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// An amount from its JSON text (a number's digits or a string), never through a double.
fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let raw: &RawValue = Deserialize::deserialize(d)?;
    raw.get()
        .trim_matches('"')
        .parse()
        .map_err(serde::de::Error::custom)
}

/// An amount as a decimal string.
fn amount_text<S: Serializer>(amount: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(amount)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    base_url: String,
    api_key: String,
    timeout_ms: Option<u64>,
}

#[derive(Deserialize, Serialize)]
struct Debt {
    id: String,
    #[serde(deserialize_with = "amount", serialize_with = "amount_text")]
    amount: Decimal,
    due: String,
    description: Option<String>,
}

#[derive(Deserialize)]
struct Reply {
    debts: Vec<Debt>,
}

/// What JS gets: the debts and their total.
#[derive(Serialize)]
struct Found {
    debts: Vec<Debt>,
    #[serde(serialize_with = "amount_text")]
    total: Decimal,
}

fn js_error(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// A lookup client.
#[wasm_bindgen]
pub struct Client {
    options: std::rc::Rc<Options>,
}

#[wasm_bindgen]
impl Client {
    /// The client for `options`: `{ baseUrl, apiKey, timeoutMs? }`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Client, JsValue> {
        Ok(Client {
            options: std::rc::Rc::new(glue::read(options)?),
        })
    }

    /// The debts under `reference`, and their total.
    pub fn lookup(&self, reference: String) -> js_sys::Promise {
        let options = std::rc::Rc::clone(&self.options);
        wasm_bindgen_futures::future_to_promise(async move {
            let url = format!(
                "{}/debts/{reference}?wait={}",
                options.base_url,
                options.timeout_ms.unwrap_or(30_000)
            );
            let text = glue::get(&url, &options.api_key).await?;
            let reply: Reply = serde_json::from_str(&text).map_err(js_error)?;
            let total = reply.debts.iter().map(|d| d.amount).sum();
            glue::write(&Found {
                debts: reply.debts,
                total,
            })
        })
    }
}

/// The bundle's glue: serde-wasm-bindgen and gloo-net.
#[cfg(not(feature = "lean"))]
mod glue {
    use super::*;

    pub fn read<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsValue> {
        serde_wasm_bindgen::from_value(value).map_err(js_error)
    }

    pub fn write<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
        value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(js_error)
    }

    pub async fn get(url: &str, key: &str) -> Result<String, JsValue> {
        let reply = gloo_net::http::Request::get(url)
            .header("X-Api-Key", key)
            .send()
            .await
            .map_err(js_error)?;
        reply.text().await.map_err(js_error)
    }
}

/// The leanest glue: JSON text both ways, `fetch` through web-sys.
#[cfg(feature = "lean")]
mod glue {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    pub fn read<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsValue> {
        let text = js_sys::JSON::stringify(&value)?;
        serde_json::from_str(&String::from(text)).map_err(js_error)
    }

    pub fn write<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
        js_sys::JSON::parse(&serde_json::to_string(value).map_err(js_error)?)
    }

    #[wasm_bindgen]
    extern "C" {
        /// The global `fetch` (a page's, a worker's or Node's).
        #[wasm_bindgen(js_name = fetch)]
        fn fetch_request(request: &web_sys::Request) -> js_sys::Promise;
    }

    pub async fn get(url: &str, key: &str) -> Result<String, JsValue> {
        let request = web_sys::Request::new_with_str_and_init(url, &web_sys::RequestInit::new())?;
        request.headers().set("X-Api-Key", key)?;
        let reply: web_sys::Response = JsFuture::from(fetch_request(&request)).await?.dyn_into()?;
        let text = JsFuture::from(reply.text()?).await?;
        Ok(text.as_string().unwrap_or_default())
    }
}
