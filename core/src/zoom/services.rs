//! Zoom's own services, beyond the unified flow (see [`crate::services`]): its payment records
//! (`getInfoPagoWs`), and the pay button (Megasoft), by which a customer pays by card on a web
//! checkout page:
//!
//! 1. [`ZoomService::ButtonStart`]: `getNroControlWS` mints a control number for the amount;
//!    the payment is journaled (in flight, never sent) before the customer is sent to the
//!    bank's page ([`ButtonCheckout::page_url`]);
//! 2. the customer pays (or is declined, or leaves) at the bank's page, which sends them back
//!    to the page's `return_url`;
//! 3. [`ZoomService::ButtonComplete`]: `getXmlWS` reads the bank's result; an approved one is
//!    registered at Zoom (`createPagoWs` of kind 25, with the button's fields) by the safe
//!    payment; a declined one is closed as rejected; a pending one stays in flight (a reload,
//!    or `resume`, asks again);
//! 4. [`ZoomService::ButtonAbandon`]: the customer gave up; closed unless the bank approved
//!    meanwhile, in which case it is registered as in 3 (money taken is never dropped).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::base_url::form_encode;
use crate::clock::Clock;
use crate::collection::{EntryStatus, JournalEntry, PaymentRef, PaymentRequest, PaymentResult};
use crate::error::Error;
use crate::money::{Currency, Money};
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::services::Payments;
use crate::transport::Transport;

use super::ZoomClient;
use super::collect::{BUTTON_KIND, BUTTON_PENDING, button_control, is_button};
use super::info_pago::{InfoPagoRequest, PagoInfo};
use super::kinds::TransactionKind;

crate::services::named_services! {
    /// A request to Zoom's own services, tagged by `service`.
    // A request is built once and sent: boxing its largest variant would only cost the bindings.
    #[allow(clippy::large_enum_variant)]
    pub enum ZoomService {
        /// `getInfoPagoWs`: the payment records matching a filter.
        "payment_records" => PaymentRecords {
            /// The filter; at least one field.
            query: ZoomRecordsQuery,
        },
        /// Opens a pay-button payment: a control number, the journal entry, the bank's page.
        "button_start" => ButtonStart {
            /// The payment, as for the unified pay (`extra["bank_account"]`, the payer...).
            payment: PaymentRequest,
            /// Where the bank's page sends the customer back.
            return_url: String,
        },
        /// Reads the bank's result for a pay-button payment and registers an approved one.
        "button_complete" => ButtonComplete {
            /// The payment's receipt, as given to `button_start`.
            receipt: String,
        },
        /// The customer left the bank's page: closes the payment unless the bank approved it.
        "button_abandon" => ButtonAbandon {
            /// The payment's receipt, as given to `button_start`.
            receipt: String,
        },
    }
}

/// Which payment records to list (`getInfoPagoWs`'s filters); every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct ZoomRecordsQuery {
    /// Records with this `referencia` (the collector's receipt).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    pub reference: Option<String>,
    /// Paid on or after this day (`fechapago_desde`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    #[serde(with = "crate::calendar::iso_date_opt")]
    pub paid_from: Option<NaiveDate>,
    /// Paid on or before this day (`fechapago_hasta`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    #[serde(with = "crate::calendar::iso_date_opt")]
    pub paid_to: Option<NaiveDate>,
}

impl ZoomRecordsQuery {
    /// The records registered with this `referencia`.
    pub fn by_reference(reference: impl Into<String>) -> Self {
        ZoomRecordsQuery {
            reference: Some(reference.into()),
            ..ZoomRecordsQuery::default()
        }
    }

    /// The records paid from `from` to `to`, both included.
    pub fn paid_between(from: NaiveDate, to: NaiveDate) -> Self {
        ZoomRecordsQuery {
            paid_from: Some(from),
            paid_to: Some(to),
            ..ZoomRecordsQuery::default()
        }
    }
}

