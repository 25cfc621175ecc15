//! The Unicomer client over the native transport against the simulator: tokens, reads, safe
//! payment and reversal, the reversal window, and input refused before anything is sent.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use futures::future::join_all;
use recaudo_core::Outcome;
use recaudo_core::http::HttpRequest;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::transport::{
    Delivery, FnTransport, Transport, TransportError, TransportErrorKind,
};
use recaudo_core::unicomer::{EstadoFiltro, PaymentState, ReversalRequest};
use recaudo_sim::FaultKind;
use recaudo_tests::*;

#[tokio::test]
async fn statement_lists_the_customers_debts() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let statement = client(&sim).statement(BIG_CUSTOMER).await.unwrap();
    assert_eq!(statement.facturas.len(), 1);
    assert_eq!(statement.facturas[0].id, BIG_INVOICE);
    assert_eq!(
        statement.facturas[0].deuda_tot_conpro.to_string(),
        "1000000.00"
    );
    let unknown = client(&sim).statement("0000000001").await.unwrap_err();
    assert_eq!(unknown.code(), "biller");
    assert_eq!(unknown.biller_code(), Some("451"));
}

#[tokio::test]
async fn fifty_concurrent_callers_across_an_expired_token_make_one_token_request() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let clock = manual_clock();
    let client = client_with(config(&sim), NativeTransport::new().unwrap(), clock.clone());
    client.statement(BIG_CUSTOMER).await.unwrap();
    assert_eq!(requests(&sim, "token"), 1);

    // Our clock passes the token's lifetime: every caller finds it stale at once.
    clock.advance(Duration::from_secs(1_209_599));
    let calls = (0..50).map(|_| client.statement(BIG_CUSTOMER));
    assert!(join_all(calls).await.iter().all(Result::is_ok));
    assert_eq!(requests(&sim, "token"), 2, "one refresh for 50 callers");

    // The biller revokes every token: 50 callers get a 401 together and one refresh serves all.
    sim.expire_tokens();
    let calls = (0..50).map(|_| client.statement(BIG_CUSTOMER));
    assert!(join_all(calls).await.iter().all(Result::is_ok));
    assert_eq!(requests(&sim, "token"), 3, "one refresh after a shared 401");
    assert_eq!(requests(&sim, "estadocuenta"), 1 + 50 + 100);
}

#[tokio::test]
async fn a_401_is_refreshed_and_replayed_once_even_for_a_payment() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let client = client(&sim);
    client.statement(BIG_CUSTOMER).await.unwrap();
    sim.expire_tokens();
    let report = client.pay(payment("R401-1", "10.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed);
    assert!(!report.recovered);
    assert_eq!(report.sends, 1);
    assert_eq!(
        requests(&sim, "registrarpago"),
        2,
        "the refused one and its replay"
    );
    assert_eq!(payments_with_receipt(&sim, "R401-1"), 1);
    assert_eq!(requests(&sim, "token"), 2);
}

#[tokio::test]
async fn wrong_credentials_are_an_auth_error_without_secrets() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.credentials.password = recaudo_core::Secret::new("planted-wrong-password");
    let err = client_with(config, NativeTransport::new().unwrap(), SystemClock)
        .statement("0900000001")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.biller_code(), Some("invalid_grant"));
    assert!(!format!("{err} {err:?}").contains("planted"));
    assert_eq!(requests(&sim, "token"), 1, "a refused grant is not retried");
}

