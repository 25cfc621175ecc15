//! `getInfoPagoWs` (GET or POST): electronic payment records, filtered.
//!
//! Every documented filter is here. The array filters (`idpago`, `idestatuspago`, `idempresa`,
//! `idtipotransbanc`, `idcuentabanco`, `referencia`, `codusuario`) are sent as arrays (PHP
//! `name[]=` in forms) even with one value; the others are scalars. Dates are `yyyy-mm-dd`
//! (a guess for `fechapagoDesde`, `fechapagoHasta` and `fechacarga`, which the document gives
//! no format for; `fechasync` is documented as `yyyy-mm-dd hh:ii`). `todosEnviosEntregados`
//! is sent as `1`/`0`.
//!
//! Sent as POST: the document allows GET too, but a GET would put the token in the URL, where
//! logs and `Debug` output keep URLs. `CODE_000` is an empty list.
//!
//! The reply's records have the nested shape the document shows (`listusuario`,
//! `listestatuspago`, `listpagodoc` with each document's `listguia`, ...). Parts the document
//! shows only as `null` or `[]` (`listfactura`, `listnota`, `listpagoarchivo`,
//! `listconciliacion`, `listpagobanco`, `listusuariocasint`, `listpagotarjetadetalle`) are kept
//! as raw JSON values.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::calendar;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Currency, format_amount, validate_amount};
use crate::validate;
use crate::wire::RawJson;

use super::body::Body;
use super::config::ZoomConfig;
use super::create_pago::check_reference;
use super::envelope::{Expect, decode};
use super::kinds::{DocType, TransactionKind};

/// The filters; all optional. An empty request asks for every record the user may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InfoPagoRequest {
    /// Payment numbers (`idpago[]`).
    pub idpago: Vec<i64>,
    /// Payment status codes (`idestatuspago[]`; 1 is pending).
    pub idestatuspago: Vec<i64>,
    /// Companies (`idempresa[]`; 1 is Zoom).
    pub idempresa: Vec<i64>,
    /// Transaction kinds (`idtipotransbanc[]`: 24 transfer, 25 pay button).
    pub idtipotransbanc: Vec<TransactionKind>,
    /// Destination bank accounts (`idcuentabanco[]`).
    pub idcuentabanco: Vec<i64>,
    /// Reference or transfer numbers (`referencia[]`): how a payment is found again.
    pub referencia: Vec<String>,
    /// Users who registered the payments (`codusuario[]`).
    pub codusuario: Vec<String>,
    /// Payments made on or after this day (`fechapagoDesde`).
    pub fechapago_desde: Option<NaiveDate>,
    /// Payments made on or before this day (`fechapagoHasta`).
    pub fechapago_hasta: Option<NaiveDate>,
    /// The record's creation date.
    pub fechacarga: Option<NaiveDate>,
    /// The total paid (`montoTotal`), in VES.
    pub monto_total: Option<Decimal>,
    /// The office of the user who registered the payment (`codoficina`).
    pub codoficina: Option<i64>,
    /// The customer code of the user who registered the payment (`codcliente`).
    pub codcliente: Option<i64>,
    /// A guide the payments cover (`guia`).
    pub guia: Option<i64>,
    /// An invoice the payments cover (`factura`).
    pub factura: Option<String>,
    /// Records created at or after this time (`yyyy-mm-dd hh:ii`).
    pub fechasync: Option<NaiveDateTime>,
    /// `true`: only payments whose guides were all delivered; `false`: the others.
    pub todos_envios_entregados: Option<bool>,
}

impl InfoPagoRequest {
    /// Records with this `referencia`.
    pub fn by_reference(referencia: impl Into<String>) -> Self {
        InfoPagoRequest {
            referencia: vec![referencia.into()],
            ..Default::default()
        }
    }

