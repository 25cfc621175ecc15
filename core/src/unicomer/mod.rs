//! Unicomer Ecuador's "API Server" for collectors (recaudadores), document version 4.2.
//!
//! One module per endpoint, each holding its request type, its response type and its decoding:
//! [`token`] (SG-01), [`estado_cuenta`] (CU-03), [`registrar_pago`] (GC-02), [`reversa_pago`]
//! (GC-03), [`consultar_pago`] (GC-04), [`conciliacion`] (CU-02). [`UnicomerClient`] adds the
//! token, timeouts and read retries; [`safe_payment`] the payment and reversal flows that never
//! lose or double a payment.
//!
//! Amounts are USD with two decimals, written as JSON numbers with `.` as separator.
//!
//! # Decisions where the document is silent or contradicts itself
//! - **Path of registrar pago**: written `registrar pago` (with a space); default
//!   `api/recaudadores/registrarpago` like every other path. A guess: [`Paths`] overrides it.
//! - **reversapago / consultarpago encoding**: declared form-encoded, examples in JSON. Default
//!   JSON, like every other endpoint and the examples. A guess: [`BodyEncoding`] overrides it.
//! - **consultarpago key**: its example uses the original invoice `secuencial`; its prose says
//!   `idtrx`. A Unicomer following the other reading answers -1 for a payment it holds, so by
//!   default both keys are asked where both are known ([`StatusKey::Both`]) and recovery never
//!   believes a -1 alone: `conciliacion`, which lists `secuencial` and `num_recibo`, must agree
//!   (see [`safe_payment`]). [`StatusKey`] overrides it.
//! - **consultarpago's num_recibo**: its example answers `""`. A payment under our key is only
//!   called ours when a source shows our receipt number (`consultarpago` filled, or a
//!   `conciliacion` row).
//! - **Duplicate num_recibo**: described as the collector's unique code; recovery still resends
//!   only after two answers of absence from both sources, `confirm_absence_after` apart.
//! - **conciliacion date**: `yyyy-mm-dd` per its text (its example shows `dd-mm-yyyy`);
//!   [`ConciliacionDateFormat`] overrides it, and a refusal of one format is retried once in the
//!   other (`conciliacion_date_fallback`).
//! - **Settle delay**: at least [`SETTLE_FLOOR`] (1 s), whatever the configuration.
//! - **fch_proceso**: written `yyyy-mm-dd hh:mm:ss.000` as in the payment example, read with or
//!   without milliseconds; taken from the client's clock in UTC-5 (Ecuador) when not given.
//! - **Token expiry**: from `expires_in` minus a margin (5 minutes, at most half the lifetime),
//!   not from `.expires`, so a biller clock that disagrees with ours does not matter.
//! - **reversapago status -1**: "not possible to reverse": a biller refusal, kept verbatim.
//! - **Zombie (2), reversed (4) or sync problem (99) found while recovering a payment**: needs
//!   review. The document says such payments must not be sent again; it does not say they failed.


pub mod collect;
pub mod discover;
pub mod conciliacion;
pub mod config;
pub mod consultar_pago;
pub mod dates;
pub mod envelope;
pub mod estado_cuenta;
pub mod payment_key;
pub mod payment_state;
pub mod registrar_pago;
pub mod reversa_pago;
pub mod safe_payment;
pub mod token;

pub mod services;

mod client;

pub use crate::endpoint::Endpoint;
pub use crate::recovery::RecoveryPolicy;
pub use client::UnicomerClient;
pub use conciliacion::{ConciliacionRequest, EstadoFiltro, RegistroConciliacion};
pub use config::{
    BodyEncoding, ConciliacionDateFormat, Credentials, Environment, Paths, SETTLE_FLOOR, StatusKey,
    UnicomerConfig,
};
pub use consultar_pago::{ConsultarPagoRequest, ConsultarPagoResponse};
pub use estado_cuenta::{DatosCliente, EstadoCuenta, EstadoCuentaRequest, Factura, Telefono};
pub use payment_key::PaymentKey;
pub use payment_state::PaymentState;
pub use registrar_pago::{RegistrarPagoRequest, RegistrarPagoResponse};
pub use reversa_pago::{ReversaPagoRequest, ReversaPagoResponse};
pub use safe_payment::{PaymentReport, PaymentRequest, ReversalReport, ReversalRequest};
pub use token::{TokenRequest, TokenResponse};
pub use collect::{Unicomer, UnicomerOptions};
pub use services::{ReconciliationFilter, UnicomerRecord, UnicomerService, UnicomerServiceReply};
