//! Property tests on the money paths (256 cases each offline, 64 against the simulator; well
//! under a second in all).
//!
//! 1. The JSON amount codecs (`recaudo_core::money::wire`) read back exactly what they write,
//!    for any `Decimal`, and each reads what the other writes.
//! 2. Every request builder that writes an amount (Unicomer `registrarpago`, `reversapago`,
//!    `consultarpago`; Zoom `createPagoWs` with its per-document `monto[]`, the pay-button
//!    control number; Cooplan `realizarpago`; Unicobros sends no amounts) either refuses the
//!    amount with `invalid_amount` (exactly when it is ≤ 0 or has more than 2 decimals), or
//!    writes it in the body with exactly two decimals and the same value.
//! 3. For generated *valid* inputs, the built request sent to the simulator over the native
//!    transport is accepted, or refused by the biller for the *payment*: the only answers
//!    allowed are a success and a business refusal, i.e. the biller's own error envelope in a 2xx
//!    reply with one of its business codes (Unicomer `"451"` for a repeated receipt or an amount
//!    above the debt, Cooplan `error: 1` "not pending" / "amount not owed"; Zoom none). Anything
//!    else fails the property: the biller's invalid-parameters answer (Unicomer `"133"`, Zoom
//!    `CODE_002`, Cooplan `error: 2`), a 404 (wrong path), a 401 (credentials or token), a 5xx,
//!    a transport failure, a `decode` error, or recaudo refusing the valid input itself. Valid
//!    inputs keep amounts below what the simulator's invoice / guide owes, because Zoom answers
//!    an amount above the owed balance with `CODE_002` as well.
//!    `the_simulator_does_refuse_bad_shapes` proves that each shape refusal, and a 404, a 401, a
//!    500 and a dropped connection from the simulator, would fail the properties.

use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use recaudo_core::Error;
use recaudo_core::cooplan::{CooplanClient, RealizarPagoRequest};
use recaudo_core::http::HttpRequest;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::unicomer::{Endpoint, RegistrarPagoRequest, UnicomerClient};
use recaudo_core::zoom::{
    ButtonDetails, CreatePagoRequest, DocRef, DocType, DocumentPayment, TransactionKind, UserType,
    ZoomClient,
};
use recaudo_core::{unicomer, zoom};
use recaudo_sim::Simulator;
use recaudo_tests::billers;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

const CASES: u32 = 256;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Any decimal a caller could hand in: up to 15 integer digits, up to 6 decimals, either sign.
fn any_amount() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..=6)
        .prop_map(|(mantissa, scale)| Decimal::new(mantissa % 1_000_000_000_000_000_000, scale))
}

/// A valid amount: positive, at most two decimals (any scale ≤ 2), below a million.
fn valid_amount() -> impl Strategy<Value = Decimal> {
    amount_below(100_000_000)
}

/// A valid amount below `cents` / 100. Sent to the simulator, amounts stay below 1,000.00 so
/// that 64 payments never exceed what the big invoice / guide owes (1,000,000.00): Zoom answers
/// an amount above what is owed with `CODE_002` too, which is about the payment, not the body.
fn amount_below(cents: i64) -> impl Strategy<Value = Decimal> {
    (1i64..cents, 0u32..=2).prop_map(|(cents, scale)| {
        let mut d = Decimal::new(cents, 2);
        // Same value, written with fewer decimals where that is exact (5.00 as 5, 5.10 as 5.1).
        let n = d.normalize();
        if n.scale() <= scale {
            d.rescale(scale);
        }
        d
    })
}

#[derive(Serialize, Deserialize)]
struct NumberAmount {
    #[serde(with = "recaudo_core::money::wire::number")]
    amount: Decimal,
}

#[derive(Serialize, Deserialize)]
struct StringAmount {
    #[serde(with = "recaudo_core::money::wire::string")]
    amount: Decimal,
}

/// The value of one form field (the first with that name).
fn form_field(request: &HttpRequest, name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(&request.body).expect("form body");
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Every form field whose name starts with `prefix` (PHP arrays: `monto[0]`, `monto[]`).
fn form_fields(request: &HttpRequest, prefix: &str) -> Vec<String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(&request.body).expect("form body");
    pairs
        .into_iter()
        .filter(|(k, _)| k.starts_with(prefix))
        .map(|(_, v)| v)
        .collect()
}

