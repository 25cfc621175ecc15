//! Cooplan (Bolivia: water and services cooperative) through PagoFácil Bolivia, "Especificaciones
//! Integración por API, Servicios - Cooplan", version 1.1.1.1 (19/11/2021).
//!
//! A collector looks a customer ("socio") up by contract, lists the contract's pending invoices
//! (one per billing period), pays one invoice in full, prints its invoice, reads the day's
//! collections and may reverse a payment. Amounts are BOB with two decimals. Every reply is
//! the envelope `{error, status, message, messageMostrar, messageSistema, values}` (success is
//! `error == 0`, see [`envelope`]) whose `values` changes type by endpoint.
//!
//! One module per endpoint, each with its request type, its `values` type and its decoding:
//! [`token`] (2.1, missing from the document), [`buscar_cliente`] (2.2 `api/buscarcliente
//! {Contrato}`), [`consultar_deuda`] (2.3 `api/consultardeuda {Contrato}`), [`realizar_pago`]
//! (2.4 `api/realizarpago {IdFactura, Periodo, Contrato, Monto, IdAsociado}`),
//! [`imprimir_factura`] (2.5 `api/imprimirfactura {IdFactura, IdCobranza}`),
//! [`reporte_cobranzas`] (2.6 `api/reportecobranzas {Fecha}`), [`revertir_pago`] (the second
//! 2.6, `api/revertirpago {IdFactura, IdCobranza}`). [`CooplanClient`] adds the token,
//! timeouts, read retries and the replay after a refused token; [`safe_payment`] the payment
//! and reversal flows that never lose or double a payment; [`probe`] what Cooplan's reads can
//! prove; [`DebtRef`] one string naming a debt to pay.
//!
//! # Decisions where the document is silent or contradicts itself
//! Each is a guess unless said otherwise, and each has its override in [`CooplanConfig`].
//! - **Token service** (missing section): `POST api/token` with `CodSeguridad`, `Login`, `Pwd`
//!   in the body; the reply is the envelope with the token at `values.accessToken` (PagoFácil's
//!   MasterQR API, which shares this envelope, answers its login so), else `values.token`, else
//!   `values` as a string. Override: [`Paths::token`], [`TokenService`] (field names, JSON
//!   pointers). An error envelope from it is [`crate::Error::Auth`] (credentials refused).
//! - **Token lifetime**: undocumented; one hour, replaced five minutes early.
//!   Override: `token_lifetime`, `token_refresh_margin`.
//! - **Expired token**: undocumented how it is reported. Taken as HTTP 401, or an error
//!   envelope whose `error` is listed in `auth_error_codes` (default `401`); either refreshes
//!   the token and replays the request once. That replay is safe for a payment only because a
//!   refused token means the request was not processed: list only codes that mean exactly that.
//! - **Auth header**: spelled `autorizacion` (2.2, 2.5) and `authorization` (2.3); absent from
//!   2.4, 2.6. A Cooplan that reads only one spelling refuses every call without it, so
//!   `Bearer <token>` is sent under both `Authorization` and `autorizacion` on every call except
//!   the token's. Override: `auth_headers`.
//! - **A write's success**: `error` 0 *and* `status` 1, as every example shows; any other
//!   `status` with `error` 0 is not taken as a confirmation: the payment is checked like a lost
//!   reply.
//! - **Settle delay**: at least [`SETTLE_FLOOR`] (1 s) before asking about a lost reply.
//! - **Request encoding**: not stated (`Entrada: Contrato = "345"`). JSON by default, with the
//!   value types of the examples (`IdFactura` a number, `Periodo`, `Contrato`, `IdAsociado`
//!   text). Override: `encoding` ([`BodyEncoding::Form`]).
//! - **Amounts**: text in replies (`"136.76"`), a number in the example request
//!   (`Monto = 145.7`): written as a JSON number with exactly two decimals (`145.70`); read from
//!   text or number, never through a float. Override: `amount_json` ([`JsonScalar::Text`]).
//! - **IdCobranza**: text in `realizarpago`'s reply and `imprimirfactura`'s example, a number in
//!   `revertirpago`'s example; read as either. Sent as each endpoint's example shows: text to
//!   `imprimirfactura`, a number to `revertirpago` (text when the id has a leading zero, which a
//!   number cannot carry). `id_cobranza_json = Number` sends a number to both.
//! - **IdAsociado** ("Id Cliente Empresa"): no endpoint names it. `consultardeuda`'s `ID` is
//!   taken for it ([`PaymentRequest::for_debt`], [`DebtRef::from_deuda`]); callers who know
//!   better pass their own.
//! - **Monto**: "Monto de la deuda pendiente": an invoice is paid in full; the amount may not
//!   exceed the debt's `montoTotal` when the caller gives it as the balance.
//! - **Collections report**: its only example answers a plain string. A list in `values` is read
//!   as the day's collections ([`reporte_cobranzas`]: `IdCobranza`, `IdFactura`, `Periodo`,
//!   `Contrato`, `IdAsociado`, `Monto`, `FechaPagoEmpresa`, `Estado` with `0` = reversed); any
//!   other `values` is kept as text and proves nothing.
//! - **imprimirfactura** answers a confirmation string in the example: kept as text, and
//!   retried like a read (printing changes nothing at the biller as far as the document says).
//! - **revertirpago** succeeds with `values: 1`; `error 0` with another `values` is treated as
//!   a garbled reply and resolved by asking the biller.
//! - **Dates**: `FechaPagoEmpresa` `dd/mm/yyyy hh:mm:ss` and report `Fecha` `yyyy-mm-dd` are
//!   Bolivian wall-clock time (UTC-4). Override: `utc_offset`.
//! - **Live URI** is plain `http://`: refused ([`crate::Error::InsecureUrl`]) unless the caller
//!   passes `allow_insecure_http` ([`CooplanConfig::live`]); the sandbox (`https`) is the default.
//! - **Duplicate guard**: Cooplan documents none. The natural one is that a paid invoice is no
//!   longer pending; the simulator refuses paying it again, the real biller may not.
//!
//! # What recovery can and cannot prove
//! There is no status call. After a lost or garbled `realizarpago`, [`probe`] weighs two reads:
//! - *Confirmed* needs the collections report to list a collection in effect of our invoice,
//!   period, contract and amount, with the debt no longer pending (or unknown). The row gives
//!   the `IdCobranza`. A row recorded more than `clock_tolerance` (10 minutes) before our first
//!   send is someone else's and never confirms ours. Recovery cannot prove that a row recorded
//!   after we sent is ours rather than another cashier's payment of the same invoice through the
//!   same account in those minutes; two such rows need review.
//! - *Absent* (resend allowed) needs the debt still pending **and** every report asked to list
//!   the day's collections without ours. With a report that answers text (as the document's
//!   does), a pending debt alone is not proof: a payment still in flight past `settle_delay`
//!   could land after the check and, with no documented duplicate guard, be paid twice. Such a
//!   payment needs review unless `recovery_trusts_debts_alone` is set.
//! - A debt no longer pending without a report naming our collection means the invoice was paid,
//!   *not necessarily by us*: needs review.
//! - A reversal is confirmed by the debt pending again (unless the report still shows the
//!   collection in effect), absent when the debt is not pending and the report shows the
//!   collection in effect, otherwise needs review. Without the contract only the report can
//!   tell.
//!
//! Every step is kept as evidence in the report.