/// A reply from Zoom's own services, tagged as its request was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum ZoomServiceReply {
    /// The records found (none is an empty list).
    PaymentRecords {
        /// Each record, as Zoom holds it.
        records: Vec<ZoomPaymentRecord>,
    },
    /// The pay-button payment is open: send the customer to `checkout.page_url`.
    ButtonStart {
        /// The control number and the bank's page.
        checkout: ButtonCheckout,
    },
    /// Where the pay-button payment stands after reading the bank's result.
    ButtonComplete {
        /// Paid, declined, pending or abandoned, with the payment's outcome once settled.
        outcome: ButtonOutcome,
    },
    /// Where the pay-button payment stands after the customer left.
    ButtonAbandon {
        /// Abandoned, or paid when the bank approved it meanwhile.
        outcome: ButtonOutcome,
    },
}

/// One payment record at Zoom (`getInfoPagoWs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct ZoomPaymentRecord {
    /// Zoom's payment id (`idpago`).
    pub payment_id: String,
    /// The `referencia` it was registered with.
    pub reference: String,
    /// The total paid (`montototal`), in VES.
    pub amount: Money,
    /// The payment date (`fechapago`), when given.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    // No `default`: tsify would make the field optional (`?`); core always writes it (`null`).
    #[serde(with = "crate::calendar::iso_date_opt")]
    pub paid_on: Option<NaiveDate>,
    /// Transfer (24) or pay button (25), as Zoom's code.
    pub kind: String,
    /// The status code (`idestatuspago`) and its name when known.
    pub status: String,
    /// The documents (guides, invoices) it paid, as `guide:N` and the like.
    pub documents: Vec<String>,
}

/// An open pay-button payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct ButtonCheckout {
    /// The payment's receipt: its identity in the journal.
    pub receipt: String,
    /// Megasoft's control number (`control`).
    pub control: String,
    /// Megasoft's invoice number (`factura`), when given.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub invoice: Option<String>,
    /// The amount the customer pays at the bank's page.
    pub amount: Money,
    /// The bank's page to send the customer to.
    pub page_url: String,
}

/// Where a pay-button payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum ButtonState {
    /// The bank approved and Zoom's record stands (see the result's outcome).
    Paid,
    /// The bank declined: nothing was taken, nothing registered.
    Declined,
    /// The customer has not finished at the bank's page: ask again later.
    Pending,
    /// The customer left; nothing was taken.
    Abandoned,
}

/// A pay-button payment's state, with its result once settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct ButtonOutcome {
    /// The payment's receipt.
    pub receipt: String,
    /// Where it stands.
    pub state: ButtonState,
    /// The payment's result once settled (paid, declined, abandoned); `None` while pending.
    #[cfg_attr(feature = "wasm", tsify(type = "PaymentResult | null"))]
    pub result: Option<PaymentResult>,
    /// What the bank said (`descripcion`), for the customer.
    pub detail: String,
}

impl<T: Transport, C: Clock> ZoomClient<T, C> {
    /// Answers one of Zoom's own services (see the module docs).
    pub(super) async fn serve_zoom(
        &self,
        request: ZoomService,
        payments: &dyn Payments,
    ) -> Result<ZoomServiceReply, Error> {
        Ok(match request {
            ZoomService::PaymentRecords { query } => ZoomServiceReply::PaymentRecords {
                records: self.payment_records(&query).await?,
            },
            ZoomService::ButtonStart {
                payment,
                return_url,
            } => ZoomServiceReply::ButtonStart {
                checkout: self.button_start(payment, &return_url, payments).await?,
            },
            ZoomService::ButtonComplete { receipt } => ZoomServiceReply::ButtonComplete {
                outcome: self.button_complete(&receipt, payments).await?,
            },
            ZoomService::ButtonAbandon { receipt } => ZoomServiceReply::ButtonAbandon {
                outcome: self.button_abandon(&receipt, payments).await?,
            },
        })
    }