/// A JSON body's field as the exact text of its number or string.
fn json_field(request: &HttpRequest, name: &str) -> String {
    // Raw values: a number's text exactly as written (a `Value` would hold a float).
    let body: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_slice(&request.body).expect("JSON body");
    let raw = body
        .get(name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .get();
    match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str(raw).expect("a JSON string"),
        Some(b'-' | b'0'..=b'9') => raw.to_owned(),
        _ => panic!("{name} is {raw}"),
    }
}

/// The amount text as written: exactly two decimals and the expected value.
fn assert_written(text: &str, expected: Decimal) -> Result<(), TestCaseError> {
    let (_, frac) = text.split_once('.').unwrap_or((text, ""));
    prop_assert_eq!(frac.len(), 2, "`{}` does not have two decimals", text);
    let parsed = Decimal::from_str(text).expect("a decimal");
    prop_assert_eq!(parsed, expected, "`{}` is not {}", text, expected);
    Ok(())
}

/// The outcome of a builder: refused as an amount, or the amount must be valid.
fn refused_or_valid(
    result: &Result<HttpRequest, Error>,
    amount: Decimal,
) -> Result<bool, TestCaseError> {
    let valid = amount > Decimal::ZERO && amount.normalize().scale() <= 2;
    match result {
        Err(e) => {
            prop_assert_eq!(e.code(), "invalid_amount", "{} refused as {}", amount, e);
            prop_assert!(!valid, "valid amount {} refused: {}", amount, e);
            Ok(false)
        }
        Ok(_) => {
            prop_assert!(valid, "invalid amount {} was built into a request", amount);
            Ok(true)
        }
    }
}

fn unicomer_request(amount: Decimal, receipt: &str) -> RegistrarPagoRequest {
    RegistrarPagoRequest {
        secuencial: recaudo_tests::BIG_INVOICE,
        idcommerce: "EMPTEST".into(),
        fch_proceso: NaiveDateTime::parse_from_str("2026-11-23 10:15:00", "%Y-%m-%d %H:%M:%S")
            .unwrap(),
        val_pagado: amount,
        localidad_recauda: "AGENCIA DE PRUEBA".into(),
        nombre_cajero: "CAJERO DE PRUEBA".into(),
        num_recibo: receipt.into(),
    }
}

fn unicomer_offline() -> unicomer::UnicomerConfig {
    unicomer::UnicomerConfig::with_base_url(
        "http://127.0.0.1:9/unicomer/",
        false,
        unicomer::Credentials {
            username: "cajero@recaudo.test".into(),
            password: recaudo_core::Secret::new("not-used"),
        },
        "EMPTEST",
    )
    .unwrap()
}

fn zoom_offline() -> zoom::ZoomConfig {
    zoom::ZoomConfig::new(
        "http://127.0.0.1:9/zoom/",
        false,
        zoom::Credentials::Login {
            login: "recaudador@recaudo.test".into(),
            password: recaudo_core::Secret::new("not-used"),
        },
    )
    .unwrap()
}

/// The simulator's big Zoom guide (see `tests/zoom/support.rs`).
const BIG_GUIDE: &str = "1000999999";

fn zoom_request(amount: Decimal, reference: &str, payer_id: &str, name: &str) -> CreatePagoRequest {
    CreatePagoRequest {
        idempresa: 1,
        codusuario: "RECAUDADOR".into(),
        idtipotransbanc: TransactionKind::Transfer,
        idcuentabanco: 213,
        codbancoori: Some(16),
        referencia: reference.into(),
        rifcipagador: payer_id.into(),
        nombrepagador: name.into(),
        emailpagador: "cliente@example.test".into(),
        tipousuario: UserType::Ge,
        fechapago: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        monto_total: amount,
        tipo_doc: Vec::new(),
        nro_doc: Vec::new(),
        monto: Vec::new(),
        sort_doc: Vec::new(),
        button: ButtonDetails::default(),
    }
    .with_documents(&[DocumentPayment {
        doc: DocRef::new(DocType::Guide, BIG_GUIDE).unwrap(),
        amount,
        sort_date: NaiveDate::from_ymd_opt(2024, 2, 1).unwrap(),
    }])
}

