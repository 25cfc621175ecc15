//! `createPagoWs` (POST): registers an electronic payment, by bank transfer (24) or pay button
//! (25), optionally spread over documents.
//!
//! The four document arrays `tipoDoc`, `nroDoc`, `monto` and `sortDoc` go together: "if any of
//! them has a value, all must be sent", one entry per document, so they are checked for all or
//! none and equal lengths before anything is built. Amounts are written as text with two
//! decimals and `.` (`montoTotal=1500.00`), `fechapago` as `yyyy-mm-dd` (the document's
//! suggested format), `sortDoc` as `yyyymmdd`. The payer's RIF/cédula, name and e-mail are
//! checked as [`super::payer`] describes. The pay-button fields (`nro_control` ... ) apply only
//! to kind 25 and are refused on a transfer. Whether the documents' amounts must add up to
//! `montoTotal` is not documented, so it is not checked.
//!
//! The reply (`COD_001`) is the stored record, with the new `idpago`. Zoom has no documented
//! duplicate guard: this module sends one request and must never be retried blindly. Use the
//! client's `pay`, which resolves a lost reply through `getInfoPagoWs`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::endpoint::Endpoint;
use crate::calendar;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Currency, format_amount, validate_amount};
use crate::validate;

use super::body::Body;
use super::config::ZoomConfig;
use super::envelope::{Expect, decode};
use super::info_pago::PagoInfo;
use super::kinds::{DocRef, DocType, TransactionKind, UserType, check_doc_number};
use super::payer::{check_email, check_name, check_rif};
use super::xml::XmlPago;

/// The pay-button fields of a payment (kind 25), all optional in the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ButtonDetails {
    /// Megasoft's control number (`nro_control`), from `getNroControlWS`.
    pub nro_control: Option<String>,
    /// The pay-button invoice number (`factura_bp`), from `getXmlWS`' `factura`.
    pub factura_bp: Option<String>,
    /// From getXmlWS (`cod_afiliacion`).
    pub codafiliacion: Option<String>,
    /// The card number, masked as getXmlWS gives it.
    pub nro_tarjeta: Option<String>,
    /// The terminal number (`nro_terminal`), from `getXmlWS`.
    pub nro_terminal: Option<String>,
    /// The batch number (`nro_lote`), from `getXmlWS`.
    pub nro_lote: Option<String>,
    /// The approval number (`nro_aprobacion`), from `getXmlWS`' `authid`.
    pub nro_aprobacion: Option<String>,
}

impl ButtonDetails {
    /// The fields as `getXmlWS` reports them ("se obtiene del servicio web getXmlWS").
    pub fn from_result(result: &XmlPago) -> Self {
        let some = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        ButtonDetails {
            nro_control: some(&result.control),
            factura_bp: some(&result.factura),
            codafiliacion: some(&result.cod_afiliacion),
            nro_tarjeta: some(&result.tarjeta),
            nro_terminal: some(&result.terminal),
            nro_lote: some(&result.lote),
            nro_aprobacion: some(&result.authid),
        }
    }

    /// Whether no pay-button field is set.
    pub fn is_empty(&self) -> bool {
        self.fields().iter().all(|(_, v)| v.is_none())
    }

    fn fields(&self) -> [(&'static str, &Option<String>); 7] {
        [
            ("nro_control", &self.nro_control),
            ("factura_bp", &self.factura_bp),
            ("codafiliacion", &self.codafiliacion),
            ("nro_tarjeta", &self.nro_tarjeta),
            ("nro_terminal", &self.nro_terminal),
            ("nro_lote", &self.nro_lote),
            ("nro_aprobacion", &self.nro_aprobacion),
        ]
    }
}

/// One document a payment covers, as the four parallel arrays' entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentPayment {
    /// The document paid (`tipoDoc` and `nroDoc`).
    pub doc: DocRef,
    /// The amount applied to it, in VES (`monto`).
    pub amount: Decimal,
    /// `sortDoc`: the date documents are ordered by (their creation date, `fecha`).
    pub sort_date: NaiveDate,
}