    /// `getInfoPagoWs` with the query's filters. The document requires none (an empty query
    /// lists every record the user may see), so an empty one is sent as is.
    async fn payment_records(
        &self,
        query: &ZoomRecordsQuery,
    ) -> Result<Vec<ZoomPaymentRecord>, Error> {
        if let (Some(from), Some(to)) = (query.paid_from, query.paid_to) {
            if from > to {
                return Err(Error::invalid(
                    "query",
                    format!("paid_from {from} is after paid_to {to}"),
                ));
            }
        }
        let filter = InfoPagoRequest {
            referencia: query
                .reference
                .iter()
                .map(|r| r.trim().to_owned())
                .collect(),
            fechapago_desde: query.paid_from,
            fechapago_hasta: query.paid_to,
            ..InfoPagoRequest::default()
        };
        Ok(self
            .payments(&filter)
            .await?
            .iter()
            .map(record_of)
            .collect())
    }

    /// Opens a pay-button payment: checked as the unified pay checks it, a control number
    /// from `getNroControlWS`, the journal entry (in flight, never sent), the bank's page.
    async fn button_start(
        &self,
        mut payment: PaymentRequest,
        return_url: &str,
        payments: &dyn Payments,
    ) -> Result<ButtonCheckout, Error> {
        let template = self.config().button.page.clone().ok_or_else(|| {
            Error::Config(
                "the pay button needs the bank's page: set the Zoom option `buttonPage` \
                 (button_page), a URL template with {control} and {return_url}"
                    .into(),
            )
        })?;
        if !template.contains("{control}") {
            return Err(Error::Config(
                "the Zoom option `buttonPage` must hold the placeholder {control}".into(),
            ));
        }
        let return_url = return_url.trim();
        crate::validate::text("return_url", return_url, 2000)?;
        match payment.extra.get("kind").map(|k| k.trim()) {
            None | Some(BUTTON_KIND) => {}
            Some(other) => {
                return Err(Error::invalid(
                    "extra",
                    format!("extra[\"kind\"] is `{other}`: button_start opens `button` payments"),
                ));
            }
        }
        if payment.extra.contains_key("control") {
            return Err(Error::invalid(
                "extra",
                "extra[\"control\"] is set by button_start (getNroControlWS' number)",
            ));
        }
        payment.receipt = payment.receipt.trim().to_owned();
        crate::validate::text("receipt", &payment.receipt, 64)?;
        // Checked exactly as the payment will be sent (a placeholder for the control number
        // not yet minted), before the bank mints one.
        let (_, mut check) = self.zoom_request(&payment, TransactionKind::PayButton)?;
        check.button.nro_control = Some("0".into());
        let amount = self.check_payment(&check)?;
        if payments
            .entry(&payment.receipt)
            .await?
            .is_some_and(|e| e.status != EntryStatus::NotSent)
        {
            return Err(Error::invalid(
                "receipt",
                format!("receipt {} already names a payment", payment.receipt),
            ));
        }
        let minted = self.control_number(amount).await?;
        let control = minted.control.trim().to_owned();
        payment.extra.insert("kind".into(), BUTTON_KIND.into());
        payment.extra.insert("control".into(), control.clone());
        if let Some(invoice) = &minted.factura {
            payment
                .extra
                .insert("invoice".into(), invoice.trim().to_owned());
        }
        payments.begin(&payment).await?;
        let page_url = fill_page(&template, &control, return_url, &self.config().base_url)?;
        Ok(ButtonCheckout {
            receipt: payment.receipt,
            control,
            invoice: minted.factura.map(|f| f.trim().to_owned()),
            amount: Money::new(amount, Currency::Ves),
            page_url,
        })
    }

