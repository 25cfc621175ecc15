//! Tokens: one login for many callers, refresh and replay once when Zoom refuses a token,
//! wrong credentials, and tokens supplied directly.

use std::time::Duration;

use futures::future::join_all;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::zoom::{Credentials, DocRef, DocType, InfoPagoRequest, UserType};
use recaudo_core::{Outcome, Secret};

use crate::support::*;

fn guide() -> DocRef {
    DocRef::new(DocType::Guide, "1000000001").unwrap()
}

#[tokio::test]
async fn an_expired_token_is_refreshed_and_replayed_once_even_for_a_payment() {
    let sim = start_sim().await;
    let client = client(&sim);
    client.document_amounts(&guide()).await.unwrap();
    assert_eq!(requests(&sim, "LoginGenUEWs"), 1);
    sim.expire_tokens();
    let report = client.pay(payment("AUTH-1", "10.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    assert!(!report.recovered);
    assert_eq!(report.sends, 1, "a refused token is a replay, not a resend");
    assert_eq!(
        requests(&sim, "createPagoWs"),
        2,
        "the refused one and its replay"
    );
    assert_eq!(records_with_reference(&sim, "AUTH-1"), 1);
    assert_eq!(requests(&sim, "LoginGenUEWs"), 2);
}

#[tokio::test]
async fn many_callers_share_one_login_across_expiry_and_revocation() {
    let sim = start_sim().await;
    let clock = manual_clock();
    let client = client_with(config(&sim), NativeTransport::new().unwrap(), clock.clone());
    client.document_amounts(&guide()).await.unwrap();
    // Our clock passes the token's configured lifetime: every caller finds it stale at once.
    clock.advance(Duration::from_secs(3600));
    let doc = guide();
    let calls = (0..20).map(|_| client.document_amounts(&doc));
    assert!(join_all(calls).await.iter().all(Result::is_ok));
    assert_eq!(
        requests(&sim, "LoginGenUEWs"),
        2,
        "one refresh for 20 callers"
    );
    // Zoom revokes every token: 20 callers are refused together and one login serves all.
    sim.expire_tokens();
    let all = InfoPagoRequest::default();
    let calls = (0..20).map(|_| client.payments(&all));
    assert!(join_all(calls).await.iter().all(Result::is_ok));
    assert_eq!(
        requests(&sim, "LoginGenUEWs"),
        3,
        "one refresh after a shared refusal"
    );
    assert_eq!(
        requests(&sim, "getInfoPagoWs"),
        40,
        "each refused once, replayed once"
    );
}

#[tokio::test]
async fn wrong_credentials_are_an_auth_error_without_secrets() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.credentials = Credentials::Login {
        login: "recaudador@recaudo.test".into(),
        password: Secret::new("planted-wrong-password"),
    };
    let err = client_with(config, NativeTransport::new().unwrap(), SystemClock)
        .document_amounts(&guide())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.biller_code(), Some("CODE_000"));
    assert!(!format!("{err} {err:?}").contains("planted"));
    assert_eq!(
        requests(&sim, "LoginGenUEWs"),
        1,
        "a refused login is not retried"
    );
    assert_eq!(requests(&sim, "getMontoDocWs"), 0);
}

#[tokio::test]
async fn a_token_supplied_directly_is_used_as_is_and_never_refreshed() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.credentials = Credentials::Token(Secret::new(sim.zoom_issue_token()));
    // No login reply to take the user from: without overrides a payment cannot be built.
    let bare = client_with(config.clone(), NativeTransport::new().unwrap(), SystemClock);
    let err = bare.pay(payment("DIRECT-0", "1.00")).await.unwrap_err();
    assert_eq!(err.code(), "config");
    config.user.codusuario = Some("6001".into());
    config.user.tipousuario = Some(UserType::Ge);
    let client = client_with(config, NativeTransport::new().unwrap(), SystemClock);
    assert_eq!(client.document_amounts(&guide()).await.unwrap().len(), 1);
    let report = client.pay(payment("DIRECT-1", "1.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    sim.expire_tokens();
    let err = client.document_amounts(&guide()).await.unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.biller_code(), Some("CODE_003"));
    assert_eq!(requests(&sim, "LoginGenUEWs"), 0);
    assert_eq!(requests(&sim, "createPagoWs"), 1);
}
