//! Cooplan's own services, beyond the unified flow (see [`crate::services`]):
//!
//! - `print_invoice`: `imprimirfactura` for a payment made (a receipt reprint). The document
//!   shows its `values` as a plain confirmation string; what a real invoice looks like (a URL,
//!   a document) is not shown, so the text is handed over as Cooplan wrote it, with the
//!   envelope's message;
//! - `collections_report`: `reportecobranzas` for a Bolivian calendar day. The document's only
//!   example answers a string, which lists nothing: the reply says so (`listed: false`,
//!   `text`) rather than pretending the day was empty.
//!
//! Both are reads: they change nothing at Cooplan as far as the document says.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::Error;
use crate::services::Payments;
use crate::transport::Transport;

use super::CooplanClient;
use super::reporte_cobranzas::{Cobranza, ReporteCobranzas};

crate::services::named_services! {
    /// A request to Cooplan's own services, tagged by `service`.
    pub enum CooplanService {
        /// `imprimirfactura`: a paid invoice, for a reprint.
        "print_invoice" => PrintInvoice {
            /// The invoice paid (`IdFactura`).
            invoice_id: i64,
            /// The collection id the payment returned (`IdCobranza`; the unified result's
            /// `payment_id`).
            collection_id: String,
        },
        /// `reportecobranzas`: the day's collections.
        "collections_report" => CollectionsReport {
            /// The Bolivian calendar day.
            #[cfg_attr(feature = "wasm", tsify(type = "string"))]
            #[serde(with = "crate::calendar::iso_date")]
            date: NaiveDate,
        },
    }
}

/// A reply from Cooplan's own services, tagged as its request was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum CooplanServiceReply {
    /// The invoice as Cooplan printed it.
    PrintInvoice {
        /// What Cooplan answered.
        invoice: CooplanInvoice,
    },
    /// The day's collections.
    CollectionsReport {
        /// The report.
        report: CooplanCollectionsReport,
    },
}

/// A printed invoice, as `imprimirfactura` answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct CooplanInvoice {
    /// The invoice asked for.
    pub invoice_id: i64,
    /// The collection it was paid by.
    pub collection_id: String,
    /// `values`, as text whatever its JSON type (the document shows a confirmation string).
    pub content: String,
    /// The envelope's `message`.
    pub message: String,
}

/// The collections report of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct CooplanCollectionsReport {
    /// The day asked about.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    #[serde(with = "crate::calendar::iso_date")]
    pub date: NaiveDate,
    /// Whether Cooplan listed the collections. `false`: it answered text (the document's
    /// example), which says nothing about any payment; `collections` is then empty.
    pub listed: bool,
    /// The collections, in Cooplan's order.
    pub collections: Vec<CooplanCollection>,
    /// The text Cooplan answered instead of a list.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub text: Option<String>,
}

/// One collection in the report; every field optional (the document shows no row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct CooplanCollection {
    /// The collection's id (`IdCobranza`).
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub collection_id: Option<String>,
    /// The invoice paid (`IdFactura`).
    #[cfg_attr(feature = "wasm", tsify(type = "number | null"))]
    pub invoice_id: Option<i64>,
    /// The billing period (`Periodo`, `yyyymm`).
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub period: Option<String>,
    /// The contract (`Contrato`).
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub contract: Option<String>,
    /// The amount collected, in BOB (`Monto`).
    #[serde(with = "crate::money::wire::string_opt", default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub amount: Option<Decimal>,
    /// When Cooplan recorded it (Bolivian wall-clock time).
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    // No `default`: tsify would make the field optional (`?`); core always writes it (`null`).
    #[serde(with = "crate::calendar::iso_datetime_opt")]
    pub recorded_at: Option<NaiveDateTime>,
    /// Whether the row marks a reversed collection.
    pub reversed: bool,
}

impl CooplanCollection {
    fn of(c: &Cobranza) -> Self {
        CooplanCollection {
            collection_id: c.id_cobranza.clone(),
            invoice_id: c.id_factura,
            period: c.periodo.clone(),
            contract: c.contrato.clone(),
            amount: c.monto,
            recorded_at: c.fecha_pago_empresa,
            reversed: c.is_reversed(),
        }
    }
}

impl<T: Transport, C: Clock> CooplanClient<T, C> {
    /// Answers one of Cooplan's own services (see the module docs). Neither takes money, so
    /// `payments` is not used.
    pub(super) async fn serve_cooplan(
        &self,
        request: CooplanService,
        _payments: &dyn Payments,
    ) -> Result<CooplanServiceReply, Error> {
        match request {
            CooplanService::PrintInvoice {
                invoice_id,
                collection_id,
            } => {
                let printed = self.print_invoice(invoice_id, &collection_id).await?;
                Ok(CooplanServiceReply::PrintInvoice {
                    invoice: CooplanInvoice {
                        invoice_id,
                        collection_id: collection_id.trim().to_owned(),
                        content: printed.values,
                        message: printed.message,
                    },
                })
            }
            CooplanService::CollectionsReport { date } => {
                let report = self.collections_report(date).await?;
                let (listed, collections, text) = match report {
                    ReporteCobranzas::Cobranzas(rows) => {
                        (true, rows.iter().map(CooplanCollection::of).collect(), None)
                    }
                    ReporteCobranzas::Texto(text) => (false, Vec::new(), Some(text)),
                };
                Ok(CooplanServiceReply::CollectionsReport {
                    report: CooplanCollectionsReport {
                        date,
                        listed,
                        collections,
                        text,
                    },
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_reads_the_same_once_its_tag_is_known() {
        let samples: Vec<CooplanService> = [
            r#"{"service":"print_invoice","invoice_id":7,"collection_id":"C-1"}"#,
            r#"{"service":"collections_report","date":"2026-12-01"}"#,
        ]
        .iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect();
        crate::services::assert_named_reader(&samples);
    }
}