    /// Settles a pay-button payment by the bank's result (see [`Payments::settle`]).
    async fn button_complete(
        &self,
        receipt: &str,
        payments: &dyn Payments,
    ) -> Result<ButtonOutcome, Error> {
        let receipt = receipt.trim();
        button_entry(receipt, payments).await?;
        settled(receipt, payments.settle(receipt).await)
    }

    /// The customer left: closed as abandoned unless the bank approved (then registered as
    /// `button_complete` does). A bank that cannot be asked leaves it in flight (an error).
    async fn button_abandon(
        &self,
        receipt: &str,
        payments: &dyn Payments,
    ) -> Result<ButtonOutcome, Error> {
        let receipt = receipt.trim();
        let entry = button_entry(receipt, payments).await?;
        if entry.status == EntryStatus::Resolved || entry.sends > 0 {
            return settled(receipt, payments.settle(receipt).await);
        }
        let control = button_control(&entry.request)?;
        let bank = self.button_result(&control).await?;
        if bank.approved() {
            return settled(receipt, payments.settle(receipt).await);
        }
        let doc = entry.request.debt_id.clone();
        let abandoned = PaymentResult {
            outcome: Outcome::Rejected,
            reference: PaymentRef {
                debt_id: doc,
                payment_id: None,
                receipt: receipt.to_owned(),
                amount: entry.request.amount,
                paid_at: entry.request.paid_at.unwrap_or_else(|| self.now_local()),
            },
            currency: Currency::Ves,
            recovered: false,
            sends: 0,
            state: None,
            rejection: Some(Rejection {
                code: ABANDONED.into(),
                message: format!(
                    "the customer left the bank's page; getXmlWS said {}",
                    bank.descripcion
                        .as_deref()
                        .map(str::trim)
                        .filter(|d| !d.is_empty())
                        .unwrap_or("-")
                ),
                by_biller: false,
            }),
            evidence: vec![Evidence::new(
                "getXmlWS",
                format!(
                    "not approved (estado {}, codigo {}, control {control}): closed as abandoned, \
                     nothing sent to Zoom",
                    bank.estado.as_deref().unwrap_or("-"),
                    bank.codigo.as_deref().unwrap_or("-"),
                ),
            )],
            unsaved: None,
        };
        Ok(outcome_of(
            receipt,
            payments.close(receipt, abandoned).await?,
        ))
    }
}

/// The rejection code of a pay-button payment the customer abandoned.
pub const ABANDONED: &str = "abandoned";

/// The journal's entry for a pay-button receipt; refused when there is none or it is another
/// kind of payment.
async fn button_entry(receipt: &str, payments: &dyn Payments) -> Result<JournalEntry, Error> {
    let entry = payments.entry(receipt).await?.ok_or_else(|| {
        Error::invalid(
            "receipt",
            format!("no pay-button payment with receipt {receipt}: start it with button_start"),
        )
    })?;
    if !is_button(&entry.request) {
        return Err(Error::invalid(
            "receipt",
            format!("receipt {receipt} is not a pay-button payment"),
        ));
    }
    Ok(entry)
}

/// What settling said, as a button outcome: the bank still pending is `pending` (the entry
/// stays in flight); any other error is the caller's.
fn settled(receipt: &str, result: Result<PaymentResult, Error>) -> Result<ButtonOutcome, Error> {
    match result {
        Ok(result) => Ok(outcome_of(receipt, result)),
        Err(Error::Biller {
            biller_code,
            biller_message,
            ..
        }) if biller_code == BUTTON_PENDING => Ok(ButtonOutcome {
            receipt: receipt.to_owned(),
            state: ButtonState::Pending,
            result: None,
            detail: biller_message,
        }),
        Err(e) => Err(e),
    }
}

