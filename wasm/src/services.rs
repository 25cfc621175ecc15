//! Each biller's own services (Zoom's pay button and payment records, Unicomer's
//! reconciliation...), reached from the unified collector: `collector.zoom()` answers a
//! `BillerServices` object for a Zoom collector and `null` for any other.
//!
//! Nothing here names a biller. The accessors (`zoom()`, `unicomer()`...) and their TypeScript
//! declarations are generated from core's one list (`recaudo_core::for_each_biller!`), each
//! inside its biller's gate macro (`recaudo_core::zoom! {{ ... }}`), so a bundle built with one
//! biller has that biller's accessor, request and reply types only. Behind every accessor is one
//! JS class, `BillerServices`, whose `call(request)` decodes the request as the collector's
//! biller's own shape (core's [`ServiceRequest::from_own`], as the C API does) and hands it to
//! core's [`recaudo_core::collection::CollectionService::serve`], which journals a service that
//! takes money (Zoom's pay button) like any payment, in the page's journal; the reply goes back
//! in the biller's own shape too ([`ServiceReply::own`]). One serde pass each way, with no
//! `biller` tag to add or remove.
//!
//! Types: wasm-bindgen's attribute values (`unchecked_return_type`...) must be literals, but a
//! `typescript_custom_section` takes any constant expression, so each biller's declaration is a
//! `concat!` of its names. The accessor merges into the `Collector` class as an interface of the
//! same name; `call` is declared once, generic over the biller's request and reply unions, its
//! reply narrowed by the request's `service` tag.

use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use recaudo_core::ServiceRequest;
use wasm_bindgen::prelude::*;

use crate::collector::{Inner, JsCollector, promise_of};
use crate::convert::{read_js_camel, tag, to_js};
use crate::error;

#[wasm_bindgen(typescript_custom_section)]
const BILLER_SERVICES: &'static str = r#"
/**
 * One biller's own services, beside the unified flow: reached from the collector
 * (`collector.zoom()`, `null` for another biller's collector), never built on its own.
 * `Request` and `Reply` are the biller's unions, tagged by `service` (e.g. `ZoomService`,
 * `ZoomServiceReply`).
 */
export class BillerServices<Request extends { service: string }, Reply extends { service: string }> {
  private constructor();
  free(): void;
  [Symbol.dispose](): void;
  /**
   * Runs one service: `request.service` names it (snake_case, as data), the rest are its
   * fields (camelCase). Resolves with the reply of the same `service`; rejects with a
   * `RecaudoError` (`unsupported` where the biller does not offer it yet). A service that takes
   * money (Zoom's pay button) is journaled like `pay`, in the collector's journal.
   */
  call<R extends Request>(request: R): Promise<Extract<Reply, { service: R["service"] }>>;
}
"#;

/// The JS `BillerServices` object: one biller's services over the collector it came from (the
/// same collection service, so the same journal and per-receipt locks).
#[wasm_bindgen(js_name = BillerServices, skip_typescript)]
pub struct JsBillerServices {
    inner: Rc<Inner>,
}

impl JsBillerServices {
    /// The services object of `inner`'s biller.
    pub(crate) fn new(inner: &Rc<Inner>) -> JsBillerServices {
        JsBillerServices {
            inner: Rc::clone(inner),
        }
    }
}

#[wasm_bindgen(js_class = BillerServices)]
impl JsBillerServices {
    /// One service of this biller (see the declaration above).
    #[wasm_bindgen(skip_typescript)]
    pub fn call(&self, request: JsValue) -> Promise {
        let biller = self.inner.collector().biller();
        let decoded = if !request.is_object() || js_sys::Array::is_array(&request) {
            Err(error::invalid(
                "request",
                "expected an object such as { service: \"...\" }",
            ))
        } else {
            amounts_are_text(&request, 0).and_then(|()| {
                // The tag first, then that service's fields straight from the object (see
                // `recaudo_core::services::NamedService`).
                let service = tag("request", &request, "service")?;
                read_js_camel("request", request, |d| {
                    ServiceRequest::from_named(biller, &service, d)
                })
            })
        };
        match decoded {
            Ok(request) => {
                let inner = Rc::clone(&self.inner);
                promise_of(Box::pin(async move {
                    let reply = inner.serve(request).await.map_err(|e| error::to_js(&e))?;
                    to_js(&reply.own())
                }))
            }
            Err(e) => Promise::reject(&e),
        }
    }
}

/// Every `amount` and `balance` in a request is a decimal string, never a JS number (a double,
/// which would put a float on the money path); checked at any depth (`payment.amount`).
fn amounts_are_text(value: &JsValue, depth: u32) -> Result<(), JsValue> {
    // Requests are a few levels deep; a deeper (or cyclic) object is not one.
    if depth > 16 {
        return Err(error::invalid("request", "nested too deeply"));
    }
    if js_sys::Array::is_array(value) {
        for item in js_sys::Array::from(value).iter() {
            amounts_are_text(&item, depth + 1)?;
        }
        return Ok(());
    }
    if !value.is_object() {
        return Ok(());
    }
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let item = Reflect::get(value, &key)?;
        if (name == "amount" || name == "balance") && item.as_f64().is_some() {
            return Err(error::invalid(
                "request",
                format!("{name} must be a decimal string such as \"25.00\", not a number"),
            ));
        }
        amounts_are_text(&item, depth + 1)?;
    }
    Ok(())
}

/// Per biller of core's list: the collector's accessor (`collector.zoom()`) and its declaration,
/// both kept only when core has the biller.
macro_rules! accessors {
    ($($feature:literal $module:ident :: $biller:ident ($options:ident, $client:ident),)+) => {
        $(
            recaudo_core::$module! {{
                #[wasm_bindgen(typescript_custom_section)]
                const _: &'static str = concat!(
                    "\n/** ", stringify!($biller), "'s own services (`collector.", $feature,
                    "()`). */\nexport type ", stringify!($biller), "Services = BillerServices<",
                    stringify!($biller), "Service, ", stringify!($biller), "ServiceReply>;\n",
                    "export interface Collector {\n  /** ", stringify!($biller),
                    "'s own services when this collector is ", stringify!($biller),
                    "'s; `null` for another biller. */\n  ", $feature, "(): ",
                    stringify!($biller), "Services | null;\n}\n"
                );

                #[wasm_bindgen(js_class = Collector)]
                impl JsCollector {
                    #[doc = concat!(stringify!($biller), "'s own services, `null` for another biller's collector.")]
                    #[wasm_bindgen(skip_typescript)]
                    pub fn $module(&self) -> JsValue {
                        let inner = self.inner();
                        if inner.collector().biller() == recaudo_core::BillerId::$biller {
                            JsBillerServices::new(inner).into()
                        } else {
                            JsValue::NULL
                        }
                    }
                }
            }}
        )+
    };
}

recaudo_core::for_each_biller!(accessors);
