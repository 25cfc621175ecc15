//! Estado de cuenta (CU-03): `POST api/recaudadores/estadocuenta` `{cliente, idcommerce}`.
//!
//! The customer's header (`datosCliente`), invoices (`facturas`) and phones (`telefonos`). An
//! invoice's `id` is the `secuencial` a payment is registered against. Text fields are kept
//! verbatim (the document's sample pads some with spaces); fields beyond the ones a payment needs
//! are optional so that a biller omitting one does not stop a collection. They are read with
//! [`crate::wire`]'s lenient codecs (`null`, `""`, a number for text and text for a number, an
//! ISO date-time for a date; `facturas` and `telefonos` `null` are empty). What a payment
//! depends on stays required: an invoice's `id`, `valor_pagar` and `deuda_tot_conpro`.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};

use super::config::UnicomerConfig;
use super::envelope::decode_envelope;
use crate::endpoint::Endpoint;
use crate::validate;

/// `POST api/recaudadores/estadocuenta` (CU-03): a customer's account statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EstadoCuentaRequest {
    /// The customer's identification number (cédula/RUC).
    pub cliente: String,
    /// The collector's id at Unicomer (`idcommerce`).
    pub idcommerce: String,
}

/// `data.estado_cuenta` of the reply: the customer and their instalment credits.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct EstadoCuenta {
    /// `null` (or `""`, `[]`) is an empty header: it is shown to people, never used to decide.
    /// A missing one fails, so that an empty object is never read as a statement.
    #[serde(rename = "datosCliente", with = "crate::wire::or_default")]
    pub datos_cliente: DatosCliente,
    /// The customer's open instalment credits (`facturas`), each payable by its `id`.
    #[serde(with = "crate::wire::list", default)]
    pub facturas: Vec<Factura>,
    /// The customer's phone numbers (`telefonos`).
    #[serde(with = "crate::wire::list", default)]
    pub telefonos: Vec<Telefono>,
}

/// The statement's header (`datosCliente`): who the customer is, for display.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct DatosCliente {
    /// `tipo_campana`, a campaign type the document does not describe.
    #[serde(with = "crate::wire::int_opt")]
    pub tipo_campana: Option<i64>,
    /// The customer's identification number (`cl_cedruc`: cédula or RUC).
    #[serde(with = "crate::wire::text_opt")]
    pub cl_cedruc: Option<String>,
    /// The customer's given names (`cl_nombres`).
    #[serde(with = "crate::wire::text_opt")]
    pub cl_nombres: Option<String>,
    /// The customer's surnames (`cl_apellidos`).
    #[serde(with = "crate::wire::text_opt")]
    pub cl_apellidos: Option<String>,
    /// The customer's address, first line (`cl_direcc1`).
    #[serde(with = "crate::wire::text_opt")]
    pub cl_direcc1: Option<String>,
    /// The customer's address, second line (`cl_direcc2`).
    #[serde(with = "crate::wire::text_opt")]
    pub cl_direcc2: Option<String>,
    /// The customer's city (`ciudadcliente`).
    #[serde(with = "crate::wire::text_opt")]
    pub ciudadcliente: Option<String>,
    /// The kind of identification (`tipo_doc`, e.g. `CEDULA`, padded with spaces).
    #[serde(with = "crate::wire::text_opt")]
    pub tipo_doc: Option<String>,
    /// The customer's sex (`sexo`), as Unicomer writes it.
    #[serde(with = "crate::wire::text_opt")]
    pub sexo: Option<String>,
    /// The customer's e-mail address (`cl_email`).
    #[serde(with = "crate::wire::text_opt")]
    pub cl_email: Option<String>,
}