pub mod collect;
pub mod discover;
pub mod buscar_cliente;
pub mod config;
pub mod consultar_deuda;
pub mod dates;
pub mod debt_ref;
pub mod envelope;
pub mod imprimir_factura;
pub mod inputs;
pub mod probe;
pub mod realizar_pago;
pub mod reporte_cobranzas;
pub mod revertir_pago;
pub mod safe_payment;
pub mod token;

mod body;
pub mod services;

mod client;

pub use crate::endpoint::Endpoint;
pub use crate::recovery::RecoveryPolicy;
pub use buscar_cliente::{BuscarClienteRequest, Cliente};
pub use client::CooplanClient;
pub use config::{
    BodyEncoding, CooplanConfig, Credentials, Environment, JsonScalar, Paths, SETTLE_FLOOR,
    TokenService,
};
pub use consultar_deuda::{ConsultarDeudaRequest, Deuda};
pub use debt_ref::DebtRef;
pub use envelope::{AnyText, Envelope};
pub use imprimir_factura::ImprimirFacturaRequest;
pub use realizar_pago::{PagoRealizado, RealizarPagoRequest};
pub use reporte_cobranzas::{Cobranza, ReporteCobranzas, ReporteCobranzasRequest};
pub use revertir_pago::RevertirPagoRequest;
pub use safe_payment::{PaymentReport, PaymentRequest, ReversalReport, ReversalRequest};
pub use token::{TokenReply, TokenRequest};
pub use collect::{Cooplan, CooplanOptions};
pub use services::{
    CooplanCollection, CooplanCollectionsReport, CooplanInvoice, CooplanService, CooplanServiceReply,
};
