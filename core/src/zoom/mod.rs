//! Zoom International Services (Venezuela, courier): the electronic-payment web services.
//!
//! Zoom is a courier whose customers owe it for shipping guides, invoices and credit notes.
//! A collector looks up what a document still owes, registers a payment made by bank transfer
//! or through Megasoft's pay button, and queries payment records. Amounts are VES with two
//! decimals.
//!
//! One module per service, each holding its request type, its response type and its decoding:
//!
//! | service | module | what it does |
//! | --- | --- | --- |
//! | `LoginGenUEWs` | [`login`] | the token (not documented in Zoom's document) |
//! | `getNroControlWS` | [`nro_control`] | pay button: Megasoft control number and invoice |
//! | `getXmlWS` | [`xml`] | pay button: the payment's result by control number |
//! | `getMontoDocWs` | [`monto_doc`] | a guide's, invoice's or credit note's amounts |
//! | `createPagoWs` | [`create_pago`] | registers a payment (24 transfer, 25 pay button) |
//! | `getInfoPagoWs` | [`info_pago`] | payment records, by every documented filter |
//!
//! [`envelope`] decodes `{codrespuesta, mensaje, entidadRespuesta}` (and [`button`] the pay
//! button's `{sucess, Mensaje}`); [`body`] writes form or JSON bodies; [`payer`] checks the
//! payer's RIF/cédula, name and e-mail; [`kinds`] holds the code tables. [`ZoomClient`] adds
//! the token, timeouts and read retries; [`safe_payment`] the payment flow that never loses or
//! doubles a payment.
//!
//! # Decisions where the document is silent or contradicts itself
//! Each is a guess unless marked otherwise, and each can be overridden in [`ZoomConfig`].
//! - **Base URL**: not given. Required: [`ZoomConfig::new`] has no default (an empty URL is a
//!   `config` error).
//! - **Paths**: each service's name under the base URL ([`Paths`]); `LoginGenUEWs` defaults
//!   to `loginGenUEWs`, the spelling public integrations call (Laravel routes are
//!   case-sensitive). Override any in [`Paths`].
//! - **Body encoding**: the services are PHP and read forms or JSON. Default form, as public
//!   integrations send, with arrays in PHP's syntax (`tipoDoc[]=1&tipoDoc[]=2`); JSON writes
//!   integers as numbers, text and amounts as strings. [`BodyEncoding`] overrides it.
//! - **Login** (`LoginGenUEWs`, undocumented here): posts `login` and `claveenc` (the
//!   password) and reads `entidadRespuesta.token`, as public integrations do; any refusal is
//!   `auth`. A token supplied by Zoom ([`Credentials::Token`]) is used as is and never
//!   refreshed.
//! - **The collector's user** (`createPagoWs`' `codusuario`, `tipousuario`): taken from the
//!   login reply's `codusuario` (else `user_id`) and `tipousuario` (else `usuario_externo`,
//!   when it says `GE` or `UCI`), as the document points to `user_id` and `usuario_externo`.
//!   [`UserOverrides`] wins over the login, and is required with a direct token.
//! - **Token lifetime**: not documented. Default one hour ([`ZoomConfig::token_lifetime`]),
//!   refreshed 5 minutes early.
//! - **Expired token**: how Zoom reports it is not documented. One predicate,
//!   [`envelope::is_token_rejection`]: HTTP 401, a `CODE_002` naming the `token` field, or a
//!   `CODE_003` whose `tipoError` is a token/JWT exception (the services are Laravel with JWT).
//!   The client then logs in again and replays the call once; safe even for a payment because
//!   a refused token means the service did not run.
//! - **Pay-button inputs** (`getNroControlWS`, `getXmlWS`): not documented. Sent: the token,
//!   `monto` (two decimals) and `control` respectively, plus any extra fields; field names are
//!   in [`ButtonConfig`]. A pay-button reply with `sucess: false` and a text `Mensaje` is the
//!   error `sucess=false`.
//! - **The bank's pay-button page** (Megasoft's, where the customer pays by card): the one
//!   thing Megasoft's integration needs that the document does not give. Its URL is a guess of
//!   ours, so it is an option: [`ZoomOptions::button_page`] (`buttonPage` in JSON,
//!   [`ButtonConfig::page`]), a template with `{control}` and `{return_url}` filled URL-encoded
//!   (a template without a scheme is resolved under the base URL). Without it,
//!   `button_start` is a `config` error naming `buttonPage`. The way back from the page is
//!   never trusted: completing always asks `getXmlWS`.
//! - **The pay button as a payment** ([`services`]): journaled before the customer leaves for
//!   the bank (in flight, never sent; [`Zoom`]'s `settles_later` keeps it so while the bank
//!   has not settled it), registered by the safe payment once `getXmlWS` approves it for the
//!   journaled amount and control number (`createPagoWs` kind 25), closed as rejected when the
//!   bank declines (the bank's `codigo` and `descripcion`) or the customer abandons (code
//!   `abandoned`). A unified payment with `extra["kind"] = "button"` and `extra["control"]`
//!   takes the same path, so `resume` finishes a payment whose customer never came back. A
//!   customer who abandons while the bank still shows the transaction pending closes it: if
//!   the bank approved it later, a person must reconcile it (Zoom's records and the bank's).
//! - **getXmlWS' `monto`**: `"102425"` for what `getNroControlWS` wrote `"1024.00"` looks like
//!   implied cents. Default [`ButtonAmountCodec::ImpliedCents`] (digits only are cents; text
//!   with a point as written); the raw text is kept in `monto_raw`.
//! - **Amounts sent**: text with two decimals and `.` (`"1500.00"`); read from strings or
//!   numbers exactly (`"5143"`, `"769.17"`, `1500`).
//! - **Dates**: `fechapago` as `yyyy-mm-dd` (its "suggested format"), `sortDoc` as
//!   `yyyymmdd` (documented); `fechapagoDesde`/`fechapagoHasta`/`fechacarga` as `yyyy-mm-dd`;
//!   `fechasync` as `yyyy-mm-dd hh:ii` (documented). The default `fechapago` is today in
//!   Venezuela (UTC-4, [`ZoomConfig::utc_offset`]).
//! - **createPagoWs' document arrays**: all or none, equal lengths (documented), checked
//!   before sending. Whether their amounts must add up to `montoTotal` is not said: not
//!   checked. Pay-button fields on a transfer are refused.
//! - **RIF/cédula**: the document's formats `V-12345678` and `J-01234567-1`, generalised in
//!   [`payer`] (its regular expression is there); the check digit is not verified.
//! - **Payer's name**: "no special characters" is not defined: letters (accents and `ñ`
//!   included), digits, spaces and `.` ([`ZoomConfig::payer_name_punctuation`]).
//! - **getInfoPagoWs method**: GET or POST per the document; POST always, so the token never
//!   sits in a URL.
//! - **`CODE_000`** (no data) is an empty result for queries (getMontoDocWs: the document is
//!   unknown, cancelled or final) and an error anywhere else. A `CODE_002`'s field map and a
//!   `CODE_003`'s `{tipoError, info}` follow the message verbatim as JSON in
//!   [`Error::Biller`](crate::Error::Biller); [`FieldErrors::from_error`] and
//!   [`CallError::from_error`] read them back.
//! - **Payment statuses**: only 1 (pending) is documented; other codes are kept as numbers,
//!   with the name `listestatuspago` gives when present.
//!
//! # What recovery can and cannot prove
//! A `createPagoWs` whose reply is lost (or answered with `CODE_003` or a 5xx, which may come
//! after the record was stored) is checked with `getInfoPagoWs` by `referencia`: exactly one
//! record matching everything we sent proves it was made; records that are not exactly ours
//! need a person (never "absent"). Zoom has **no documented duplicate guard**: nothing at Zoom
//! refuses a second payment with the same reference, and a request may land after Zoom said
//! "none". So by default an absence is **not** resent: the payment needs review, and
//! `resume`/`review` ask again later (a late landing then becomes confirmed).
//! `recovery.resend_when_absent = true` states that your Zoom refuses a repeated referencia
//! (the simulator's `zoom.duplicate_referencia=refused` reading); recovery then resends after
//! two answers of absence. The settle delay is at least [`SETTLE_FLOOR`]. See [`safe_payment`].

