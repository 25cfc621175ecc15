//! Tokens: cached, refreshed once for many callers, refreshed and replayed once when Cooplan
//! refuses one (HTTP 401, or only in the envelope), and wrong credentials.

use std::time::Duration;

use futures::future::join_all;
use recaudo_core::Outcome;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_sim::CooplanSimConfig;
use recaudo_tests::{manual_clock, start_sim};

use crate::support::*;

#[tokio::test]
async fn many_callers_share_one_token_and_one_refresh() {
    let sim = start_sim().await;
    let clock = manual_clock();
    let client = client_with(config(&sim), NativeTransport::new().unwrap(), clock.clone());
    client.debts(CONTRATO).await.unwrap();
    assert_eq!(requests(&sim, "token"), 1);

    // Our clock passes the configured lifetime: every caller finds the token stale at once.
    clock.advance(Duration::from_secs(3600));
    let calls = (0..30).map(|_| client.debts(CONTRATO));
    assert!(join_all(calls).await.iter().all(Result::is_ok));
    assert_eq!(requests(&sim, "token"), 2, "one refresh for 30 callers");

    // The biller drops every token: 30 callers are refused together, one refresh serves all.
    sim.expire_tokens();
    let calls = (0..30).map(|_| client.find_customer(CONTRATO));
    assert!(join_all(calls).await.iter().all(Result::is_ok));
    assert_eq!(
        requests(&sim, "token"),
        3,
        "one refresh after a shared refusal"
    );
    assert_eq!(
        requests(&sim, "buscarcliente"),
        60,
        "each refused once, replayed once"
    );
}

#[tokio::test]
async fn a_refused_token_is_refreshed_and_the_payment_replayed_once() {
    let sim = start_sim().await;
    let client = client(&sim);
    client.debts(CONTRATO).await.unwrap();
    sim.expire_tokens();
    let report = client.pay(payment("R-401")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    assert!(!report.recovered);
    assert_eq!(report.sends, 1);
    assert_eq!(
        requests(&sim, "realizarpago"),
        2,
        "the refused one and its replay"
    );
    assert_eq!(paid_once(&sim), 1);
    assert_eq!(requests(&sim, "token"), 2);
}

#[tokio::test]
async fn a_refusal_reported_only_in_the_envelope_is_recognised() {
    // A biller that answers HTTP 200 with `error: 401` for an expired token.
    let sim = sim_with(CooplanSimConfig {
        expired_token_http_status: 200,
        ..CooplanSimConfig::default()
    })
    .await;
    let client = client(&sim);
    client.debts(CONTRATO).await.unwrap();
    sim.expire_tokens();
    let report = client.pay(payment("R-ENV")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    assert_eq!(requests(&sim, "realizarpago"), 2);
    assert_eq!(paid_once(&sim), 1);

    // Without `401` among the auth codes it is the biller's refusal, kept verbatim.
    let mut config = config(&sim);
    config.auth_error_codes.clear();
    let strict = client_with(config, NativeTransport::new().unwrap(), SystemClock);
    strict.debts(CONTRATO).await.unwrap();
    sim.expire_tokens();
    let err = strict.debts(CONTRATO).await.unwrap_err();
    assert_eq!(err.code(), "biller");
    assert_eq!(err.biller_code(), Some("401"));
    assert_eq!(err.biller_message(), Some("Token inválido o expirado"));
}

#[tokio::test]
async fn a_token_refused_twice_is_an_auth_error_not_a_loop() {
    // Tokens that are dead on arrival: refreshed and replayed once, then the error stands.
    let sim = sim_with(CooplanSimConfig {
        token_ttl_secs: 0,
        ..CooplanSimConfig::default()
    })
    .await;
    let err = client(&sim).debts(CONTRATO).await.unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(requests(&sim, "token"), 2);
    assert_eq!(requests(&sim, "consultardeuda"), 2);
    // A payment refused that way was provably not processed: rejected, not left in doubt.
    let report = client(&sim).pay(payment("R-DEAD")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Rejected, "{report:?}");
    assert_eq!(report.rejection.unwrap().code, "auth");
    assert_eq!(sim.cooplan_state().collections.len(), 0);
}

#[tokio::test]
async fn wrong_credentials_are_an_auth_error_without_secrets() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.credentials.pwd = recaudo_core::Secret::new("planted-wrong-pwd");
    let err = client_with(config, NativeTransport::new().unwrap(), SystemClock)
        .debts(CONTRATO)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.biller_code(), Some("1"));
    assert_eq!(err.biller_message(), Some("Credenciales inválidas"));
    assert!(!format!("{err} {err:?}").contains("planted"));
    assert_eq!(requests(&sim, "token"), 1, "a refusal is not retried");
    assert_eq!(requests(&sim, "consultardeuda"), 0);
}