/// A settled pay-button payment's state: abandoned and declined were never sent to Zoom;
/// anything else was approved by the bank (the result's outcome says what Zoom holds).
fn outcome_of(receipt: &str, result: PaymentResult) -> ButtonOutcome {
    let abandoned = result
        .rejection
        .as_ref()
        .is_some_and(|r| r.code == ABANDONED && !r.by_biller);
    let state = if abandoned {
        ButtonState::Abandoned
    } else if result.outcome == Outcome::Rejected && result.sends == 0 {
        ButtonState::Declined
    } else {
        ButtonState::Paid
    };
    let detail = match state {
        ButtonState::Abandoned | ButtonState::Declined => result
            .rejection
            .as_ref()
            .map(|r| r.message.clone())
            .unwrap_or_default(),
        _ => result
            .evidence
            .iter()
            .find(|e| e.step == "getXmlWS")
            .map(|e| e.detail.clone())
            .unwrap_or_else(|| format!("approved; Zoom's record: {}", result.outcome.as_str())),
    };
    ButtonOutcome {
        receipt: receipt.to_owned(),
        state,
        result: Some(result),
        detail,
    }
}

/// The bank's page for a control number: the template's placeholders filled URL-encoded, a
/// template without a scheme resolved under the base URL.
fn fill_page(
    template: &str,
    control: &str,
    return_url: &str,
    base: &crate::base_url::BaseUrl,
) -> Result<String, Error> {
    let filled = template
        .trim()
        .replace("{control}", &form_encode(control))
        .replace("{return_url}", &form_encode(return_url));
    let lower = filled.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Ok(filled)
    } else {
        base.join(&filled)
    }
}

