//! How to reach Zoom and the choices its document leaves open.
//!
//! Zoom publishes no base URL, so there is no default: [`ZoomConfig::new`] requires one. Every
//! guess (paths, body encoding, token lifetime, the collector's user fields, the pay-button
//! parameters and amount codec) is a field here, so a caller who learns better overrides it
//! without touching code.

use std::time::Duration;

use chrono::FixedOffset;

use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::recovery::RecoveryPolicy;
use crate::retry::RetryPolicy;
use crate::secret::Secret;

use super::button::ButtonAmountCodec;
use super::kinds::UserType;

/// How the client authenticates.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// `LoginGenUEWs` with `login` and `claveenc` (the user's password, as public integrations
    /// send it); the token it returns is cached and refreshed.
    Login {
        /// The user's login (`login`).
        login: String,
        /// The user's password (`claveenc`).
        password: Secret,
    },
    /// A token supplied by Zoom (getInfoPagoWs: "o suministrado por ZOOM"), used as is. It
    /// cannot be refreshed: when Zoom refuses it, the call fails with `auth`.
    Token(Secret),
}

/// The shared body encoding, re-exported where Zoom's configuration has always named it.
pub use crate::http::BodyEncoding;

/// Service paths under the base URL. Default: each service's name. `login` defaults to
/// `loginGenUEWs` (lower-case `l`), the spelling both public integrations found use, although
/// the document writes `LoginGenUEWs`; Laravel routes are case-sensitive, so this is a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `LoginGenUEWs`' path (`loginGenUEWs` by default; the document writes `LoginGenUEWs`).
    pub login: String,
    /// `getNroControlWS`' path.
    pub nro_control: String,
    /// `getXmlWS`' path.
    pub xml: String,
    /// `getMontoDocWs`' path.
    pub monto_doc: String,
    /// `createPagoWs`' path.
    pub create_pago: String,
    /// `getInfoPagoWs`' path.
    pub info_pago: String,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            login: "loginGenUEWs".into(),
            nro_control: "getNroControlWS".into(),
            xml: "getXmlWS".into(),
            monto_doc: "getMontoDocWs".into(),
            create_pago: "createPagoWs".into(),
            info_pago: "getInfoPagoWs".into(),
        }
    }
}

/// The collector's user fields `createPagoWs` needs (`codusuario`, `tipousuario`). The document
/// says to take them from `LoginGenUEWs` (`user_id`, `usuario_externo`) without documenting its
/// reply; values set here win over whatever the login returns, and are required when the
/// client uses a token supplied directly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserOverrides {
    /// `codusuario` to send instead of the login's `user_id`.
    pub codusuario: Option<String>,
    /// `tipousuario` to send instead of the login's `usuario_externo`.
    pub tipousuario: Option<UserType>,
}

/// The pay-button services' parameters, which the document does not list (a guess: the token,
/// the amount for `getNroControlWS`, the control number for `getXmlWS`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonConfig {
    /// The field `getNroControlWS` takes the amount in.
    pub amount_field: String,
    /// The field `getXmlWS` takes the control number in.
    pub control_field: String,
    /// Extra fields sent to both services, as given (an affiliation code, a channel, ...).
    pub extra_fields: Vec<(String, String)>,
    /// How `getXmlWS`'s `monto` is read: see [`ButtonAmountCodec`].
    pub amount_codec: ButtonAmountCodec,
    /// The bank's (Megasoft's) payment page, where `button_start` sends the customer: a URL
    /// template with `{control}` (required) and `{return_url}` placeholders, each filled
    /// URL-encoded. A template without a scheme is resolved under the base URL (the
    /// simulator's page is `megasoft/pagar?control={control}&retorno={return_url}`). A guess
    /// of ours: Zoom's document does not give this page; `None` makes `button_start` a
    /// `config` error naming the option (`buttonPage`).
    pub page: Option<String>,
}