    fn validate(&self) -> Result<(), Error> {
        for (field, ids) in [
            ("idpago", &self.idpago),
            ("idestatuspago", &self.idestatuspago),
            ("idempresa", &self.idempresa),
            ("idcuentabanco", &self.idcuentabanco),
        ] {
            for id in ids {
                validate::positive_id(field, *id)?;
            }
        }
        for r in &self.referencia {
            check_reference("referencia", r)?;
        }
        for u in &self.codusuario {
            validate::code("codusuario", u.trim(), 32, &['-', '_'])?;
        }
        for (field, id) in [
            ("codoficina", self.codoficina),
            ("codcliente", self.codcliente),
            ("guia", self.guia),
        ] {
            if let Some(id) = id {
                validate::positive_id(field, id)?;
            }
        }
        if let Some(f) = &self.factura {
            validate::code("factura", f.trim(), 30, &['-'])?;
        }
        if let (Some(from), Some(to)) = (self.fechapago_desde, self.fechapago_hasta) {
            if from > to {
                return Err(Error::invalid(
                    "fechapagoDesde",
                    format!("{from} is after fechapagoHasta {to}"),
                ));
            }
        }
        if let Some(m) = self.monto_total {
            validate_amount(m, Currency::Ves, None)?;
        }
        Ok(())
    }
}

/// One payment record, as `getInfoPagoWs` lists it and as `createPagoWs` answers the record it
/// stored ([`super::CreatePagoResponse`] is this type): one type, so a payment reads the same
/// whichever service told of it.
///
/// The two services spell the codes differently: `createPagoWs` echoes them as strings
/// (`"idempresa": "1"`, `"idcuentabanco": "0"`), `getInfoPagoWs` writes numbers. The codes are
/// integers here, the type they are sent with, read from either spelling by the lenient
/// [`crate::wire::int_opt`]. What identifies the record (`idpago`, `referencia`) and its amount
/// (`montototal`) are required in both replies: a record without them proves nothing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PagoInfo {
    /// Zoom's payment number (`idpago`).
    #[serde(with = "crate::wire::int")]
    pub idpago: i64,
    /// The day the payment was made (`fechapago`).
    #[serde(with = "crate::wire::date_opt", default)]
    pub fechapago: Option<NaiveDate>,
    /// The company (`idempresa`; 1 is Zoom).
    #[serde(with = "crate::wire::int_opt", default)]
    pub idempresa: Option<i64>,
    /// 24 transfer, 25 pay button.
    #[serde(with = "crate::wire::int_opt", default)]
    pub idtipotransbanc: Option<i64>,
    /// 1 pending (see `listestatuspago` for the name).
    #[serde(with = "crate::wire::int_opt", default)]
    pub idestatuspago: Option<i64>,
    /// The amount paid, in VES (`montototal`).
    #[serde(with = "crate::money::wire::number")]
    pub montototal: Decimal,
    /// Whether Zoom has reconciled the payment (`conciliado`).
    #[serde(with = "crate::wire::flag_opt", default)]
    pub conciliado: Option<bool>,
    /// The reconciliation's id (`idconciliado`; `0` when not reconciled).
    #[serde(with = "crate::wire::int_opt", default)]
    pub idconciliado: Option<i64>,
    /// The destination bank account (`idcuentabanco`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub idcuentabanco: Option<i64>,
    /// The origin bank (`codbancoori`, transfers).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codbancoori: Option<i64>,
    /// The origin account number (`numcuentaori`; `null` in the examples).
    #[serde(with = "crate::wire::text_opt", default)]
    pub numcuentaori: Option<String>,
    /// The transfer number or pay-button identification number (`referencia`).
    #[serde(with = "crate::wire::text")]
    pub referencia: String,
    /// The payer's cédula or RIF (`rifcipagador`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub rifcipagador: Option<String>,
    /// The payer's name (`nombrepagador`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombrepagador: Option<String>,
    /// The payer's e-mail address (`emailpagador`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub emailpagador: Option<String>,
    /// The user who registered the payment (`codusuario`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    /// When the record was created (`fechahoracarga`).
    #[serde(with = "crate::wire::datetime_opt", default)]
    pub fechahoracarga: Option<NaiveDateTime>,
    /// The kind of user who registered it (`tipousuario`: `GE` or `UCI`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub tipousuario: Option<String>,
    /// VAT withheld (`monto_ret_iva`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_iva: Option<Decimal>,
    /// Income tax (ISLR) withheld (`monto_ret_islr`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_islr: Option<Decimal>,
    /// Fiscal stamps withheld (`monto_ret_tf`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_tf: Option<Decimal>,
    /// Municipal taxes withheld (`monto_ret_im`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_im: Option<Decimal>,
    /// Social-responsibility withholding (`monto_ret_rs`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_rs: Option<Decimal>,
    /// `monto_ret_nc_iva`: a VAT withholding on credit notes, as far as the name says (undocumented).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_nc_iva: Option<Decimal>,
    /// `monto_ret_nc_islr`: an ISLR withholding on credit notes, as far as the name says
    /// (undocumented).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_nc_islr: Option<Decimal>,
    /// Megasoft's control number (`nro_control`, pay button).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nro_control: Option<String>,
    /// The pay-button invoice number (`factura`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub factura: Option<String>,
    /// The affiliation code (`codafiliacion`, pay button).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codafiliacion: Option<String>,
    /// The masked card number (`nro_tarjeta`, pay button).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nro_tarjeta: Option<String>,
    /// The terminal number (`nro_terminal`, pay button).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nro_terminal: Option<String>,
    /// The batch number (`nro_lote`, pay button).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nro_lote: Option<String>,
    /// All withholdings together (`monto_ret_total`; `null` in the examples).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_total: Option<Decimal>,
    /// Pay button: the approval number (in `createPagoWs`' reply).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nro_aprobacion: Option<String>,
    /// The office the withholdings were registered at (`codoficinaret`; undocumented).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codoficinaret: Option<i64>,
    /// The withholdings added up (`suma_montosret`; undocumented).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub suma_montosret: Option<Decimal>,
    /// The user who registered the payment.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listusuario: Option<Usuario>,
    /// Whether every guide the payment covers was delivered (`todosEnviosEntregados`).
    #[serde(
        rename = "todosEnviosEntregados",
        with = "crate::wire::flag_opt",
        default
    )]
    pub todos_envios_entregados: Option<bool>,
    /// The payment status, with its name.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listestatuspago: Option<EstatusPago>,
    /// The company.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listempresa: Option<Empresa>,
    /// The documents the payment covers.
    #[serde(with = "crate::wire::list", default)]
    pub listpagodoc: Vec<PagoDoc>,
    /// The destination bank account, with its bank.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listcuentabanco: Option<CuentaBanco>,
    /// The origin bank (`listbancoorigen`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub listbancoorigen: Option<Banco>,
    /// The payment's history, step by step.
    #[serde(with = "crate::wire::list", default)]
    pub listtrackingpago: Vec<TrackingPago>,
    /// The transaction kind, with its name.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listtipotransbancaria: Option<TipoTransBancaria>,
    /// Shape not documented (shown as `null` or `[]`).
    #[serde(default)]
    pub listpagoarchivo: Option<RawJson>,
    /// Shape not documented (shown as `null` or `[]`).
    #[serde(default)]
    pub listconciliacion: Option<RawJson>,
    /// Shape not documented (shown as `null` or `[]`).
    #[serde(default)]
    pub listpagobanco: Option<RawJson>,
    /// Shape not documented (shown as `null` or `[]`).
    #[serde(default)]
    pub listusuariocasint: Option<RawJson>,
    /// The GE user who registered the payment, when it was one.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listusuarioge: Option<UsuarioGe>,
    /// Shape not documented (shown as `null` or `[]`).
    #[serde(default)]
    pub listpagotarjetadetalle: Option<RawJson>,
}