pub mod body;
pub mod button;
pub mod collect;
pub mod config;
pub mod create_pago;
pub mod discover;
pub mod envelope;
pub mod info_pago;
pub mod kinds;
pub mod login;
pub mod monto_doc;
pub mod nro_control;
pub mod payer;
pub mod safe_payment;
pub mod wire;
pub mod xml;

pub mod services;

mod client;

pub use crate::endpoint::Endpoint;
pub use crate::recovery::RecoveryPolicy;
pub use button::ButtonAmountCodec;
pub use client::{SessionUser, ZoomClient};
pub use collect::{Zoom, ZoomOptions};
pub use config::{
    BodyEncoding, ButtonConfig, Credentials, Paths, SETTLE_FLOOR, UserOverrides, ZoomConfig,
};
pub use create_pago::{ButtonDetails, CreatePagoRequest, CreatePagoResponse, DocumentPayment};
pub use envelope::{CallError, FieldErrors, ZoomCode};
pub use info_pago::{InfoPagoRequest, PagoDoc, PagoInfo};
pub use kinds::{DocRef, DocType, TransactionKind, UserType};
pub use login::{LoginRequest, LoginResponse};
pub use monto_doc::{MontoDoc, MontoDocRequest};
pub use nro_control::{NroControl, NroControlRequest};
pub use safe_payment::{Payer, PaymentReport, PaymentRequest, PaymentStatus};
pub use services::{
    ButtonCheckout, ButtonOutcome, ButtonState, ZoomPaymentRecord, ZoomRecordsQuery, ZoomService,
    ZoomServiceReply,
};
pub use xml::{XmlPago, XmlRequest};