impl Default for ButtonConfig {
    fn default() -> Self {
        ButtonConfig {
            amount_field: "monto".into(),
            control_field: "control".into(),
            extra_fields: Vec::new(),
            amount_codec: ButtonAmountCodec::ImpliedCents,
            page: None,
        }
    }
}

/// The shortest wait before asking Zoom about a write whose reply was lost, whatever the
/// configuration says (a guess at its latency).
pub const SETTLE_FLOOR: Duration = Duration::from_secs(1);

/// Everything a [`super::ZoomClient`] needs; every guess the module docs list has its override
/// here.
#[derive(Debug, Clone)]
pub struct ZoomConfig {
    /// Zoom's base URL; the services' paths are joined to it.
    pub base_url: BaseUrl,
    /// A login and password, or a token Zoom supplied.
    pub credentials: Credentials,
    /// Where each service lives under the base URL.
    pub paths: Paths,
    /// How request bodies are encoded. The services are PHP (Laravel) and read either; public
    /// integrations send forms, so [`BodyEncoding::Form`] is the default. Arrays are written
    /// with PHP's syntax in forms (`tipoDoc[]=1&tipoDoc[]=2`) and as JSON arrays in JSON.
    pub encoding: BodyEncoding,
    /// `idempresa` sent with payments: 1 is Zoom (the document's only value).
    pub idempresa: i64,
    /// The user fields `createPagoWs` needs, when the login does not give them (or gives others).
    pub user: UserOverrides,
    /// The pay-button services' parameters.
    pub button: ButtonConfig,
    /// Punctuation allowed in `nombrepagador` besides letters (accented ones and `ñ` included),
    /// digits and spaces. The document forbids "special characters" without listing them; the
    /// default allows only `.` (its example writes `G.`).
    pub payer_name_punctuation: Vec<char>,
    /// Per-request timeout given to the transport.
    pub timeout: Duration,
    /// Retries for reads (login, document amounts, payment records, pay-button services).
    pub retry: RetryPolicy,
    /// How a payment whose reply was lost is resolved. The settle delay defaults to 5 s, longer
    /// than the shared default, because Zoom has no duplicate guard (see the module docs).
    pub recovery: RecoveryPolicy,
    /// How long a login token is used. Zoom does not document it (a guess: one hour); a token
    /// refused earlier is refreshed and the call replayed once anyway.
    pub token_lifetime: Duration,
    /// Replace the token this long before `token_lifetime` ends (capped at half of it).
    pub token_refresh_margin: Duration,
    /// Zoom's wall clock (Venezuela, UTC-4): the default `fechapago` is today there.
    pub utc_offset: FixedOffset,
}

impl ZoomConfig {
    /// A configuration for Zoom at `base_url` (required: Zoom publishes none). Plain `http://`
    /// is refused unless the host is this machine or `allow_insecure_http` is set.
    pub fn new(
        base_url: &str,
        allow_insecure_http: bool,
        credentials: Credentials,
    ) -> Result<Self, Error> {
        if base_url.trim().is_empty() {
            return Err(Error::Config(
                "the Zoom base URL is required: Zoom publishes none".into(),
            ));
        }
        Ok(ZoomConfig {
            base_url: BaseUrl::parse(base_url, allow_insecure_http)?,
            credentials,
            paths: Paths::default(),
            encoding: BodyEncoding::Form,
            idempresa: 1,
            user: UserOverrides::default(),
            button: ButtonConfig::default(),
            payer_name_punctuation: vec!['.'],
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            // Zoom documents no duplicate guard: an absence is not resent unless the caller
            // states that its Zoom refuses a repeated referencia. `CODE_003` is a failed call,
            // which may come after the record was stored: checked, never a rejection.
            recovery: RecoveryPolicy {
                settle_delay: Duration::from_secs(5),
                resend_when_absent: false,
                doubtful_codes: vec!["CODE_003".into()],
                ..RecoveryPolicy::default()
            },
            token_lifetime: Duration::from_secs(3600),
            token_refresh_margin: Duration::from_secs(300),
            utc_offset: FixedOffset::west_opt(4 * 3600).expect("valid offset"),
        })
    }
}