fn cooplan_request(amount: Decimal) -> RealizarPagoRequest {
    RealizarPagoRequest {
        id_factura: 5_000_001,
        periodo: "202110".into(),
        contrato: "1001".into(),
        monto: amount,
        id_asociado: "90001".into(),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn wire_codecs_round_trip(amount in any_amount()) {
        let text = serde_json::to_string(&NumberAmount { amount }).unwrap();
        let back: NumberAmount = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back.amount, amount);
        prop_assert_eq!(back.amount.to_string(), amount.to_string(), "digits kept: {}", text);
        let text = serde_json::to_string(&StringAmount { amount }).unwrap();
        let back: StringAmount = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back.amount, amount);
        // Either codec reads what the other writes (billers mix numbers and strings).
        let cross: NumberAmount = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(cross.amount, amount);
    }

    #[test]
    fn unicomer_body_amount(amount in any_amount()) {
        let config = unicomer_offline();
        let built = unicomer_request(amount, "R-1").to_http(&config);
        if refused_or_valid(&built, amount)? {
            assert_written(&json_field(&built.unwrap(), "val_pagado"), amount)?;
        }
    }

    #[test]
    fn zoom_body_amounts(amount in any_amount()) {
        let config = zoom_offline();
        let built = zoom_request(amount, "000123", "V-00000001", "CLIENTE").to_http(&config);
        if refused_or_valid(&built, amount)? {
            let request = built.unwrap();
            assert_written(&form_field(&request, "montoTotal").expect("montoTotal"), amount)?;
            let per_doc = form_fields(&request, "monto[");
            prop_assert_eq!(per_doc.len(), 1, "one document amount");
            assert_written(&per_doc[0], amount)?;
        }
    }

    #[test]
    fn cooplan_body_amount(amount in any_amount()) {
        let config = recaudo_core::cooplan::CooplanConfig::with_base_url(
            "http://127.0.0.1:9/cooplan/",
            false,
            recaudo_core::cooplan::Credentials {
                cod_seguridad: recaudo_core::Secret::new("not-used"),
                login: "recaudador".into(),
                pwd: recaudo_core::Secret::new("not-used"),
            },
        )
        .unwrap();
        let built = cooplan_request(amount).to_http(&config);
        if refused_or_valid(&built, amount)? {
            assert_written(&json_field(&built.unwrap(), "Monto"), amount)?;
        }
    }

    #[test]
    fn unicomer_reversal_and_status_amounts(amount in any_amount()) {
        let config = unicomer_offline();
        let key = unicomer_request(amount, "R-1").key();
        let reversal = unicomer::ReversaPagoRequest { key: key.clone() }.to_http(&config);
        if refused_or_valid(&reversal, amount)? {
            assert_written(&json_field(&reversal.unwrap(), "val_pagado"), amount)?;
        }
        let status = unicomer::ConsultarPagoRequest { key }.to_http(&config);
        if refused_or_valid(&status, amount)? {
            assert_written(&json_field(&status.unwrap(), "val_pagado"), amount)?;
        }
    }

    #[test]
    fn zoom_control_number_amount(amount in any_amount()) {
        let config = zoom_offline();
        let built = zoom::NroControlRequest { monto: amount }.to_http(&config);
        if refused_or_valid(&built, amount)? {
            let field = config.button.amount_field.clone();
            assert_written(&form_field(&built.unwrap(), &field).expect("monto"), amount)?;
        }
    }

    #[test]
    fn valid_amounts_are_always_built(amount in valid_amount()) {
        // The other side of `refused_or_valid`: a valid amount at any scale ≤ 2 is accepted by
        // every builder (the generic strategy rarely lands on scale 0 or 1 alone).
        let unicomer = unicomer_offline();
        let built = unicomer_request(amount, "R-1").to_http(&unicomer).unwrap();
        assert_written(&json_field(&built, "val_pagado"), amount)?;
    }
}

/// One simulator and one client per biller for the whole file, on a runtime of their own.
struct Live {
    runtime: tokio::runtime::Runtime,
    sim: Simulator,
    unicomer: UnicomerClient<NativeTransport, SystemClock>,
    zoom: ZoomClient<NativeTransport, SystemClock>,
    cooplan: CooplanClient<NativeTransport, SystemClock>,
}

fn live() -> &'static Live {
    static LIVE: OnceLock<Live> = OnceLock::new();
    LIVE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let sim = runtime.block_on(recaudo_tests::start_sim());
        recaudo_tests::add_big_customer(&sim);
        let unicomer = recaudo_tests::client(&sim);
        let zoom = ZoomClient::new(
            billers::zoom_config(&sim),
            NativeTransport::new().unwrap(),
            SystemClock,
        )
        .unwrap();
        let cooplan = CooplanClient::new(
            billers::cooplan_config(&sim),
            NativeTransport::new().unwrap(),
            SystemClock,
        )
        .unwrap();
        Live {
            runtime,
            sim,
            unicomer,
            zoom,
            cooplan,
        }
    })
}

