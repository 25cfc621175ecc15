//! `getMontoDocWs` (POST `token`, `tipoDoc`, `nroDoc`): a document's amounts, "siempre y cuando
//! los documentos No se encuentren anulados y No tengan estatus finales".
//!
//! The reply's `entidadRespuesta` is a list (one entry per document found). `CODE_000` (no
//! data) is an empty list: the document does not exist, is cancelled, or is final (paid).
//! Amounts arrive as strings (`"5143"`, `"4390.00"`, `"526.8"`) and are read exactly.
//! `montopagar` is what is still owed; `fecha` (`yyyymmdd`) is the creation date, which is also
//! what `createPagoWs`' `sortDoc` orders documents by.
//!
//! The document lists `vs_ret_tf` twice; the second ("Responsabilidad Social") is `vs_ret_rs`
//! in its example, which is what is read.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::wire::Many;

use super::body::Body;
use super::config::ZoomConfig;
use super::envelope::{Expect, decode};
use super::kinds::{DocRef, DocType, check_doc_number};

/// `getMontoDocWs`: what one document (guide, invoice or credit note) still owes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MontoDocRequest {
    /// The document asked about.
    pub doc: DocRef,
}

/// One document's amounts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct MontoDoc {
    /// `tipoDoc` as sent back (`"1"`).
    #[serde(rename = "tipoDoc", with = "crate::wire::text")]
    pub tipo_doc: String,
    /// `nroDoc` as sent back.
    #[serde(rename = "nroDoc", with = "crate::wire::text")]
    pub nro_doc: String,
    /// The document's total.
    #[serde(with = "crate::money::wire::number")]
    pub montodoc: Decimal,
    /// Paid so far (partial payments).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub totalpagado: Option<Decimal>,
    /// Still owed: no payment of this document may exceed it.
    #[serde(with = "crate::money::wire::number")]
    pub montopagar: Decimal,
    /// Creation date (`yyyymmdd`).
    #[serde(with = "crate::wire::date_opt", default)]
    pub fecha: Option<NaiveDate>,
    /// The document's taxable base (`base_imp`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub base_imp: Option<Decimal>,
    /// The document's total VAT (`totaliva`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub totaliva: Option<Decimal>,
    /// Suggested VAT withholding (75%).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub vs_ret_iva: Option<Decimal>,
    /// Suggested income-tax withholdings (2%, 3%, 5%).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub vs_ret_islr_2: Option<Decimal>,
    /// Suggested income-tax withholding at 3% (`vs_ret_islr_3`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub vs_ret_islr_3: Option<Decimal>,
    /// Suggested income-tax withholding at 5% (`vs_ret_islr_5`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub vs_ret_islr_5: Option<Decimal>,
    /// Suggested municipal-tax withholding.
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub vs_ret_im: Option<Decimal>,
    /// Suggested fiscal-stamp withholding.
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub vs_ret_tf: Option<Decimal>,
    /// Suggested social-responsibility withholding.
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub vs_ret_rs: Option<Decimal>,
}

impl MontoDoc {
    /// The document type, when the code is a documented one.
    pub fn doc_type(&self) -> Option<DocType> {
        self.tipo_doc
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(DocType::from_code)
    }

    /// The document as a collector names it, when its type is known.
    pub fn doc_ref(&self) -> Option<DocRef> {
        DocRef::new(self.doc_type()?, self.nro_doc.trim()).ok()
    }
}

impl Endpoint for MontoDocRequest {
    type Config = ZoomConfig;
    type Response = Vec<MontoDoc>;
    const NAME: &'static str = "getMontoDocWs";

    fn to_http(&self, config: &ZoomConfig) -> Result<HttpRequest, Error> {
        check_doc_number("nroDoc", &self.doc.number)?;
        Body::new()
            .int("tipoDoc", self.doc.doc_type.code())
            .text("nroDoc", self.doc.number.trim())
            .post(
                config.base_url.join(&config.paths.monto_doc)?,
                config.encoding,
            )
    }

    /// `CODE_000` is an empty list, and so is an `entidadRespuesta` of `null` or `""` (nothing
    /// owed: this answer can only stop a payment, never allow one); a single object instead of
    /// a list is taken as one entry.
    fn decode(response: &HttpResponse) -> Result<Vec<MontoDoc>, Error> {
        decode::<Many<MontoDoc>>(response, Expect::Query, false)
            .map(|list| list.map(|m| m.0).unwrap_or_default())
    }
}