impl DatosCliente {
    /// Names and surnames joined and trimmed, for display.
    pub fn full_name(&self) -> String {
        [&self.cl_nombres, &self.cl_apellidos]
            .iter()
            .filter_map(|p| p.as_deref().map(str::trim))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One instalment credit (an invoice).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Factura {
    /// The `secuencial` to pay this invoice with.
    #[serde(with = "crate::wire::int")]
    pub id: i64,
    /// The invoice number (`factura`); the full printed number is `factura_full`.
    #[serde(with = "crate::wire::int_opt", default)]
    pub factura: Option<i64>,
    /// The credit operation's number (`operacion`, a JSON number with a decimal point).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub operacion: Option<Decimal>,
    /// The customer's identification number (`cliente`), as in the header.
    #[serde(with = "crate::wire::text_opt", default)]
    pub cliente: Option<String>,
    /// When the credit was granted (`credito_fch`).
    #[serde(with = "crate::wire::datetime_opt", default)]
    pub credito_fch: Option<NaiveDateTime>,
    /// The amount financed, in USD (`credito_valor`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub credito_valor: Option<Decimal>,
    /// How many items were bought (`item_cant`, a decimal in the example).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub item_cant: Option<Decimal>,
    /// What was bought (`item_desc`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub item_desc: Option<String>,
    /// The printed invoice number (`factura_full`: establishment, emission point, sequence).
    #[serde(with = "crate::wire::text_opt", default)]
    pub factura_full: Option<String>,
    /// The instalment's amount, in USD (`credito_cuota`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub credito_cuota: Option<Decimal>,
    /// The credit's term, in instalments (`credito_plazo`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub credito_plazo: Option<i64>,
    /// Next due date.
    #[serde(with = "crate::wire::date_opt", default)]
    pub prox_fecvto: Option<NaiveDate>,
    /// Days in arrears (`dias_mora`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub dias_mora: Option<i64>,
    /// Instalments paid (`cuotas_pagadas`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub cuotas_pagadas: Option<i64>,
    /// Instalments still to pay (`cuotas_pendientes`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub cuotas_pendientes: Option<i64>,
    /// Instalments overdue (`cuotas_vencidas`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub cuotas_vencidas: Option<i64>,
    /// The overdue amount, in USD (`monto_vencido`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_vencido: Option<Decimal>,
    /// Collection charges, in USD (`recargo_gasto`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub recargo_gasto: Option<Decimal>,
    /// Default interest, in USD (`interes_mora`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub interes_mora: Option<Decimal>,
    /// What is due now.
    #[serde(with = "crate::money::wire::number")]
    pub valor_pagar: Decimal,
    /// The outstanding debt before `deuda_tot_conpro`'s adjustment (`deuda_tot_sinpro`; the
    /// document does not say which adjustment, the example shows both equal).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub deuda_tot_sinpro: Option<Decimal>,
    /// The whole outstanding debt: no payment may exceed it.
    #[serde(with = "crate::money::wire::number")]
    pub deuda_tot_conpro: Decimal,
    /// Whether the credit had an initial payment (`tiene_inicial`, `S` or `N`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub tiene_inicial: Option<String>,
    /// Whether the credit is in arrears (`tiene_mora`, `S` or `N`); see [`Factura::in_arrears`].
    #[serde(with = "crate::wire::text_opt", default)]
    pub tiene_mora: Option<String>,
    /// A commission percentage (`porc_comision`); the document does not say whose.
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub porc_comision: Option<Decimal>,
    /// The store chain that sold the credit (`cadena`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub cadena: Option<String>,
}

impl Factura {
    /// `item_desc` and `factura_full`, trimmed, for display.
    pub fn description(&self) -> String {
        let item = self.item_desc.as_deref().map(str::trim).unwrap_or("");
        match self.factura_full.as_deref().map(str::trim) {
            Some(full) if !full.is_empty() && !item.is_empty() => format!("{item} ({full})"),
            Some(full) if !full.is_empty() => full.to_owned(),
            _ => item.to_owned(),
        }
    }

    /// `tiene_mora == "S"`.
    pub fn in_arrears(&self) -> bool {
        self.tiene_mora
            .as_deref()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("S"))
    }
}

/// One of the customer's phone numbers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Telefono {
    /// `null` or missing is `""`.
    #[serde(with = "crate::wire::text_or_empty", default)]
    pub telefono: String,
}

#[derive(Deserialize)]
struct Data {
    estado_cuenta: EstadoCuenta,
}

impl Endpoint for EstadoCuentaRequest {
    type Config = UnicomerConfig;
    const NAME: &'static str = "estadocuenta";
    type Response = EstadoCuenta;

    fn to_http(&self, config: &UnicomerConfig) -> Result<HttpRequest, Error> {
        validate::text("cliente", &self.cliente, 32)?;
        if !self
            .cliente
            .trim()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(Error::invalid(
                "cliente",
                "must be an identification number (letters, digits and `-` only)",
            ));
        }
        validate::text("idcommerce", &self.idcommerce, 64)?;
        HttpRequest::new(
            Method::Post,
            config.base_url.join(&config.paths.estado_cuenta)?,
        )
        .json(self)
    }

    fn decode(response: &HttpResponse) -> Result<EstadoCuenta, Error> {
        decode_envelope::<Data>(response).map(|d| d.estado_cuenta)
    }
}