/// Whether an answer is a business refusal (see the module docs): the biller's own error
/// envelope, in a 2xx reply, with one of `business_codes`. Every other error is not.
fn business_refusal(error: &Error, business_codes: &[&str]) -> bool {
    matches!(
        error,
        Error::Biller { biller_code, http_status, .. }
            if (200..300).contains(http_status) && business_codes.contains(&biller_code.trim())
    )
}

/// Unicomer's business refusals: `"451"` (a repeated receipt, an amount above the debt).
const UNICOMER_BUSINESS: &[&str] = &["451"];
/// Zoom's: none (valid payments below what the guide owes are accepted, a repeated
/// `referencia` too under the default reading).
const ZOOM_BUSINESS: &[&str] = &[];
/// Cooplan's: `error: 1` (the invoice is not pending, the amount is not the debt's).
const COOPLAN_BUSINESS: &[&str] = &["1"];

/// Receipt numbers and references: letters, digits and the allowed punctuation.
fn receipt() -> impl Strategy<Value = String> {
    "[A-Z0-9][A-Z0-9_/.-]{0,24}[A-Z0-9]"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..config() })]

    #[test]
    fn unicomer_simulator_accepts_built_payments(amount in amount_below(100_000), receipt in receipt()) {
        let live = live();
        let result = live
            .runtime
            .block_on(live.unicomer.send(&unicomer_request(amount, &receipt)));
        if let Err(e) = &result {
            // Only a business answer ("451": a duplicate receipt) is allowed.
            prop_assert!(business_refusal(e, UNICOMER_BUSINESS), "{} {}: {}", amount, receipt, e);
        }
    }

    #[test]
    fn zoom_simulator_accepts_built_payments(
        amount in amount_below(100_000),
        reference in "[0-9]{6,12}",
        cedula in "[VE]-[1-9][0-9]{5,8}",
        name in "[A-Z][A-Z ]{0,30}[A-Z]",
    ) {
        let live = live();
        let user = live.runtime.block_on(live.zoom.session_user()).unwrap();
        let mut request = zoom_request(amount, &reference, &cedula, &name);
        request.codusuario = user.codusuario;
        request.tipousuario = user.tipousuario;
        let result = live.runtime.block_on(live.zoom.send(&request));
        if let Err(e) = &result {
            prop_assert!(business_refusal(e, ZOOM_BUSINESS), "{:?}: {}", request, e);
        }
    }

    #[test]
    fn cooplan_simulator_accepts_built_payments(amount in amount_below(100_000)) {
        let live = live();
        let result = live.runtime.block_on(live.cooplan.send(&cooplan_request(amount)));
        match &result {
            // Paid, or refused for the payment (not pending, amount not owed): error 1.
            Ok(envelope) => prop_assert!(envelope.error.trim() == "0", "{:?}", envelope),
            Err(e) => prop_assert!(business_refusal(e, COOPLAN_BUSINESS), "{}: {}", amount, e),
        }
    }
}

/// A request sent as given, decoded as the real endpoint `E` decodes its reply.
struct Raw<E>(HttpRequest, std::marker::PhantomData<E>);

impl<E: Endpoint> Endpoint for Raw<E> {
    type Config = E::Config;
    type Response = ();
    const NAME: &'static str = E::NAME;
    fn to_http(&self, _config: &E::Config) -> Result<HttpRequest, Error> {
        Ok(self.0.clone())
    }
    fn decode(response: &recaudo_core::http::HttpResponse) -> Result<(), Error> {
        E::decode(response).map(|_| ())
    }
}

fn raw<E>(request: HttpRequest) -> Raw<E> {
    Raw(request, std::marker::PhantomData)
}

