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
use serde_json::Value;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Currency, format_amount, validate_amount};
use crate::validate;

use super::body::Body;
use super::config::ZoomConfig;
use super::create_pago::check_reference;
use super::envelope::{Expect, decode};
use super::kinds::{DocType, TransactionKind};

/// The filters; all optional. An empty request asks for every record the user may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InfoPagoRequest {
    pub idpago: Vec<i64>,
    pub idestatuspago: Vec<i64>,
    pub idempresa: Vec<i64>,
    pub idtipotransbanc: Vec<TransactionKind>,
    pub idcuentabanco: Vec<i64>,
    pub referencia: Vec<String>,
    pub codusuario: Vec<String>,
    pub fechapago_desde: Option<NaiveDate>,
    pub fechapago_hasta: Option<NaiveDate>,
    /// The record's creation date.
    pub fechacarga: Option<NaiveDate>,
    pub monto_total: Option<Decimal>,
    pub codoficina: Option<i64>,
    pub codcliente: Option<i64>,
    pub guia: Option<i64>,
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
    #[serde(with = "crate::wire::int")]
    pub idpago: i64,
    #[serde(with = "crate::wire::date_opt", default)]
    pub fechapago: Option<NaiveDate>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub idempresa: Option<i64>,
    /// 24 transfer, 25 pay button.
    #[serde(with = "crate::wire::int_opt", default)]
    pub idtipotransbanc: Option<i64>,
    /// 1 pending (see `listestatuspago` for the name).
    #[serde(with = "crate::wire::int_opt", default)]
    pub idestatuspago: Option<i64>,
    #[serde(with = "crate::money::wire::number")]
    pub montototal: Decimal,
    #[serde(with = "crate::wire::flag_opt", default)]
    pub conciliado: Option<bool>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub idconciliado: Option<i64>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub idcuentabanco: Option<i64>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub codbancoori: Option<i64>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub numcuentaori: Option<String>,
    #[serde(with = "crate::wire::text")]
    pub referencia: String,
    #[serde(with = "crate::wire::text_opt", default)]
    pub rifcipagador: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombrepagador: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub emailpagador: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    #[serde(with = "crate::wire::datetime_opt", default)]
    pub fechahoracarga: Option<NaiveDateTime>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub tipousuario: Option<String>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_iva: Option<Decimal>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_islr: Option<Decimal>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_tf: Option<Decimal>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_im: Option<Decimal>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_rs: Option<Decimal>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_nc_iva: Option<Decimal>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_nc_islr: Option<Decimal>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nro_control: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub factura: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub codafiliacion: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nro_tarjeta: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nro_terminal: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nro_lote: Option<String>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto_ret_total: Option<Decimal>,
    /// Pay button: the approval number (in `createPagoWs`' reply).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nro_aprobacion: Option<String>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub codoficinaret: Option<i64>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub suma_montosret: Option<Decimal>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listusuario: Option<Usuario>,
    #[serde(
        rename = "todosEnviosEntregados",
        with = "crate::wire::flag_opt",
        default
    )]
    pub todos_envios_entregados: Option<bool>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listestatuspago: Option<EstatusPago>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listempresa: Option<Empresa>,
    #[serde(with = "crate::wire::list", default)]
    pub listpagodoc: Vec<PagoDoc>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listcuentabanco: Option<CuentaBanco>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listbancoorigen: Option<Banco>,
    #[serde(with = "crate::wire::list", default)]
    pub listtrackingpago: Vec<TrackingPago>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listtipotransbancaria: Option<TipoTransBancaria>,
    #[serde(default)]
    pub listpagoarchivo: Option<Value>,
    #[serde(default)]
    pub listconciliacion: Option<Value>,
    #[serde(default)]
    pub listpagobanco: Option<Value>,
    #[serde(default)]
    pub listusuariocasint: Option<Value>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listusuarioge: Option<UsuarioGe>,
    #[serde(default)]
    pub listpagotarjetadetalle: Option<Value>,
}

impl PagoInfo {
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
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub codcliente: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub codoficina: Option<i64>,
}

