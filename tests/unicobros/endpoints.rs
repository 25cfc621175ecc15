//! Every endpoint against the simulator, and the credentials.

use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::unicobros::{
    ListOperationsRequest, OperationFilters, ReferencePlacement, SearchOperationsRequest,
    StatusGroup,
};
use recaudo_core::{Currency, Secret};
use recaudo_sim::unicobros::UnicobrosOperation;

use crate::common::*;

#[tokio::test]
async fn transaction_status_by_coupon_id() {
    let sim = start_sim().await;
    let id = coupon_id(&sim, "REF-TEST-0001");
    let status = client(&sim).transaction_status(&id).await.unwrap();
    let tx = &status.transactions[0];
    assert_eq!(tx.status.code(), "200");
    assert_eq!(tx.total.to_string(), "100.5");
    assert_eq!(tx.coupon.as_deref(), Some(id.as_str()));
    assert_eq!(
        tx.currency.as_ref().and_then(|c| c.currency_code()),
        Some("TEST")
    );
    let payment = status
        .transaction
        .as_ref()
        .unwrap()
        .payment
        .as_ref()
        .unwrap();
    assert_eq!(payment.status.code.group(), StatusGroup::Approved);
    assert_eq!(payment.status.text.as_deref(), Some("Aprobado"));
    assert_eq!(payment.reference.as_deref(), Some("REF-TEST-0001"));
    assert_eq!(payment.total.to_string(), "100.5");
    assert!(status.detail("authorizationCode").is_some());
    assert_eq!(status.status().unwrap().code(), "200");

    // A child's id works too; an unknown id is the biller's refusal, not retried.
    let state = sim.unicobros_state();
    let child = &state.with_reference("REF-CHILDS-0001")[0].childs[1];
    let child_status = client(&sim).transaction_status(&child.id).await.unwrap();
    assert_eq!(child_status.transactions[0].total.to_string(), "500");
    let before = requests(&sim, "transactions_status");
    let err = client(&sim)
        .transaction_status("no-such-coupon")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "biller");
    assert_eq!(err.biller_code(), Some("NOT_FOUND"));
    assert_eq!(err.http_status(), Some(404));
    assert!(err.biller_message().unwrap().contains("no-such-coupon"));
    assert_eq!(requests(&sim, "transactions_status") - before, 1);
}