#[test]
fn the_simulator_does_refuse_bad_shapes() {
    // The properties above can fail: the same paths, with bodies the builders would never
    // write, are refused with exactly the codes they look for.
    use recaudo_core::http::Method;
    let live = live();

    let mut good = unicomer_request(Decimal::new(100, 2), "R-SHAPE")
        .to_http(&recaudo_tests::unicomer_config(&live.sim))
        .unwrap();
    good.body =
        serde_json::to_vec(&serde_json::json!({"secuencial": "x", "val_pagado": "abc"})).unwrap();
    let err = live
        .runtime
        .block_on(live.unicomer.send(&raw::<RegistrarPagoRequest>(good)))
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.biller_code(), Some("133"), "{err}");
    assert!(!business_refusal(&err, UNICOMER_BUSINESS), "{err}");

    let user = live.runtime.block_on(live.zoom.session_user()).unwrap();
    let mut request = zoom_request(Decimal::new(100, 2), "000111", "V-00000001", "CLIENTE");
    request.codusuario = user.codusuario;
    let mut built = request.to_http(&billers::zoom_config(&live.sim)).unwrap();
    // The same form without its amount and with an unreadable date.
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&built.body).unwrap();
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| k != "montoTotal")
        .map(|(k, v)| {
            if k == "fechapago" {
                (k, "ayer".into())
            } else {
                (k, v)
            }
        })
        .collect();
    built.body = serde_urlencoded::to_string(&pairs).unwrap().into_bytes();
    let err = live
        .runtime
        .block_on(live.zoom.send(&raw::<CreatePagoRequest>(built)))
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.biller_code(), Some("CODE_002"), "{err}");
    assert!(!business_refusal(&err, ZOOM_BUSINESS), "{err}");

    let mut built = cooplan_request(Decimal::new(100, 2))
        .to_http(&billers::cooplan_config(&live.sim))
        .unwrap();
    built.body =
        serde_json::to_vec(&serde_json::json!({"IdFactura": "x", "Monto": "abc"})).unwrap();
    assert_eq!(built.method, Method::Post);
    let result = live
        .runtime
        .block_on(live.cooplan.send(&raw::<RealizarPagoRequest>(built)));
    match result {
        Ok(()) => panic!("a malformed Cooplan body was accepted"),
        Err(err) => {
            assert_eq!(err.biller_code(), Some("2"), "{err}");
            assert!(!business_refusal(&err, COOPLAN_BUSINESS), "{err}");
        }
    }
}

#[test]
fn any_other_failure_fails_the_properties() {
    // The properties allow a business refusal and nothing else: a 500, a dropped connection, a
    // 404 and a 401 from the simulator are not one, while its "451" for a repeated receipt is.
    // On a simulator of its own: the faults armed here must not reach the properties'.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sim = recaudo_tests::start_sim().await;
        recaudo_tests::add_big_customer(&sim);
        let client = recaudo_tests::client(&sim);
        let request = unicomer_request(Decimal::new(100, 2), "R-OTHER");
        let not_business = |err: &Error, what: &str| {
            assert!(!business_refusal(err, UNICOMER_BUSINESS), "{what}: {err}");
        };

        sim.arm_fault(recaudo_sim::Fault::unicomer(
            "registrarpago",
            recaudo_sim::FaultKind::Error500,
        ));
        let err = client.send(&request).await.map(|_| ()).unwrap_err();
        assert_eq!(err.http_status(), Some(500), "{err}");
        not_business(&err, "500");

        sim.arm_fault(recaudo_sim::Fault::unicomer(
            "registrarpago",
            recaudo_sim::FaultKind::DropBeforeCommit,
        ));
        let err = client.send(&request).await.map(|_| ()).unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err}");
        not_business(&err, "transport");

        let mut config = recaudo_tests::unicomer_config(&sim);
        config.paths.registrar_pago = "api/recaudadores/no-such-service".into();
        let lost = recaudo_tests::client_with(config, NativeTransport::new().unwrap(), SystemClock);
        let err = lost.send(&request).await.map(|_| ()).unwrap_err();
        assert_eq!(err.http_status(), Some(404), "{err}");
        not_business(&err, "404");

        let mut config = recaudo_tests::unicomer_config(&sim);
        config.credentials.password = recaudo_core::Secret::new("not-the-password");
        let refused =
            recaudo_tests::client_with(config, NativeTransport::new().unwrap(), SystemClock);
        let err = refused.send(&request).await.map(|_| ()).unwrap_err();
        assert_eq!(err.code(), "auth", "{err}");
        not_business(&err, "401");

        // The one answer allowed: the payment refused as such.
        client.send(&request).await.expect("the first payment");
        let err = client.send(&request).await.map(|_| ()).unwrap_err();
        assert!(business_refusal(&err, UNICOMER_BUSINESS), "{err}");
    });
}