impl PagoInfo {
    /// The transaction kind, when its code is one the document lists.
    pub fn kind(&self) -> Option<TransactionKind> {
        self.idtipotransbanc.and_then(TransactionKind::from_code)
    }

    /// The status's name (`PENDIENTE`), when the record carries it.
    pub fn status_name(&self) -> Option<&str> {
        self.listestatuspago
            .as_ref()
            .and_then(|s| s.nombre.as_deref())
    }
}

/// `listusuario`: the user who registered the payment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Usuario {
    /// The user's code (`codusuario`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    /// The user's customer code (`codcliente`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codcliente: Option<String>,
    /// The user's name (`nombre`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    /// The user's office (`codoficina`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codoficina: Option<i64>,
}

/// `listestatuspago`: the payment status (`1`, `PENDIENTE`, `PE`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct EstatusPago {
    /// The status code (`idestatuspago`; 1 is pending).
    #[serde(with = "crate::wire::int_opt", default)]
    pub idestatuspago: Option<i64>,
    /// The status's name (`nombre`, `PENDIENTE`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    /// The status's abbreviation (`siglas`, `PE`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub siglas: Option<String>,
    /// The status's display order (`orden`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub orden: Option<i64>,
}

/// `listempresa`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Empresa {
    /// The company's code (`codempresa`; 1 is Zoom).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codempresa: Option<i64>,
    /// The company's name (`nombre`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
}