/// One `getInfoPagoWs` record in the service's terms.
fn record_of(p: &PagoInfo) -> ZoomPaymentRecord {
    let mut amount = p.montototal;
    amount.rescale(2);
    ZoomPaymentRecord {
        payment_id: p.idpago.to_string(),
        reference: p.referencia.trim().to_owned(),
        amount: Money::new(amount, Currency::Ves),
        paid_on: p.fechapago,
        kind: p.idtipotransbanc.map(|k| k.to_string()).unwrap_or_default(),
        status: match (p.idestatuspago, p.status_name()) {
            (Some(code), Some(name)) => format!("{code} {}", name.trim()),
            (Some(1), None) => "1 PENDIENTE".into(),
            (Some(code), None) => code.to_string(),
            (None, Some(name)) => name.trim().to_owned(),
            (None, None) => String::new(),
        },
        documents: p
            .listpagodoc
            .iter()
            .filter_map(|d| d.document().map(|(t, n)| format!("{t}:{n}")))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base_url::BaseUrl;
    use crate::biller::Biller;

    #[test]
    fn each_service_reads_the_same_once_its_tag_is_known() {
        let samples: Vec<ZoomService> = [
            r#"{"service":"payment_records","query":{"reference":"R-1","paid_from":"2026-12-01"}}"#,
            r#"{"service":"button_start","payment":{"debt_id":"G-1","amount":"10.00","receipt":"R-1","cashier":"C-1","location":"L-1","balance":"20.00","extra":{"bank_account":"0102"}},"return_url":"https://shop.example/back"}"#,
            r#"{"service":"button_complete","receipt":"R-1"}"#,
            r#"{"service":"button_abandon","receipt":"R-1"}"#,
        ]
        .iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect();
        crate::services::assert_named_reader(&samples);
    }

    #[test]
    fn the_page_template_is_filled_url_encoded() {
        let base = BaseUrl::parse("http://127.0.0.1:8080/zoom/", false).unwrap();
        let back = "https://shop.test/vuelta?recibo=R 1&x=ñ";
        assert_eq!(
            fill_page(
                "megasoft/pagar?control={control}&retorno={return_url}",
                "6000000001",
                back,
                &base
            )
            .unwrap(),
            "http://127.0.0.1:8080/zoom/megasoft/pagar?control=6000000001&retorno=\
             https%3A%2F%2Fshop.test%2Fvuelta%3Frecibo%3DR+1%26x%3D%C3%B1"
        );
        assert_eq!(
            fill_page("https://pagos.test/p/{control}", "6000000001", back, &base).unwrap(),
            "https://pagos.test/p/6000000001"
        );
    }

    fn result(outcome: Outcome, sends: u32, rejection: Option<Rejection>) -> PaymentResult {
        PaymentResult {
            outcome,
            reference: PaymentRef {
                debt_id: "guide:1".into(),
                payment_id: None,
                receipt: "R".into(),
                amount: rust_decimal::Decimal::ONE,
                paid_at: chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap(),
            },
            currency: Currency::Ves,
            recovered: false,
            sends,
            state: None,
            rejection,
            evidence: vec![Evidence::new("getXmlWS", "APROBADA (estado A)")],
            unsaved: None,
        }
    }

    #[test]
    fn a_settled_payment_reads_as_its_button_state() {
        let paid = outcome_of("R", result(Outcome::Confirmed, 1, None));
        assert_eq!(paid.state, ButtonState::Paid);
        assert_eq!(paid.detail, "APROBADA (estado A)");
        // Approved at the bank, refused by Zoom: the money was taken, so it reads as paid
        // and the result says what Zoom did.
        let refused = Rejection {
            code: "CODE_002".into(),
            message: "x".into(),
            by_biller: true,
        };
        let zoom_refused = outcome_of("R", result(Outcome::Rejected, 1, Some(refused)));
        assert_eq!(zoom_refused.state, ButtonState::Paid);
        let declined = Rejection {
            code: "51".into(),
            message: "FONDO INSUFICIENTE".into(),
            by_biller: true,
        };
        let declined = outcome_of("R", result(Outcome::Rejected, 0, Some(declined)));
        assert_eq!(declined.state, ButtonState::Declined);
        assert_eq!(declined.detail, "FONDO INSUFICIENTE");
        let gone = Rejection {
            code: ABANDONED.into(),
            message: "left".into(),
            by_biller: false,
        };
        assert_eq!(
            outcome_of("R", result(Outcome::Rejected, 0, Some(gone))).state,
            ButtonState::Abandoned
        );
        let pending = settled(
            "R",
            Err(Error::Biller {
                biller_code: BUTTON_PENDING.into(),
                biller_message: "TRANSACCION PENDIENTE".into(),
                http_status: 200,
            }),
        )
        .unwrap();
        assert_eq!(pending.state, ButtonState::Pending);
        assert_eq!(pending.result, None);
        assert!(settled("R", Err(Error::Internal("x".into()))).is_err());
    }

    #[test]
    fn only_button_payments_settle_later() {
        let mut request = PaymentRequest::new("guide:1", rust_decimal::Decimal::ONE, "R", "C", "L");
        assert!(!super::super::Zoom::settles_later(&request));
        request.extra.insert("kind".into(), "button".into());
        // No control number: the bank cannot have been paid.
        assert!(!super::super::Zoom::settles_later(&request));
        request.extra.insert("control".into(), "6000000001".into());
        assert!(super::super::Zoom::settles_later(&request));
    }

    #[test]
    fn the_service_shapes_stay_as_the_bindings_know_them() {
        let start: ZoomService = serde_json::from_value(serde_json::json!({
            "service": "button_start",
            "payment": {"debt_id": "guide:1", "amount": "10.00", "receipt": "R",
                "cashier": "C", "location": "L"},
            "return_url": "https://shop.test/vuelta",
        }))
        .unwrap();
        assert!(matches!(start, ZoomService::ButtonStart { .. }));
        let outcome = ButtonOutcome {
            receipt: "R".into(),
            state: ButtonState::Pending,
            result: None,
            detail: "d".into(),
        };
        assert_eq!(
            serde_json::to_value(ZoomServiceReply::ButtonComplete { outcome }).unwrap(),
            serde_json::json!({"service": "button_complete", "outcome":
                {"receipt": "R", "state": "pending", "result": null, "detail": "d"}})
        );
    }
}