/// The request exactly as the document lists it, the four document arrays included as
/// parallel lists (see the module docs for the checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatePagoRequest {
    /// The company (`idempresa`; 1 is Zoom).
    pub idempresa: i64,
    /// The user registering the payment (`codusuario`, the login's `user_id`).
    pub codusuario: String,
    /// Bank transfer (24) or pay button (25).
    pub idtipotransbanc: TransactionKind,
    /// The destination bank account's code.
    pub idcuentabanco: i64,
    /// The origin bank's code (transfers).
    pub codbancoori: Option<i64>,
    /// The transfer number (transfers) or identification number (pay button).
    pub referencia: String,
    /// The payer's cédula or RIF (`rifcipagador`, `V-12345678`, `J-01234567-1`).
    pub rifcipagador: String,
    /// The payer's name (`nombrepagador`; the document forbids special characters).
    pub nombrepagador: String,
    /// The payer's e-mail address (`emailpagador`).
    pub emailpagador: String,
    /// The kind of user registering the payment (`tipousuario`, the login's `usuario_externo`).
    pub tipousuario: UserType,
    /// The day the payment was made (`fechapago`, `yyyy-mm-dd`).
    pub fechapago: NaiveDate,
    /// The amount paid, in VES (`montoTotal`).
    pub monto_total: Decimal,
    /// Each document's type (`tipoDoc[]`); the four arrays go together or not at all.
    pub tipo_doc: Vec<DocType>,
    /// Each document's number (`nroDoc[]`).
    pub nro_doc: Vec<String>,
    /// The amount applied to each document, in VES (`monto[]`).
    pub monto: Vec<Decimal>,
    /// Each document's ordering date (`sortDoc[]`, `yyyymmdd`).
    pub sort_doc: Vec<NaiveDate>,
    /// The pay-button fields (kind 25 only).
    pub button: ButtonDetails,
}

impl CreatePagoRequest {
    /// Sets the four arrays from one list of documents.
    pub fn with_documents(mut self, documents: &[DocumentPayment]) -> Self {
        self.tipo_doc = documents.iter().map(|d| d.doc.doc_type).collect();
        self.nro_doc = documents.iter().map(|d| d.doc.number.clone()).collect();
        self.monto = documents.iter().map(|d| d.amount).collect();
        self.sort_doc = documents.iter().map(|d| d.sort_date).collect();
        self
    }

