//! The bank's (Megasoft's) payment page, which Zoom's document does not describe and the
//! simulator invents so that a checkout page can be tested end to end in a browser:
//!
//! - `GET /zoom/megasoft/pagar?control=<c>&retorno=<url>`: a small page (Spanish) with the
//!   control number and the amount, and four buttons in one form: `#approve` (Aprobar),
//!   `#decline` (Rechazar), `#abandon` (Cancelar) and `#approve-lost` (approve, then the way
//!   back is lost);
//! - `POST /zoom/megasoft/pagar` (a plain HTML form: `control`, `retorno`, `accion`): settles
//!   the transaction and answers `303` to `retorno` as given: `aprobar` approves, `rechazar`
//!   declines, `cancelar` leaves it pending. `aprobar-perdido` approves and answers a page
//!   saying the connection was lost, without redirecting (the customer never comes back on
//!   their own; the collector's `resume` must finish the payment). A transaction already
//!   approved or declined is not changed by another click (`409`); the same click twice
//!   answers as the first.
//!
//! No token: the customer's browser opens it, from another origin (the checkout page), so the
//! form posts back to this same path. `retorno` must be an `http(s)` URL. Faults may target it
//! as `megasoftPagar`.

use hyper::{Method, StatusCode};

use super::Ctx;
use super::fields::ZoomFields;
use super::state::{ButtonState, State};
use crate::biller::SimResponse;
use crate::money::amount_text;

/// The endpoint's name in faults and counters.
pub(super) const ENDPOINT: &str = "megasoftPagar";

pub(super) fn handle(cx: &Ctx<'_>, st: &mut State, fields: &ZoomFields) -> SimResponse {
    let control = fields.text("control").map(str::trim).unwrap_or("");
    let retorno = fields.text("retorno").map(str::trim).unwrap_or("");
    let Some(txn) = st.button.iter_mut().find(|t| t.control == control) else {
        return page(
            StatusCode::NOT_FOUND,
            "Transacción no encontrada",
            &format!(
                "<p>No existe transacción para el número de control <b>{}</b>.</p>",
                escape(control)
            ),
        );
    };
    if !return_url_ok(retorno) {
        return page(
            StatusCode::BAD_REQUEST,
            "Dirección de retorno inválida",
            "<p>La dirección de retorno (<code>retorno</code>) debe ser una URL http o https.</p>",
        );
    }
    if cx.req.method == Method::GET {
        return form(&txn.control, &amount_text(txn.monto), retorno, txn.state);
    }
    let action = fields.text("accion").map(str::trim).unwrap_or("");
    // A settled transaction is not settled again: the same click twice (a double submit)
    // answers as the first did; another one is refused.
    let wanted = match action {
        "aprobar" | "aprobar-perdido" => Some(ButtonState::Approved),
        "rechazar" => Some(ButtonState::Declined),
        _ => None,
    };
    if txn.state != ButtonState::Pending && wanted.is_some_and(|w| w != txn.state) {
        return page(
            StatusCode::CONFLICT,
            "Transacción ya procesada",
            &format!(
                "<p id=\"settled\">La transacción con número de control <b>{}</b> ya fue \
                 procesada ({}).</p>",
                escape(&txn.control),
                txn.state.name()
            ),
        );
    }
    match action {
        "aprobar" => {
            txn.state = ButtonState::Approved;
            SimResponse::see_other(retorno.to_owned())
        }
        "rechazar" => {
            txn.state = ButtonState::Declined;
            SimResponse::see_other(retorno.to_owned())
        }
        "cancelar" => SimResponse::see_other(retorno.to_owned()),
        "aprobar-perdido" => {
            txn.state = ButtonState::Approved;
            page(
                StatusCode::OK,
                "Conexión perdida",
                &format!(
                    "<p id=\"lost\">El pago con número de control <b>{}</b> fue aprobado, pero se \
                     perdió la conexión con el comercio: no volverá automáticamente.</p>",
                    escape(&txn.control)
                ),
            )
        }
        other => page(
            StatusCode::BAD_REQUEST,
            "Acción inválida",
            &format!(
                "<p>Acción desconocida <code>{}</code>: aprobar, rechazar, cancelar o \
                 aprobar-perdido.</p>",
                escape(other)
            ),
        ),
    }
}

/// Only `http(s)` URLs, without characters a `Location` header cannot carry.
fn return_url_ok(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && url.bytes().all(|b| (0x21..0x7f).contains(&b))
}

fn form(control: &str, amount: &str, retorno: &str, state: ButtonState) -> SimResponse {
    let settled = match state {
        ButtonState::Pending => String::new(),
        other => format!(
            "<p id=\"settled\">Esta transacción ya fue procesada ({}).</p>",
            other.name()
        ),
    };
    let body = format!(
        r#"<p>Número de control: <b id="control">{control}</b></p>
<p>Monto: <b id="amount">{amount}</b> VES</p>
{settled}
<form method="post" action="pagar">
<input type="hidden" name="control" value="{control}">
<input type="hidden" name="retorno" value="{retorno}">
<label>Tarjeta <input name="tarjeta" value="4000 0000 0000 0000" autocomplete="off"></label>
<p>
<button id="approve" type="submit" name="accion" value="aprobar">Aprobar</button>
<button id="decline" type="submit" name="accion" value="rechazar">Rechazar</button>
<button id="abandon" type="submit" name="accion" value="cancelar">Cancelar</button>
<button id="approve-lost" type="submit" name="accion" value="aprobar-perdido">Aprobar (se pierde el retorno)</button>
</p>
</form>"#,
        control = escape(control),
        amount = escape(amount),
        retorno = escape(retorno),
    );
    page(
        StatusCode::OK,
        "Pago con tarjeta (Megasoft, simulado)",
        &body,
    )
}

fn page(status: StatusCode, title: &str, body: &str) -> SimResponse {
    SimResponse::html(
        status,
        format!(
            "<!doctype html>\n<html lang=\"es\"><head><meta charset=\"utf-8\">\
             <title>{title}</title></head>\n<body><h1>{title}</h1>\n{body}\n</body></html>\n"
        ),
    )
}

/// HTML text and attribute escaping.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_return_urls() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert!(return_url_ok("http://127.0.0.1:8080/pago?recibo=R-1"));
        assert!(return_url_ok("HTTPS://example.test/"));
        for bad in [
            "javascript:alert(1)",
            "/relativa",
            "http://x/a b",
            "http://x/\r\n",
        ] {
            assert!(!return_url_ok(bad), "{bad}");
        }
    }
}