#[tokio::test]
async fn pay_status_reverse_and_reconcile() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let client = client(&sim);
    let request = payment("R-FLOW-1", "25.50");
    let report = client.pay(request.clone()).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed);
    let idtrx = report.idtrx.unwrap();
    assert_eq!(report.amount.to_string(), "25.50");

    let status = client
        .payment_status(BIG_INVOICE, request.paid_at.unwrap(), dec("25.5"))
        .await
        .unwrap();
    assert_eq!(status.cod_status, PaymentState::Registered);
    assert_eq!(status.payment_id(), Some(idtrx));
    assert_eq!(status.num_recibo.as_deref(), Some("R-FLOW-1"));

    let statement = client.statement(BIG_CUSTOMER).await.unwrap();
    assert_eq!(
        statement.facturas[0].deuda_tot_conpro.to_string(),
        "999974.50"
    );

    let reversal = client
        .reverse(ReversalRequest {
            idtrx,
            amount: dec("25.50"),
            paid_at: request.paid_at.unwrap(),
            secuencial: Some(BIG_INVOICE),
        })
        .await
        .unwrap();
    assert_eq!(reversal.outcome, Outcome::Confirmed);
    assert_eq!(reversal.receipt.as_deref(), Some("R-FLOW-1"));
    let statement = client.statement(BIG_CUSTOMER).await.unwrap();
    assert_eq!(
        statement.facturas[0].deuda_tot_conpro.to_string(),
        "1000000.00"
    );

    let day = request.paid_at.unwrap().date();
    let all = client.reconciliation(day, EstadoFiltro::All).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].estado, PaymentState::Reversed);
    assert_eq!(all[0].val_pagado.to_string(), "25.50");
    let synced = client
        .reconciliation(day, EstadoFiltro::Synchronised)
        .await
        .unwrap();
    assert!(synced.is_empty());
    let other_day = client
        .reconciliation(day.succ_opt().unwrap(), EstadoFiltro::All)
        .await
        .unwrap();
    assert!(other_day.is_empty());
}

#[tokio::test]
async fn reversal_is_refused_once_the_payment_is_synchronised() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let client = client(&sim);
    let request = payment("R-WINDOW-1", "5.00");
    let report = client.pay(request.clone()).await.unwrap();
    sim.advance_clock(181);
    let status = client
        .payment_status(BIG_INVOICE, request.paid_at.unwrap(), dec("5"))
        .await
        .unwrap();
    assert_eq!(status.cod_status, PaymentState::Synchronised);
    let reversal = client
        .reverse(ReversalRequest {
            idtrx: report.idtrx.unwrap(),
            amount: dec("5.00"),
            paid_at: request.paid_at.unwrap(),
            secuencial: Some(BIG_INVOICE),
        })
        .await
        .unwrap();
    assert_eq!(reversal.outcome, Outcome::Rejected);
    let rejection = reversal.rejection.unwrap();
    assert_eq!(rejection.code, "-1");
    assert!(rejection.by_biller);
    let synced = client
        .reconciliation(request.paid_at.unwrap().date(), EstadoFiltro::Synchronised)
        .await
        .unwrap();
    assert_eq!(synced.len(), 1);
}

#[tokio::test]
async fn a_biller_refusal_is_rejected_with_its_reason_and_nothing_is_resent() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let client = client(&sim);
    client.pay(payment("R-DUP", "1.00")).await.unwrap();
    let again = client.pay(payment("R-DUP", "2.00")).await.unwrap();
    assert_eq!(again.outcome, Outcome::Rejected);
    let rejection = again.rejection.unwrap();
    assert_eq!(rejection.code, "451");
    assert!(
        rejection.message.contains("duplicado"),
        "{}",
        rejection.message
    );
    assert_eq!(again.sends, 1);
    assert_eq!(payments_with_receipt(&sim, "R-DUP"), 1);
}

#[tokio::test]
async fn an_unreachable_biller_is_rejected_as_never_sent() {
    // A port nobody listens on: connection refused, so the payment provably never left.
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.base_url =
        recaudo_core::base_url::BaseUrl::parse("http://127.0.0.1:9/unicomer/", false).unwrap();
    let client = client_with(config, NativeTransport::new().unwrap(), manual_clock());
    let err = client.statement("0900000001").await.unwrap_err();
    assert_eq!(err.code(), "connect");
    assert!(!err.may_have_reached_biller());
}

/// A transport that forwards to the simulator and, for one endpoint, runs a hook after the
/// biller answered and then reports the reply as lost.
fn losing_reply_after<F: Fn() + 'static>(endpoint: &'static str, hook: F) -> impl Transport {
    let inner = NativeTransport::new().unwrap();
    let hook = Arc::new(hook);
    FnTransport(move |request: HttpRequest| {
        let inner = inner.clone();
        let hook = hook.clone();
        async move {
            let lose = request.url.ends_with(endpoint);
            let response = inner.send(request).await?;
            if lose {
                (hook.as_ref())();
                return Err(TransportError::new(
                    TransportErrorKind::Io,
                    Delivery::MaybeDelivered,
                    "reply lost (test)",
                ));
            }
            Ok(response)
        }
    })
}