    /// The request checked and normalised (trimmed text, upper-case RIF, amounts with two
    /// decimals), or the first problem found. Nothing is sent for a request that fails here.
    pub fn validated(&self, config: &ZoomConfig) -> Result<CreatePagoRequest, Error> {
        validate::positive_id("idempresa", self.idempresa)?;
        validate::code("codusuario", self.codusuario.trim(), 32, &['-', '_'])?;
        validate::positive_id("idcuentabanco", self.idcuentabanco)?;
        if let Some(b) = self.codbancoori {
            validate::positive_id("codbancoori", b)?;
        }
        check_reference("referencia", &self.referencia)?;
        let rif = check_rif(&self.rifcipagador)?;
        check_name(&self.nombrepagador, &config.payer_name_punctuation)?;
        check_email(&self.emailpagador)?;
        let monto_total = validate_amount(self.monto_total, Currency::Ves, None)?;
        let n = self.tipo_doc.len();
        let lengths = [
            ("tipoDoc", n),
            ("nroDoc", self.nro_doc.len()),
            ("monto", self.monto.len()),
            ("sortDoc", self.sort_doc.len()),
        ];
        if lengths.iter().any(|(_, l)| *l != n) {
            let shown: Vec<String> = lengths.iter().map(|(f, l)| format!("{f} {l}")).collect();
            return Err(Error::invalid(
                "tipoDoc/nroDoc/monto/sortDoc",
                format!(
                    "tipoDoc, nroDoc, monto and sortDoc go together: all or none, one entry \
                     per document each (got {})",
                    shown.join(", ")
                ),
            ));
        }
        for number in &self.nro_doc {
            check_doc_number("nroDoc", number.trim())?;
        }
        let monto = self
            .monto
            .iter()
            .map(|m| validate_amount(*m, Currency::Ves, None))
            .collect::<Result<Vec<_>, _>>()?;
        match self.idtipotransbanc {
            TransactionKind::Transfer if !self.button.is_empty() => {
                return Err(Error::invalid(
                    "idtipotransbanc",
                    "the pay-button fields (nro_control, ...) apply only to pay-button payments (25)",
                ));
            }
            _ => {}
        }
        let mut button = self.button.clone();
        for (name, value) in button.fields() {
            match value {
                // Checked below: a masked card number has `*`.
                Some(_) if name == "nro_tarjeta" => {}
                Some(v) => check_reference(name, v)?,
                None => {}
            }
        }
        if let Some(card) = &self.button.nro_tarjeta {
            let c = card.trim();
            if !(12..=19).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit() || b == b'*')
            {
                return Err(Error::invalid(
                    "nro_tarjeta",
                    "must be a card number, masked or not (digits and `*`, 12 to 19)",
                ));
            }
        }
        let trim = |v: &mut Option<String>| {
            if let Some(s) = v {
                *s = s.trim().to_owned();
            }
        };
        trim(&mut button.nro_control);
        trim(&mut button.factura_bp);
        trim(&mut button.codafiliacion);
        trim(&mut button.nro_tarjeta);
        trim(&mut button.nro_terminal);
        trim(&mut button.nro_lote);
        trim(&mut button.nro_aprobacion);
        Ok(CreatePagoRequest {
            idempresa: self.idempresa,
            codusuario: self.codusuario.trim().to_owned(),
            idtipotransbanc: self.idtipotransbanc,
            idcuentabanco: self.idcuentabanco,
            codbancoori: self.codbancoori,
            referencia: self.referencia.trim().to_owned(),
            rifcipagador: rif,
            nombrepagador: self.nombrepagador.trim().to_owned(),
            emailpagador: self.emailpagador.trim().to_owned(),
            tipousuario: self.tipousuario,
            fechapago: self.fechapago,
            monto_total,
            tipo_doc: self.tipo_doc.clone(),
            nro_doc: self.nro_doc.iter().map(|s| s.trim().to_owned()).collect(),
            monto,
            sort_doc: self.sort_doc.clone(),
            button,
        })
    }

    fn body(&self) -> Body {
        let amount = |d: &Decimal| format_amount(*d, Currency::Ves);
        let b = &self.button;
        Body::new()
            .int("idempresa", self.idempresa)
            .text("codusuario", self.codusuario.as_str())
            .int("idtipotransbanc", self.idtipotransbanc.code())
            .int("idcuentabanco", self.idcuentabanco)
            .opt_int("codbancoori", self.codbancoori)
            .text("referencia", self.referencia.as_str())
            .text("rifcipagador", self.rifcipagador.as_str())
            .text("nombrepagador", self.nombrepagador.as_str())
            .text("emailpagador", self.emailpagador.as_str())
            .text("tipousuario", self.tipousuario.code())
            .text("fechapago", calendar::date_iso(self.fechapago))
            .text("montoTotal", amount(&self.monto_total))
            .ints("tipoDoc", self.tipo_doc.iter().map(|t| t.code()))
            .texts("nroDoc", self.nro_doc.iter().cloned())
            .texts("monto", self.monto.iter().map(amount))
            .texts(
                "sortDoc",
                self.sort_doc.iter().map(|d| calendar::date_compact(*d)),
            )
            .opt_text("nro_control", b.nro_control.clone())
            .opt_text("factura_bp", b.factura_bp.clone())
            .opt_text("codafiliacion", b.codafiliacion.clone())
            .opt_text("nro_tarjeta", b.nro_tarjeta.clone())
            .opt_text("nro_terminal", b.nro_terminal.clone())
            .opt_text("nro_lote", b.nro_lote.clone())
            .opt_text("nro_aprobacion", b.nro_aprobacion.clone())
    }
}

/// References and pay-button codes: letters, digits, `-`, `_`, `/`, `.`, at most 40.
pub(crate) fn check_reference(field: &'static str, value: &str) -> Result<(), Error> {
    validate::code(field, value.trim(), 40, &['-', '_', '/', '.'])
}

/// `createPagoWs`' reply: the stored record, the same record `getInfoPagoWs` lists (see
/// [`PagoInfo`] for how the two services' spellings are read).
pub type CreatePagoResponse = PagoInfo;

impl Endpoint for CreatePagoRequest {
    type Config = ZoomConfig;
    type Response = CreatePagoResponse;
    const NAME: &'static str = "createPagoWs";

    fn to_http(&self, config: &ZoomConfig) -> Result<HttpRequest, Error> {
        self.validated(config)?.body().post(
            config.base_url.join(&config.paths.create_pago)?,
            config.encoding,
        )
    }

    /// `COD_001` with the record; `CODE_000` is a refusal here, not an empty result.
    fn decode(response: &HttpResponse) -> Result<CreatePagoResponse, Error> {
        decode::<CreatePagoResponse>(response, Expect::Insert, false)?.ok_or_else(|| {
            Error::decode("success without a record", &response.body, response.status)
        })
    }
}