/// One document a payment covers (`listpagodoc`; createPagoWs' reply has the first four).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PagoDoc {
    /// The row's id (`id`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub id: Option<i64>,
    /// The payment it belongs to (`idpago`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub idpago: Option<i64>,
    /// A guide number (a number in getInfoPagoWs, a string in createPagoWs).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codguia: Option<String>,
    /// An invoice number (`codfactura`), when the document is an invoice.
    #[serde(with = "crate::wire::text_opt", default)]
    pub codfactura: Option<String>,
    /// The amount applied to the document, in VES (`monto`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto: Option<Decimal>,
    /// A credit note's id (`notadebitocredito_id`), when the document is one.
    #[serde(with = "crate::wire::text_opt", default)]
    pub notadebitocredito_id: Option<String>,
    /// The guide, when the document is one.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listguia: Option<Guia>,
    /// Shape not documented (shown as `null`).
    #[serde(default)]
    pub listfactura: Option<RawJson>,
    /// Shape not documented (shown as `null`).
    #[serde(default)]
    pub listnota: Option<RawJson>,
}

impl PagoDoc {
    /// The document's type and number, from whichever of `codguia`, `codfactura` and
    /// `notadebitocredito_id` is set.
    pub fn document(&self) -> Option<(DocType, &str)> {
        fn set(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        set(&self.codguia)
            .map(|n| (DocType::Guide, n))
            .or_else(|| set(&self.codfactura).map(|n| (DocType::Invoice, n)))
            .or_else(|| set(&self.notadebitocredito_id).map(|n| (DocType::CreditNote, n)))
    }
}

/// `listguia`: the guide paid.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Guia {
    /// The guide number (`codguia`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codguia: Option<String>,
    /// The customer the guide is billed to (`codcliente`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codcliente: Option<String>,
    /// The guide's date (`fecha`).
    #[serde(with = "crate::wire::date_opt", default)]
    pub fecha: Option<NaiveDate>,
    /// The guide's total to pay, in VES (`totalpag`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub totalpag: Option<Decimal>,
    /// The shipping service's code (`codservicio`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codservicio: Option<i64>,
    /// The payment type's code (`codtipopag`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codtipopag: Option<i64>,
    /// The origin office (`codoficinaori`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codoficinaori: Option<i64>,
    /// The shipping service, with its name.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listservicio: Option<Servicio>,
    /// The payment type, with its name.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listtipopago: Option<TipoPago>,
    /// The guide's shipping status.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listestatus: Option<EstatusGuia>,
}

/// A shipping service (`listservicio`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Servicio {
    /// The service's code (`codservicio`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codservicio: Option<i64>,
    /// The service's name (`nombre`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    /// The service's abbreviation (`siglas`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub siglas: Option<String>,
}

/// A guide's payment type (`listtipopago`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TipoPago {
    /// The payment type's code (`codtipopag`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codtipopag: Option<i64>,
    /// The payment type's name (`nombre`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
}

/// A guide's shipping status (`7`, `ENTREGADO AL DESTINO`, `E`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct EstatusGuia {
    /// The status code (`codestatus`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codestatus: Option<i64>,
    /// The status's name (`nombre`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    /// The status's abbreviation (`siglas`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub siglas: Option<String>,
    /// The status's type code (`codtipo`; undocumented).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codtipo: Option<i64>,
}

/// `listcuentabanco`: the destination account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CuentaBanco {
    /// The account's code (`codcuentabanco`), the `idcuentabanco` of payments.
    #[serde(with = "crate::wire::int_opt", default)]
    pub codcuentabanco: Option<i64>,
    /// The bank's code (`codbanco`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codbanco: Option<i64>,
    /// The account number (`codcuenta`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codcuenta: Option<String>,
    /// The bank, with its name.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listbanco: Option<Banco>,
}