#[tokio::test]
async fn coupons_by_reference_with_childs_in_path_or_query() {
    let sim = start_sim().await;
    let coupons = client(&sim).coupons("REF-CHILDS-0001").await.unwrap();
    assert_eq!(coupons.len(), 1);
    let parent = &coupons[0];
    assert_eq!(parent.total.to_string(), "900.53");
    assert_eq!(parent.currency.as_deref(), Some("TEST"));
    let totals: Vec<String> = parent.childs.iter().map(|c| c.total.to_string()).collect();
    assert_eq!(totals, ["400.53", "500"]);
    assert_eq!(parent.approved_childs_total().to_string(), "900.53");
    assert!(parent.childs[0].card_number.is_some());

    // References with spaces, slashes, `#`, `?` and accents stay one value, in both placements.
    let odd = "Referencia Demo/2 #ñ?x=1";
    add(&sim, odd, "10.00", "ARS", "200");
    for placement in [ReferencePlacement::Path, ReferencePlacement::Query] {
        let mut config = config(&sim);
        config.reference_placement = placement;
        let c = client_with(config, NativeTransport::new().unwrap(), SystemClock);
        let found = c.coupons(odd).await.unwrap();
        assert_eq!(found.len(), 1, "{placement:?}");
        assert_eq!(found[0].reference.as_deref(), Some(odd));
        assert!(c.coupons("REF-NOBODY").await.unwrap().is_empty());
    }
    // Case matters in references.
    assert!(
        client(&sim)
            .coupons("ref-pagada-0001")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn one_page_of_each_listing_form() {
    let sim = start_sim().await;
    let c = client(&sim);
    let filters = OperationFilters {
        reference: Some("REF-RECHAZADA-0001".into()),
        currency: Some(Currency::Ars),
        ..Default::default()
    };
    let get = c
        .list_operations(&ListOperationsRequest {
            page: 0,
            limit: Some(20),
            filters: filters.clone(),
        })
        .await
        .unwrap();
    let post = c
        .search_operations(&SearchOperationsRequest {
            page: 0,
            limit: Some(20),
            filters,
        })
        .await
        .unwrap();
    for page in [&get, &post] {
        assert_eq!(page.docs.len(), 2);
        // The document's numbering: page=0 is answered as page 1, no neighbours.
        assert_eq!(
            (page.page, page.prev_page, page.next_page, page.limit),
            (Some(1), Some(-1), Some(-1), Some(20))
        );
        assert!(!page.has_next());
        // Newest first.
        assert_eq!(page.docs[0].status.code(), "401");
        assert_eq!(page.docs[1].status.code(), "400");
        assert_eq!(page.docs[0].currency(), Some("ARS"));
        assert_eq!(page.docs[0].total.to_string(), "2500");
    }
    assert_eq!(get, post);
    assert_eq!(requests(&sim, "operations"), 2);
}

#[tokio::test]
async fn wrong_credentials_are_auth_errors_sent_once() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.credentials.api_key = Secret::new("planted-wrong-api-key");
    let c = client_with(config, NativeTransport::new().unwrap(), SystemClock);
    let err = c.coupons("REF-PAGADA-0001").await.unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.http_status(), Some(401));
    assert_eq!(err.biller_message(), Some("API key inválida"));
    assert!(!format!("{err} {err:?}").contains("planted"));
    assert_eq!(
        requests(&sim, "coupons"),
        1,
        "an auth refusal is not retried"
    );
    // resolve_reference surfaces it too: it says nothing about the payment.
    let err = c
        .resolve_reference("REF-PAGADA-0001", None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "auth");
}

#[tokio::test]
async fn a_revoked_access_token_is_surfaced_without_a_replay_loop() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.lang = Some("en".into());
    let c = client_with(config, NativeTransport::new().unwrap(), SystemClock);
    assert_eq!(c.coupons("REF-PAGADA-0001").await.unwrap().len(), 1);
    sim.expire_tokens();
    for endpoint in ["coupons", "transactions_status", "operations"] {
        let before = requests(&sim, endpoint);
        let err = match endpoint {
            "coupons" => c.coupons("REF-PAGADA-0001").await.map(drop),
            "transactions_status" => c.transaction_status("x").await.map(drop),
            _ => c
                .list_operations(&ListOperationsRequest::default())
                .await
                .map(drop),
        }
        .unwrap_err();
        assert_eq!(err.code(), "auth", "{endpoint}");
        // x-lang: en reached the biller.
        assert_eq!(
            err.biller_message(),
            Some("Invalid or expired access token")
        );
        assert_eq!(
            requests(&sim, endpoint) - before,
            1,
            "{endpoint}: no replay"
        );
    }
    sim.restore_unicobros_tokens();
    assert_eq!(c.coupons("REF-PAGADA-0001").await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_simulators_duplicate_guard_refuses_a_second_paid_operation() {
    let sim = start_sim().await;
    add(&sim, "REF-GUARD", "50.00", "ARS", "400");
    add(&sim, "REF-GUARD", "50.00", "ARS", "200");
    let second = sim.add_unicobros_operation(UnicobrosOperation::new(
        "REF-GUARD",
        dec("50.00"),
        "ARS",
        "200",
    ));
    assert!(second.unwrap_err().contains("duplicate"));
    let declined = coupon_id(&sim, "REF-GUARD");
    assert!(sim.set_unicobros_status(&declined, "200").is_err());
    assert_eq!(sim.unicobros_state().paid_with_reference("REF-GUARD"), 1);
    assert_eq!(client(&sim).coupons("REF-GUARD").await.unwrap().len(), 2);
}