/// `listestatuspago`: the payment status (`1`, `PENDIENTE`, `PE`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct EstatusPago {
    #[serde(with = "crate::wire::int_opt", default)]
    pub idestatuspago: Option<i64>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub siglas: Option<String>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub orden: Option<i64>,
}

/// `listempresa`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Empresa {
    #[serde(with = "crate::wire::int_opt", default)]
    pub codempresa: Option<i64>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
}

/// One document a payment covers (`listpagodoc`; createPagoWs' reply has the first four).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PagoDoc {
    #[serde(with = "crate::wire::int_opt", default)]
    pub id: Option<i64>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub idpago: Option<i64>,
    /// A guide number (a number in getInfoPagoWs, a string in createPagoWs).
    #[serde(with = "crate::wire::text_opt", default)]
    pub codguia: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub codfactura: Option<String>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto: Option<Decimal>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub notadebitocredito_id: Option<String>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listguia: Option<Guia>,
    /// Shape not documented (shown as `null`).
    #[serde(default)]
    pub listfactura: Option<Value>,
    /// Shape not documented (shown as `null`).
    #[serde(default)]
    pub listnota: Option<Value>,
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
    #[serde(with = "crate::wire::text_opt", default)]
    pub codguia: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub codcliente: Option<String>,
    #[serde(with = "crate::wire::date_opt", default)]
    pub fecha: Option<NaiveDate>,
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub totalpag: Option<Decimal>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub codservicio: Option<i64>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub codtipopag: Option<i64>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub codoficinaori: Option<i64>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listservicio: Option<Servicio>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listtipopago: Option<TipoPago>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listestatus: Option<EstatusGuia>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Servicio {
    #[serde(with = "crate::wire::int_opt", default)]
    pub codservicio: Option<i64>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub siglas: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TipoPago {
    #[serde(with = "crate::wire::int_opt", default)]
    pub codtipopag: Option<i64>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
}

/// A guide's shipping status (`7`, `ENTREGADO AL DESTINO`, `E`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct EstatusGuia {
    #[serde(with = "crate::wire::int_opt", default)]
    pub codestatus: Option<i64>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub siglas: Option<String>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub codtipo: Option<i64>,
}

/// `listcuentabanco`: the destination account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CuentaBanco {
    #[serde(with = "crate::wire::int_opt", default)]
    pub codcuentabanco: Option<i64>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub codbanco: Option<i64>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub codcuenta: Option<String>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listbanco: Option<Banco>,
}

/// A bank (`listbanco`, `listbancoorigen`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Banco {
    #[serde(with = "crate::wire::int_opt", default)]
    pub codbanco: Option<i64>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
}

/// One step of the payment's history (`listtrackingpago`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TrackingPago {
    #[serde(with = "crate::wire::int_opt", default)]
    pub idtrackingpago: Option<i64>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub idpago: Option<i64>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub idestatuspago: Option<i64>,
    #[serde(with = "crate::wire::datetime_opt", default)]
    pub fechahora: Option<NaiveDateTime>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub observacion: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub tipousuario: Option<String>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listusuario: Option<Usuario>,
}

/// `listtipotransbancaria` (`24`, `TRANSFERENCIA BANCARIA`, `TRANBAN`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TipoTransBancaria {
    #[serde(with = "crate::wire::int_opt", default)]
    pub id_tipotransbancaria: Option<i64>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub siglas: Option<String>,
}

/// `listusuarioge`: the GE user, with its web-client link.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct UsuarioGe {
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub codoficina: Option<i64>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub listclienteweb: Option<ClienteWeb>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ClienteWeb {
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    #[serde(with = "crate::wire::flag_opt", default)]
    pub master: Option<bool>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub codcliente: Option<String>,
}

impl Endpoint for InfoPagoRequest {
    type Config = ZoomConfig;
    type Response = Vec<PagoInfo>;
    const NAME: &'static str = "getInfoPagoWs";

    fn to_http(&self, config: &ZoomConfig) -> Result<HttpRequest, Error> {
        self.validate()?;
        let date = |d: &Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
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
                self.fechasync
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
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