/// A bank (`listbanco`, `listbancoorigen`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Banco {
    /// The bank's code (`codbanco`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codbanco: Option<i64>,
    /// The bank's name (`nombre`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
}

/// One step of the payment's history (`listtrackingpago`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TrackingPago {
    /// The step's id (`idtrackingpago`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub idtrackingpago: Option<i64>,
    /// The payment it belongs to (`idpago`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub idpago: Option<i64>,
    /// The status the payment took (`idestatuspago`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub idestatuspago: Option<i64>,
    /// When (`fechahora`).
    #[serde(with = "crate::wire::datetime_opt", default)]
    pub fechahora: Option<NaiveDateTime>,
    /// The user who made the change (`codusuario`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    /// A remark (`observacion`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub observacion: Option<String>,
    /// The kind of user who made the change (`tipousuario`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub tipousuario: Option<String>,
    /// The user who made the change, with their name.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listusuario: Option<Usuario>,
}

/// `listtipotransbancaria` (`24`, `TRANSFERENCIA BANCARIA`, `TRANBAN`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TipoTransBancaria {
    /// The kind's code (`id_tipotransbancaria`: 24 or 25).
    #[serde(with = "crate::wire::int_opt", default)]
    pub id_tipotransbancaria: Option<i64>,
    /// The kind's name (`nombre`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    /// The kind's abbreviation (`siglas`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub siglas: Option<String>,
}

/// `listusuarioge`: the GE user, with its web-client link.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct UsuarioGe {
    /// The user's code (`codusuario`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    /// The user's name (`nombre`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    /// The user's office (`codoficina`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub codoficina: Option<i64>,
    /// The web-client account linked to the user.
    #[serde(with = "crate::wire::object_opt", default)]
    pub listclienteweb: Option<ClienteWeb>,
}

/// `listclienteweb`: a GE user's link to a web-client account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ClienteWeb {
    /// The user's code (`codusuario`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    /// Whether the user is the account's master user (`master`).
    #[serde(with = "crate::wire::flag_opt", default)]
    pub master: Option<bool>,
    /// The customer code (`codcliente`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codcliente: Option<String>,
}

impl Endpoint for InfoPagoRequest {
    type Config = ZoomConfig;
    type Response = Vec<PagoInfo>;
    const NAME: &'static str = "getInfoPagoWs";

    fn to_http(&self, config: &ZoomConfig) -> Result<HttpRequest, Error> {
        self.validate()?;
        let date = |d: &Option<NaiveDate>| d.map(calendar::date_iso);
        Body::new()
            .ints("idpago", self.idpago.iter().copied())
            .ints("idestatuspago", self.idestatuspago.iter().copied())
            .ints("idempresa", self.idempresa.iter().copied())
            .ints(
                "idtipotransbanc",
                self.idtipotransbanc.iter().map(|k| k.code()),
            )
            .ints("idcuentabanco", self.idcuentabanco.iter().copied())
            .texts(
                "referencia",
                self.referencia.iter().map(|r| r.trim().to_owned()),
            )
            .texts(
                "codusuario",
                self.codusuario.iter().map(|u| u.trim().to_owned()),
            )
            .opt_text("fechapagoDesde", date(&self.fechapago_desde))
            .opt_text("fechapagoHasta", date(&self.fechapago_hasta))
            .opt_text("fechacarga", date(&self.fechacarga))
            .opt_text(
                "montoTotal",
                self.monto_total.map(|m| format_amount(m, Currency::Ves)),
            )
            .opt_int("codoficina", self.codoficina)
            .opt_int("codcliente", self.codcliente)
            .opt_int("guia", self.guia)
            .opt_text("factura", self.factura.as_deref().map(str::trim))
            .opt_text(
                "fechasync",
                self.fechasync.map(|t| calendar::datetime_minutes(&t)),
            )
            .opt_int(
                "todosEnviosEntregados",
                self.todos_envios_entregados.map(i64::from),
            )
            .post(
                config.base_url.join(&config.paths.info_pago)?,
                config.encoding,
            )
    }

    /// `CODE_000` is an empty list.
    fn decode(response: &HttpResponse) -> Result<Vec<PagoInfo>, Error> {
        decode::<Vec<PagoInfo>>(response, Expect::Query, false).map(Option::unwrap_or_default)
    }
}
