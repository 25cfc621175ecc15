//! Bad input gets a typed error and sends nothing: a transport that counts what it is given
//! proves it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use recaudo_core::http::{HttpRequest, HttpResponse};
use recaudo_core::transport::{Delivery, FnTransport, TransportError, TransportErrorKind};
use recaudo_core::unicobros::{
    DayRange, ListMethod, ListOperationsRequest, OperationFilters, SearchOperationsRequest,
    UnicobrosClient,
};
use recaudo_core::{Currency, Money, Secret};

use crate::common::*;

fn counting() -> (Arc<AtomicU32>, impl recaudo_core::transport::Transport) {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = calls.clone();
    let transport = FnTransport(move |_request: HttpRequest| {
        counter.fetch_add(1, Ordering::SeqCst);
        async {
            Err::<HttpResponse, _>(TransportError::new(
                TransportErrorKind::Other,
                Delivery::NotSent,
                "unused",
            ))
        }
    });
    (calls, transport)
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 12, d).unwrap()
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let sim = start_sim().await;
    let (calls, transport) = counting();
    let c = client_with(config(&sim), transport, manual_clock());

    // Limits: 1 to 50, in both forms, for one page and for a walk.
    for limit in [0, 51, 1000] {
        let get = ListOperationsRequest {
            page: 0,
            limit: Some(limit),
            filters: OperationFilters::default(),
        };
        assert_eq!(
            c.list_operations(&get).await.unwrap_err().code(),
            "invalid_input"
        );
        let post = SearchOperationsRequest {
            page: 0,
            limit: Some(limit),
            filters: OperationFilters::default(),
        };
        assert_eq!(
            c.search_operations(&post).await.unwrap_err().code(),
            "invalid_input"
        );
        for method in [ListMethod::Get, ListMethod::Post] {
            let err = c
                .operation_pages(method, 0, Some(limit), OperationFilters::default())
                .err()
                .expect("refused");
            assert_eq!(err.code(), "invalid_input", "{limit}");
        }
    }
    let bad_filters = [
        OperationFilters {
            status: Some(999),
            ..Default::default()
        },
        OperationFilters {
            currency: Some(Currency::Usd),
            ..Default::default()
        },
        OperationFilters {
            context: vec!["a b".into()],
            ..Default::default()
        },
        OperationFilters {
            context: vec!["a,b".into()],
            ..Default::default()
        },
        OperationFilters {
            created: DayRange {
                from: Some(day(5)),
                to: Some(day(4)),
            },
            ..Default::default()
        },
        OperationFilters {
            text: Some("  ".into()),
            ..Default::default()
        },
        OperationFilters {
            reference: Some("a\u{0}b".into()),
            ..Default::default()
        },
    ];
    for filters in bad_filters {
        for method in [ListMethod::Get, ListMethod::Post] {
            let err = c
                .operation_pages(method, 0, None, filters.clone())
                .err()
                .expect("refused");
            assert_eq!(err.code(), "invalid_input", "{filters:?}");
        }
    }

    for reference in ["", "   ", ".", "..", " padded", "a\nb", &"x".repeat(256)] {
        let err = c.coupons(reference).await.unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{reference:?}");
        let err = c.resolve_reference(reference, None).await.unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{reference:?}");
    }
    for id in ["", " ", "a\u{7}b"] {
        let err = c.transaction_status(id).await.unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{id:?}");
    }
    let expected = |a: &str, cur| Some(Money::new(dec(a), cur));
    for (money, code) in [
        (expected("0", Currency::Ars), "invalid_amount"),
        (expected("-5", Currency::Ars), "invalid_amount"),
        (expected("1.005", Currency::Ars), "invalid_amount"),
        (expected("1.00", Currency::Usd), "invalid_input"),
    ] {
        let err = c.resolve_reference("REF-1", money).await.unwrap_err();
        assert_eq!(err.code(), code, "{money:?}");
        let err = c.resolve_lost_checkout("REF-1", money).await.unwrap_err();
        assert_eq!(err.code(), code, "{money:?}");
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "no request may leave for bad input"
    );
    assert!(
        sim.unicobros_state().requests.values().all(|n| *n == 0),
        "nothing reached the simulator"
    );
}

#[tokio::test]
async fn configuration_is_checked_and_secrets_never_print() {
    let sim = start_sim().await;
    let (calls, _) = counting();
    let mut config = config(&sim);
    config.credentials.access_token = Secret::new(" ");
    let err = UnicobrosClient::new(config, counting().1, manual_clock())
        .err()
        .unwrap();
    assert_eq!(err.code(), "config");
    assert!(err.to_string().contains("access token"));
    let mut config = self::config(&sim);
    config.credentials.api_key = Secret::new("key with spaces");
    assert_eq!(
        UnicobrosClient::new(config, counting().1, manual_clock())
            .err()
            .unwrap()
            .code(),
        "config"
    );
    let mut config = self::config(&sim);
    config.lang = Some("es AR".into());
    assert_eq!(
        UnicobrosClient::new(config, counting().1, manual_clock())
            .err()
            .unwrap()
            .code(),
        "config"
    );
    let err = recaudo_core::unicobros::UnicobrosConfig::with_base_url(
        "http://unicobros.example.invalid/",
        false,
        credentials(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "insecure_url");
    let config = recaudo_core::unicobros::UnicobrosConfig::new(credentials());
    assert_eq!(config.base_url.as_str(), "https://api.unicobros.com.ar/");
    let shown = format!("{:?}", self::config(&sim));
    assert!(!shown.contains("api-key-de-prueba"), "{shown}");
    assert!(!shown.contains("access-token-de-prueba"), "{shown}");
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}