#[tokio::test]
async fn a_zombie_found_while_recovering_needs_review_and_is_not_resent() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let hook_sim = sim.clone();
    let transport = losing_reply_after("registrarpago", move || {
        let last = hook_sim.unicomer_state().payments.last().unwrap().idtrx;
        assert!(hook_sim.set_unicomer_payment_state(last, 2));
    });
    let client = client_with(config(&sim), transport, SystemClock);
    let report = client.pay(payment("R-ZOMBIE", "3.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::NeedsReview);
    assert_eq!(report.state, Some(PaymentState::Zombie));
    assert_eq!(report.sends, 1);
    assert!(report.evidence.iter().any(|e| e.step == "consultarpago"));
    assert_eq!(payments_with_receipt(&sim, "R-ZOMBIE"), 1);
}

#[tokio::test]
async fn another_receipt_under_the_same_key_is_not_ours() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let client = client(&sim);
    assert_eq!(
        client
            .pay(payment("R-FIRST", "7.00"))
            .await
            .unwrap()
            .outcome,
        Outcome::Confirmed
    );
    // Same invoice, time and amount under another receipt, and its request is lost before the
    // biller sees it: consultarpago finds the first payment, which is not ours, and conciliacion
    // lists nothing with our receipt: absent twice, so it is sent again.
    sim.arm_fault(fault("registrarpago", FaultKind::DropBeforeCommit));
    let report = client.pay(payment("R-SECOND", "7.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    assert_eq!(report.sends, 2);
    assert_eq!(payments_with_receipt(&sim, "R-SECOND"), 1);
    assert_eq!(payments_with_receipt(&sim, "R-FIRST"), 1);
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = calls.clone();
    let transport = FnTransport(move |_request: HttpRequest| {
        counter.fetch_add(1, Ordering::SeqCst);
        async {
            Err::<recaudo_core::http::HttpResponse, _>(TransportError::new(
                TransportErrorKind::Other,
                Delivery::NotSent,
                "unused",
            ))
        }
    });
    let sim = start_sim().await;
    let client = client_with(config(&sim), transport, manual_clock());
    let cases: Vec<(&str, recaudo_core::unicomer::PaymentRequest, &str)> = vec![
        ("zero amount", payment("R-1", "0"), "invalid_amount"),
        ("negative amount", payment("R-1", "-5.00"), "invalid_amount"),
        ("three decimals", payment("R-1", "1.005"), "invalid_amount"),
        (
            "above the balance",
            {
                let mut p = payment("R-1", "10.01");
                p.balance = Some(dec("10.00"));
                p
            },
            "invalid_amount",
        ),
        ("empty receipt", payment("  ", "1.00"), "invalid_input"),
        (
            "receipt with spaces",
            payment("R 1", "1.00"),
            "invalid_input",
        ),
        (
            "receipt with control chars",
            payment("R\u{7}1", "1.00"),
            "invalid_input",
        ),
        (
            "zero secuencial",
            {
                let mut p = payment("R-1", "1.00");
                p.secuencial = 0;
                p
            },
            "invalid_input",
        ),
        (
            "empty cashier",
            {
                let mut p = payment("R-1", "1.00");
                p.cashier = " ".into();
                p
            },
            "invalid_input",
        ),
    ];
    for (name, request, code) in cases {
        let err = client.pay(request).await.unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
    }
    for cliente in ["", "   ", "09 0000", "0900000001; DROP"] {
        let err = client.statement(cliente).await.unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{cliente:?}");
    }
    let err = client
        .reverse(ReversalRequest {
            idtrx: -3,
            amount: dec("1"),
            paid_at: at("2026-11-23 10:00:00"),
            secuencial: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "no request may leave for bad input"
    );
}
