//! Unicobros' documented replies and requests, through the public endpoint API.
//!
//! The fixtures in `tests/fixtures/unicobros/` are the document's examples with every personal,
//! account or credential value replaced by a fake one; see their README.

use std::cell::RefCell;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use recaudo_core::clock::ManualClock;
use recaudo_core::http::{HttpRequest, HttpResponse, Method};
use recaudo_core::transport::FnTransport;
use recaudo_core::unicobros::*;
use recaudo_core::{Currency, Error, Secret};
use rust_decimal::Decimal;
use serde_json::{Value, json};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/unicobros/",
            $name
        ))
        .as_slice()
    };
}

const JSON_CT: &str = "application/json; charset=utf-8";

fn ok(body: &[u8]) -> HttpResponse {
    HttpResponse::new(200, body)
}

fn config() -> UnicobrosConfig {
    UnicobrosConfig::with_base_url(
        "http://127.0.0.1:9/",
        false,
        Credentials {
            api_key: Secret::new("api-key-de-prueba"),
            access_token: Secret::new("access-token-de-prueba"),
        },
    )
    .expect("loopback http is allowed")
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn text(value: Option<Decimal>) -> String {
    value.expect("amount present").to_string()
}

fn body_json(request: &HttpRequest) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

fn query_pairs(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    serde_urlencoded::from_str(query).unwrap()
}

// ---------------------------------------------------------------------------------------------
// POST 2.0/transactions/status
// ---------------------------------------------------------------------------------------------

#[test]
fn transactions_status_keeps_every_value_exactly() {
    let s = <TransactionStatusRequest as Endpoint>::decode(&ok(fixture!(
        "transactions_status_ok.json"
    )))
    .unwrap();
    assert_eq!(s.transactions.len(), 1);
    let t = &s.transactions[0];
    assert_eq!(t.id.as_deref(), Some("5f0c97f616d2da0eb6d68943"));
    assert_eq!(t.uid.as_deref(), Some("OmM7j3LSzb"));
    // `"utid": ""` in the document: an optional text left blank is absent.
    assert_eq!(t.utid, None);
    assert_eq!(t.status, StatusCode::parse("200"));
    assert_eq!(t.status.group(), StatusGroup::Approved);
    assert_eq!(t.description.as_deref(), Some("Checkout Demo"));
    assert_eq!(t.kind.as_deref(), Some("Payment"));
    assert_eq!(t.total.to_string(), "100.5");
    assert!(t.references.is_empty());
    assert_eq!(t.sender.as_deref(), Some("a0a0a0a0a0a0a0a0a0a0a0a0"));
    assert_eq!(t.coupon.as_deref(), Some("5f0c97f616d2da0eb6d6893f"));
    let cur = t.currency.as_ref().unwrap();
    assert_eq!(
        (
            cur.currency_code(),
            cur.label.as_deref(),
            cur.symbol.as_deref(),
            cur.hidden
        ),
        (Some("TEST"), Some("Test Money"), Some("T$"), Some(false))
    );
    assert_eq!(t.updated, Some(at("2020-07-13T17:20:54.463Z")));
    assert_eq!(t.created, Some(at("2020-07-13T17:20:54.462Z")));
    assert_eq!(t.version, Some(0));

    let view = s.transaction.as_ref().unwrap();
    assert_eq!(view.result, Some(true));
    assert_eq!(view.view.as_ref().unwrap().kind.as_deref(), Some("card"));
    let p = view.payment.as_ref().unwrap();
    assert_eq!(p.id.as_deref(), Some("zP5_3fqSt"));
    assert_eq!(
        p.operation.as_ref().unwrap().kind.as_deref(),
        Some("payment.v2")
    );
    assert_eq!(p.status.code.code(), "200");
    assert_eq!(p.status.text.as_deref(), Some("Aprobado"));
    assert_eq!(p.status.message.as_deref(), Some("Transacción Aprobada"));
    assert_eq!(p.total.to_string(), "100.5");
    assert_eq!(p.currency.as_ref().unwrap().currency_code(), Some("TEST"));
    let risk = p.risk_analysis.as_ref().unwrap();
    assert_eq!(
        (risk.band.as_deref(), risk.level.as_deref()),
        (Some("N/A"), Some("N/A"))
    );
    assert_eq!(p.created, Some(at("2020-07-13T17:20:54.308Z")));
    assert_eq!(p.updated, Some(at("2020-07-13T17:20:54.977Z")));
    assert_eq!(p.reference.as_deref(), Some("Referencia Demo"));
    let src = p.source.as_ref().unwrap();
    assert_eq!(src.name.as_deref(), Some("Visa Débito"));
    assert_eq!(src.kind.as_deref(), Some("card"));
    assert_eq!(src.number.as_deref(), Some("400000******0000"));
    let exp = src.expiration.as_ref().unwrap();
    assert_eq!(
        (exp.month.as_deref(), exp.year.as_deref()),
        (Some("12"), Some("25"))
    );
    let inst = src.installment.as_ref().unwrap();
    assert_eq!(text(inst.amount), "100.5");
    assert_eq!(inst.count, Some(1));
    assert_eq!(inst.reference.as_deref(), Some("1_debit"));
    let user = view.user.as_ref().unwrap();
    assert_eq!(user.name.as_deref(), Some("Cliente de Prueba"));
    assert_eq!(user.email.as_deref(), Some("cliente@example.test"));
    assert_eq!(
        view.source.as_ref().unwrap().reference.as_deref(),
        Some("visa.debit")
    );

    assert_eq!(s.transaction_details.len(), 4);
    assert_eq!(s.detail("authorizationCode"), Some("121212"));
    assert_eq!(s.detail("ticketNo"), Some("1111"));
    assert_eq!(s.detail("transactionId"), Some("zP5_3fqSt"));
    assert_eq!(
        s.transaction_details[0].label.as_deref(),
        Some("Número de Tarjeta")
    );
    assert_eq!(s.status().unwrap().name(), "paid");
}

#[test]
fn transactions_status_request_matches_the_document() {
    let request = TransactionStatusRequest {
        id: "#MyImportantID".into(),
    };
    let http = request.to_http(&config()).unwrap();
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "http://127.0.0.1:9/2.0/transactions/status");
    assert_eq!(http.header_value("content-type"), Some(JSON_CT));
    assert_eq!(body_json(&http), json!({"id": "#MyImportantID"}));
}

// ---------------------------------------------------------------------------------------------
// GET 2.0/transactions/coupons/{reference}
// ---------------------------------------------------------------------------------------------

#[test]
fn coupons_keep_every_value_exactly() {
    let coupons = <CouponsRequest as Endpoint>::decode(&ok(fixture!("coupons_ok.json"))).unwrap();
    assert_eq!(coupons.len(), 1);
    let c = &coupons[0];
    assert_eq!(c.id, "606f057c063b6c569b7cb3a7");
    assert_eq!(c.uid.as_deref(), Some("IkKr5G~aG"));
    assert_eq!(c.operation.as_deref(), Some("payment.v2"));
    assert!(c.status.is_paid());
    let src = c.source.as_ref().unwrap();
    assert_eq!(
        (src.name.as_deref(), src.reference.as_deref()),
        (Some("Visa Débito"), Some("visa.debit"))
    );
    assert_eq!(c.installment_count, Some(1));
    // A whole number stays whole; it is printed with the currency's decimals only for people.
    assert_eq!(c.total.to_string(), "10288");
    assert_eq!(amount_text(c.total, c.currency.as_deref()), "10288.00");
    assert_eq!(c.currency.as_deref(), Some("TEST"));
    assert_eq!(c.description.as_deref(), Some("Pago Demo"));
    assert_eq!(c.reference.as_deref(), Some("81_202104081029249199"));
    assert_eq!(
        c.user.as_ref().unwrap().email.as_deref(),
        Some("cliente@example.test")
    );
    assert_eq!(c.updated, Some(at("2021-04-08T13:30:36.570Z")));
    assert_eq!(c.created, Some(at("2021-04-08T13:30:36.470Z")));
    assert!(c.childs.is_empty());
}

#[test]
fn the_childs_node_decodes_inside_a_coupon() {
    let node: Value = serde_json::from_slice(fixture!("coupon_childs_node.json")).unwrap();
    let mut reply: Value = serde_json::from_slice(fixture!("coupons_ok.json")).unwrap();
    reply["data"][0]["childs"] = node["childs"].clone();
    reply["data"][0]["total"] = json!(900.53);
    let body = serde_json::to_vec(&reply).unwrap();
    let coupons = <CouponsRequest as Endpoint>::decode(&ok(&body)).unwrap();
    let childs = &coupons[0].childs;
    assert_eq!(childs.len(), 2);
    assert_eq!(childs[0].id, "675ae372aa48b839b789144f");
    assert_eq!(childs[0].uid.as_deref(), Some("CHD-727BJJJVN8FAC1UZLV"));
    assert_eq!(childs[0].card_number.as_deref(), Some("40000000****0000"));
    assert_eq!(childs[0].total.to_string(), "400.53");
    assert_eq!(childs[1].total.to_string(), "500");
    assert_eq!(
        childs[1].source.as_ref().unwrap().name.as_deref(),
        Some("Visa")
    );
    assert_eq!(childs[1].reference.as_deref(), Some("949MFIFCZM77505MKK"));
    assert_eq!(childs[1].updated, Some(at("2024-12-12T13:22:06.791Z")));
    // Exact decimal arithmetic: 400.53 + 500 is 900.53, the parent's total.
    assert_eq!(coupons[0].approved_childs_total().to_string(), "900.53");
    let r = resolution::judge("81_202104081029249199", coupons, None);
    assert_eq!(r.finding, Finding::Paid);
}

#[test]
fn the_documents_commented_coupons_example_is_not_json() {
    let body = fixture!("coupons_ok_verbatim_shape.txt");
    let err = <CouponsRequest as Endpoint>::decode(&ok(body)).unwrap_err();
    assert_eq!(err.code(), "decode");
    let Error::Decode { snippet, .. } = &err else {
        unreachable!()
    };
    assert!(snippet.starts_with("{\n \"result\": true, //"), "{snippet}");
    assert!(snippet.chars().count() <= 201);
}

#[test]
fn coupons_request_puts_the_reference_in_the_path_or_the_query() {
    let request = CouponsRequest {
        reference: "mi_referencia_0101".into(),
    };
    let mut config = config();
    let http = request.to_http(&config).unwrap();
    assert_eq!(http.method, Method::Get);
    assert_eq!(
        http.url,
        "http://127.0.0.1:9/2.0/transactions/coupons/mi_referencia_0101"
    );
    assert!(http.body.is_empty());
    let odd = CouponsRequest {
        reference: "Referencia Demo/1#?".into(),
    };
    assert_eq!(
        odd.to_http(&config).unwrap().url,
        "http://127.0.0.1:9/2.0/transactions/coupons/Referencia%20Demo%2F1%23%3F"
    );
    config.reference_placement = ReferencePlacement::Query;
    assert_eq!(
        request.to_http(&config).unwrap().url,
        "http://127.0.0.1:9/2.0/transactions/coupons?reference=mi_referencia_0101"
    );
    assert_eq!(
        query_pairs(&odd.to_http(&config).unwrap().url),
        [("reference".to_owned(), "Referencia Demo/1#?".to_owned())]
    );
}

// ---------------------------------------------------------------------------------------------
// GET and POST p/operations
// ---------------------------------------------------------------------------------------------

fn assert_operations_page(page: &OperationsPage, first_reference: &str) {
    assert_eq!(
        (page.page, page.prev_page, page.next_page, page.limit),
        (Some(1), Some(-1), Some(-1), Some(20))
    );
    assert!(!page.has_next());
    assert_eq!(page.docs.len(), 2);
    let o = &page.docs[0];
    assert_eq!(o.id.as_deref(), Some("606f01cc063b6c569b7cb232"));
    assert_eq!(o.user.as_ref().unwrap().name.as_deref(), Some("demo"));
    assert_eq!(o.uid.as_deref(), Some("GZF5JBMBd"));
    assert_eq!(o.operation.as_deref(), Some("payment.v2"));
    assert_eq!(o.status.code(), "200");
    assert_eq!(o.source_reference.as_deref(), Some("mastercard"));
    assert_eq!(o.source_name.as_deref(), Some("Mastercard"));
    assert_eq!(o.installment_reference.as_deref(), Some("1"));
    assert_eq!(o.card_number.as_deref(), Some("500000******0000"));
    assert_eq!(o.description.as_deref(), Some("Orden Test"));
    assert_eq!(o.reference.as_deref(), Some(first_reference));
    assert_eq!(o.risk_quality_level.as_deref(), Some("0"));
    let e = o.entity.as_ref().unwrap();
    assert_eq!(
        (e.name.as_deref(), e.uid.as_deref(), e.tax_id.as_deref()),
        (Some("Demo"), Some("ENTPRUEBA"), Some("30000000007"))
    );
    assert_eq!(o.total.to_string(), "2871.74");
    let t = o.totals.as_ref().unwrap();
    assert_eq!(text(t.total), "2871.74");
    assert_eq!(text(t.user_charges), "0");
    let charges = t.entity_charges.as_ref().unwrap();
    assert_eq!(
        (
            text(charges.source),
            text(charges.installment),
            text(charges.service)
        ),
        ("0".into(), "0".into(), "0".into())
    );
    assert_eq!(t.currency.as_deref(), Some("TEST"));
    assert_eq!(text(t.installment_amount), "2871.74");
    assert_eq!(text(t.financial.as_ref().unwrap().percentage), "0");
    let requested = t.requested.as_ref().unwrap();
    assert_eq!(text(requested.total), "2871.74");
    assert_eq!(requested.currency.as_deref(), Some("TEST"));
    assert_eq!(
        t.currency_data.as_ref().unwrap().label.as_deref(),
        Some("Test Money")
    );
    let inst = t.installment.as_ref().unwrap();
    assert_eq!((text(inst.amount), inst.count), ("2871.74".into(), Some(1)));
    assert_eq!(o.currency(), Some("TEST"));
    assert_eq!(o.created, Some(at("2021-04-08T13:14:52.648Z")));
    assert_eq!(o.updated, None);
    let ctx = o.context.as_ref().unwrap();
    assert_eq!(
        (ctx.value.as_deref(), ctx.name.as_deref()),
        (
            Some("plugin.value.payment_order:web"),
            Some("Orden de Pago")
        )
    );
    assert_eq!(o.intent.as_ref().unwrap().name.as_deref(), Some("Pago"));
    assert_eq!(
        o.source.as_ref().unwrap().name.as_deref(),
        Some("Mastercard")
    );
    assert_eq!(o.sign.as_deref(), Some("+"));
    let rq = o.risk_quality.as_ref().unwrap();
    assert_eq!(
        (rq.level.as_deref(), rq.band.as_deref()),
        (Some("0"), Some("0"))
    );
    let declined = &page.docs[1];
    assert_eq!(declined.status.code(), "400");
    assert_eq!(declined.status.group(), StatusGroup::Rejected);
    assert_eq!(declined.uid.as_deref(), Some("4ED9NVAHM"));
    assert_eq!(declined.created, Some(at("2021-04-08T13:09:07.404Z")));
    // Exact sums of decoded amounts.
    let sum: Decimal = page.docs.iter().map(|d| d.total).sum();
    assert_eq!(sum.to_string(), "5743.48");
}

#[test]
fn operations_replies_keep_every_value_exactly() {
    let get = <ListOperationsRequest as Endpoint>::decode(&ok(fixture!("operations_get_ok.json")))
        .unwrap();
    assert_operations_page(&get, "my_mobbex_reference");
    let post =
        <SearchOperationsRequest as Endpoint>::decode(&ok(fixture!("operations_post_ok.json")))
            .unwrap();
    assert_operations_page(&post, "my_unicobros_reference");
}

#[test]
fn the_get_listing_request_matches_the_documents_url() {
    let request = ListOperationsRequest {
        page: 0,
        limit: Some(20),
        filters: OperationFilters {
            reference: Some("my_mobbex_reference".into()),
            context: vec![
                "plugin.value.checkout:web".into(),
                "plugin.value.payment_order:web".into(),
            ],
            test: Some(true),
            ..Default::default()
        },
    };
    let http = request.to_http(&config()).unwrap();
    assert_eq!(http.method, Method::Get);
    assert!(http.url.starts_with("http://127.0.0.1:9/p/operations?"));
    assert!(http.body.is_empty());
    // The document's URL, decoded the same way.
    let documented = "p/operations?page=0&limit=20&reference=my_mobbex_reference\
                      &context=plugin.value.checkout:web,plugin.value.payment_order:web&test=true";
    let mut ours = query_pairs(&http.url);
    let mut theirs = query_pairs(documented);
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);

    // Every other filter, with dates as days or as epoch milliseconds.
    let day = |d| NaiveDate::from_ymd_opt(2019, 11, d).unwrap();
    let full = ListOperationsRequest {
        page: 3,
        limit: None,
        filters: OperationFilters {
            status: Some(200),
            currency: Some(Currency::Ars),
            created: DayRange {
                from: Some(day(10)),
                to: Some(day(11)),
            },
            updated: DayRange {
                from: None,
                to: Some(day(12)),
            },
            text: Some("Orden Test".into()),
            ..Default::default()
        },
    };
    let mut config = config();
    let pairs = query_pairs(&full.to_http(&config).unwrap().url);
    let expect = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter().map(|(a, b)| ((*a).into(), (*b).into())).collect()
    };
    assert_eq!(
        pairs,
        expect(&[
            ("page", "3"),
            ("status", "200"),
            ("currency", "ARS"),
            ("created_from", "2019-11-10"),
            ("created_to", "2019-11-11"),
            ("updated_to", "2019-11-12"),
            ("text", "Orden Test"),
        ])
    );
    config.query_date_format = QueryDateFormat::TimestampMillis;
    let pairs = query_pairs(&full.to_http(&config).unwrap().url);
    assert!(pairs.contains(&("created_from".into(), "1573344000000".into())));
    assert!(pairs.contains(&("created_to".into(), "1573516799999".into())));
}

#[test]
fn the_post_listing_request_matches_the_documents_body() {
    let request = SearchOperationsRequest {
        page: 0,
        limit: Some(20),
        filters: OperationFilters {
            reference: Some("my_mobbex_reference".into()),
            context: vec![
                "plugin.value.checkout:web".into(),
                "plugin.value.payment_order:web".into(),
            ],
            test: Some(true),
            ..Default::default()
        },
    };
    let http = request.to_http(&config()).unwrap();
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "http://127.0.0.1:9/p/operations?page=0&limit=20");
    assert_eq!(http.header_value("content-type"), Some(JSON_CT));
    assert_eq!(
        body_json(&http),
        json!({
            "reference": "my_mobbex_reference",
            "context": ["plugin.value.checkout:web", "plugin.value.payment_order:web"],
            "test": true
        })
    );

    // The date object, as documented (its `"from: {` typo corrected), and `status` as a string.
    let dated = SearchOperationsRequest {
        page: 1,
        limit: None,
        filters: OperationFilters {
            status: Some(400),
            currency: Some(Currency::Test),
            created: DayRange {
                from: NaiveDate::from_ymd_opt(2019, 11, 10),
                to: NaiveDate::from_ymd_opt(2019, 11, 11),
            },
            text: Some("Orden".into()),
            ..Default::default()
        },
    };
    let http = dated.to_http(&config()).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/p/operations?page=1");
    let documented = std::str::from_utf8(fixture!("date_range_verbatim_shape.txt")).unwrap();
    assert!(
        serde_json::from_str::<Value>(documented).is_err(),
        "the typo is kept"
    );
    let corrected: Value =
        serde_json::from_str(&documented.replace("\"from: {", "\"from\": {")).unwrap();
    let body = body_json(&http);
    assert_eq!(body["created"], corrected);
    assert_eq!(body["status"], json!("400"));
    assert_eq!(body["currency"], json!("TEST"));
    assert_eq!(body["text"], json!("Orden"));
    assert!(body.get("updated").is_none() && body.get("context").is_none());
}

// ---------------------------------------------------------------------------------------------
// Refusals, HTTP failures and malformed bodies
// ---------------------------------------------------------------------------------------------

#[test]
fn mobbex_refusals_keep_code_and_message_verbatim() {
    let body =
        r#"{"result": false, "code": "INVALID_PARAMS", "error": "Parámetro inválido: page"}"#;
    let err =
        <ListOperationsRequest as Endpoint>::decode(&HttpResponse::new(400, body)).unwrap_err();
    assert_eq!(
        err,
        Error::Biller {
            biller_code: "INVALID_PARAMS".into(),
            biller_message: "Parámetro inválido: page".into(),
            http_status: 400,
        }
    );
    let err = <CouponsRequest as Endpoint>::decode(&ok(br#"{"result": false, "error": "x"}"#))
        .unwrap_err();
    assert_eq!(err.biller_code(), Some("result_false"));
    let err = <CouponsRequest as Endpoint>::decode(&HttpResponse::new(
        401,
        r#"{"result": false, "error": "Credenciales inválidas"}"#,
    ))
    .unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.biller_message(), Some("Credenciales inválidas"));
    let err = <CouponsRequest as Endpoint>::decode(&HttpResponse::new(503, "<html>".repeat(999)))
        .unwrap_err();
    assert_eq!(err.code(), "http_status");
    assert!(err.is_transient());
    assert!(err.to_string().chars().count() < 400);
}

#[test]
fn truncated_bodies_are_decode_errors_with_bounded_snippets() {
    let full = fixture!("operations_get_ok.json");
    for cut in [1, 10, 300, full.len() / 2, full.len() - 2] {
        let err = <ListOperationsRequest as Endpoint>::decode(&ok(&full[..cut])).unwrap_err();
        assert_eq!(err.code(), "decode", "cut at {cut}");
        assert!(err.to_string().chars().count() < 600);
        assert!(err.is_transient());
    }
    let full = fixture!("transactions_status_ok.json");
    let err =
        <TransactionStatusRequest as Endpoint>::decode(&ok(&full[..full.len() / 2])).unwrap_err();
    assert_eq!(err.code(), "decode");
    // A success whose data is not the documented shape.
    let err =
        <CouponsRequest as Endpoint>::decode(&ok(br#"{"result": true, "data": {}}"#)).unwrap_err();
    assert_eq!(err.code(), "decode");
    let err = <CouponsRequest as Endpoint>::decode(&ok(
        br#"{"result": true, "data": [{"id": "a", "status": "200", "total": 1.5e400}]}"#,
    ))
    .unwrap_err();
    assert_eq!(err.code(), "decode");
}

// ---------------------------------------------------------------------------------------------
// What the client puts on the wire
// ---------------------------------------------------------------------------------------------

#[test]
fn the_client_sends_the_static_credentials_and_maps_auth_codes() {
    let seen: RefCell<Vec<HttpRequest>> = RefCell::new(Vec::new());
    let reply: RefCell<HttpResponse> = RefCell::new(ok(fixture!("coupons_ok.json")));
    let transport = FnTransport(|request: HttpRequest| {
        seen.borrow_mut().push(request);
        std::future::ready(Ok(reply.borrow().clone()))
    });
    let mut config = config();
    config.lang = Some("es".into());
    config.timeout = Duration::from_secs(7);
    let clock = ManualClock::new(at("2024-12-12T00:00:00Z"));
    let client = UnicobrosClient::new(config, transport, clock).unwrap();
    let coupons = futures::executor::block_on(client.coupons("mi_referencia_0101")).unwrap();
    assert_eq!(coupons[0].total.to_string(), "10288");
    {
        let sent = seen.borrow();
        let http = &sent[0];
        assert_eq!(http.header_value("x-api-key"), Some("api-key-de-prueba"));
        assert_eq!(
            http.header_value("x-access-token"),
            Some("access-token-de-prueba")
        );
        assert_eq!(http.header_value("x-lang"), Some("es"));
        assert_eq!(http.timeout, Some(Duration::from_secs(7)));
        let shown = format!("{http:?}");
        assert!(!shown.contains("api-key-de-prueba") && !shown.contains("access-token-de"));
    }
    // A `result: false` with an auth code is `auth`, sent once (nothing to refresh).
    *reply.borrow_mut() =
        ok(br#"{"result": false, "code": "unauthorized", "error": "Token vencido"}"#);
    let err = futures::executor::block_on(client.coupons("x")).unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.biller_code(), Some("unauthorized"));
    assert_eq!(seen.borrow().len(), 2);
    // Other codes stay the biller's refusal.
    *reply.borrow_mut() = ok(br#"{"result": false, "code": "NOT_FOUND", "error": "No"}"#);
    let err = futures::executor::block_on(client.coupons("x")).unwrap_err();
    assert_eq!(err.code(), "biller");
    // A garbled reply is retried (reads only), up to the policy's attempts.
    *reply.borrow_mut() = ok(&b"{\"result\": tr"[..]);
    let before = seen.borrow().len();
    let err = futures::executor::block_on(client.coupons("x")).unwrap_err();
    assert_eq!(err.code(), "decode");
    assert_eq!(seen.borrow().len() - before, 3);
}

#[test]
fn status_codes_group_through_the_one_table() {
    let cases = [
        ("0", StatusGroup::Pending),
        ("1", StatusGroup::Pending),
        ("2", StatusGroup::Pending),
        ("3", StatusGroup::Pending),
        ("4", StatusGroup::InReview),
        ("100", StatusGroup::InReview),
        ("200", StatusGroup::Approved),
        ("201", StatusGroup::InReview),
        ("210", StatusGroup::InReview),
        ("299", StatusGroup::Approved),
        ("303", StatusGroup::Approved),
        ("400", StatusGroup::Rejected),
        ("402", StatusGroup::Rejected),
        ("412", StatusGroup::Rejected),
        ("500", StatusGroup::Rejected),
        ("600", StatusGroup::Cancelled),
        ("601", StatusGroup::Cancelled),
        ("602", StatusGroup::Refunded),
        ("603", StatusGroup::Unknown),
        ("605", StatusGroup::Refunded),
        ("800", StatusGroup::Pending),
        ("42", StatusGroup::Unknown),
        ("", StatusGroup::Unknown),
    ];
    for (code, group) in cases {
        assert_eq!(StatusCode::parse(code).group(), group, "{code:?}");
    }
    assert_eq!(STATUS_TABLE.len(), 31);
    assert_eq!(StatusCode::parse("42").code(), "42");
}

// ---------------------------------------------------------------------------------------------
// Tolerated oddities: `null`, `""`, `[]` for an empty object, a number for text and text for a
// number, ISO date-times without a zone or with another one. What a recovery decision depends
// on (a coupon's id, status and total; a transaction's or payment's status and total) still
// fails when missing or garbage.
// ---------------------------------------------------------------------------------------------

fn data(data: &str) -> String {
    format!(r#"{{"result": true, "data": {data}}}"#)
}

/// The keys `members` (an object's members without braces) gives at its own level.
fn top_level_keys(members: &str) -> Vec<String> {
    let (mut depth, mut in_string, mut escaped) = (0, false, false);
    let (mut keys, mut current, mut expect_key) = (Vec::new(), String::new(), true);
    for c in members.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                if depth == 0 && expect_key {
                    keys.push(std::mem::take(&mut current));
                    expect_key = false;
                }
            } else if depth == 0 && expect_key {
                current.push(c);
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            ',' if depth == 0 => expect_key = true,
            _ => {}
        }
    }
    keys
}

/// A coupon: the essential members (unless `extra` gives its own), then `extra`.
fn coupon(extra: &str) -> String {
    let given = top_level_keys(extra);
    let mut members: Vec<&str> = [
        r#""id": "606f057c063b6c569b7cb3a7""#,
        r#""status": "200""#,
        r#""total": 10288"#,
    ]
    .into_iter()
    .filter(|m| !given.iter().any(|k| m.starts_with(&format!("\"{k}\""))))
    .collect();
    if !extra.is_empty() {
        members.push(extra);
    }
    format!("{{{}}}", members.join(", "))
}

fn decode_coupons(body: &str) -> Result<Vec<Coupon>, Error> {
    <CouponsRequest as Endpoint>::decode(&ok(body.as_bytes()))
}

#[test]
fn coupons_tolerate_nulls_blanks_swapped_types_and_iso_dates() {
    type Check = fn(&Coupon);
    let rows: Vec<(&str, String, Check)> = vec![
        (
            "every optional field null",
            coupon(
                r#""uid": null, "operation": null, "source": null, "installment_count": null,
                "currency": null, "description": null, "reference": null, "card_number": null,
                "user": null, "updated": null, "created": null, "childs": null"#,
            ),
            |c| {
                assert_eq!((c.uid.as_deref(), c.currency.as_deref()), (None, None));
                assert_eq!(
                    (c.installment_count, c.updated, c.created),
                    (None, None, None)
                );
                assert!(c.source.is_none() && c.user.is_none() && c.childs.is_empty());
            },
        ),
        (
            "blanks and empty arrays",
            coupon(
                r#""uid": "", "source": "", "installment_count": "", "currency": "",
                "user": [], "updated": "", "created": " ", "childs": """#,
            ),
            |c| {
                assert_eq!((c.uid.as_deref(), c.currency.as_deref()), (None, None));
                assert_eq!(
                    (c.installment_count, c.updated, c.created),
                    (None, None, None)
                );
                assert!(c.source.is_none() && c.user.is_none() && c.childs.is_empty());
            },
        ),
        (
            "numbers for text and text for numbers",
            coupon(
                r#""id": 606057, "status": 200, "total": "10288.50", "installment_count": "1",
                "reference": 81202104, "user": {"name": null, "email": ""},
                "source": {"name": "Visa Débito", "type": null, "reference": 7}"#,
            ),
            |c| {
                assert_eq!(c.id, "606057");
                assert!(c.status.is_paid());
                assert_eq!(c.total.to_string(), "10288.50");
                assert_eq!(c.installment_count, Some(1));
                assert_eq!(c.reference.as_deref(), Some("81202104"));
                assert_eq!(c.user.clone().unwrap(), User::default());
                let source = c.source.as_ref().unwrap();
                assert_eq!(
                    (source.kind.as_deref(), source.reference.as_deref()),
                    (None, Some("7"))
                );
            },
        ),
        (
            "date-times without a zone, with another zone, with a space",
            coupon(
                r#""updated": "2021-04-08T10:30:36.570-03:00", "created": "2021-04-08 13:30:36.470""#,
            ),
            |c| {
                assert_eq!(c.updated, Some(at("2021-04-08T13:30:36.570Z")));
                assert_eq!(c.created, Some(at("2021-04-08T13:30:36.470Z")));
            },
        ),
        (
            "childs with null parts",
            coupon(
                r#""childs": [{"id": "c1", "status": 200, "total": "5144", "card_number": null,
                    "user": null, "created": "2021-04-08T13:30:36"}]"#,
            ),
            |c| {
                assert_eq!(c.childs.len(), 1);
                assert_eq!(c.approved_childs_total(), Decimal::from(5144));
                assert_eq!(c.childs[0].created, Some(at("2021-04-08T13:30:36.000Z")));
            },
        ),
    ];
    for (label, coupon, check) in rows {
        let coupons = decode_coupons(&data(&format!("[{coupon}]")))
            .unwrap_or_else(|e| panic!("{label}: {e:?}"));
        check(&coupons[0]);
    }
}

#[test]
fn coupons_still_fail_on_a_missing_or_garbage_essential() {
    for (label, member) in [
        ("no id", r#""id": -"#),
        ("id null", r#""id": null"#),
        ("id blank", r#""id": """#),
        ("id an object", r#""id": {"$oid": "606f"}"#),
        ("no status", r#""status": -"#),
        ("status null", r#""status": null"#),
        ("status blank", r#""status": """#),
        ("status a boolean", r#""status": true"#),
        ("no total", r#""total": -"#),
        ("total null", r#""total": null"#),
        ("total blank", r#""total": """#),
        ("total garbage", r#""total": "10.288,00""#),
        ("an impossible date", r#""updated": "2021-02-30T00:00:00Z""#),
        (
            "a zone that is not one",
            r#""updated": "2021-04-08T13:30:36 ART""#,
        ),
        ("text for an object", r#""user": "Cliente""#),
        (
            "a child without a total",
            r#""childs": [{"id": "c1", "status": "200"}]"#,
        ),
    ] {
        let name = member.split(':').next().unwrap();
        let mut members: Vec<&str> = vec![
            r#""id": "606f057c063b6c569b7cb3a7""#,
            r#""status": "200""#,
            r#""total": 10288"#,
        ];
        members.retain(|m| !m.starts_with(name));
        if !member.ends_with('-') {
            members.push(member);
        }
        let body = data(&format!("[{{{}}}]", members.join(", ")));
        let err = decode_coupons(&body).expect_err(label);
        assert_eq!(err.code(), "decode", "{label}: {err:?}");
    }
    // "No coupon" proves the reference absent (and allows another try), so only `[]` says so.
    for listing in ["null", r#""""#, "{}"] {
        let err = decode_coupons(&data(listing)).expect_err(listing);
        assert_eq!(err.code(), "decode", "{listing}");
    }
}

#[test]
fn operations_and_status_tolerate_oddities_outside_their_essentials() {
    let page = data(
        r#"{"docs": [{"_id": 606, "user": [], "uid": null, "status": 200, "total": "2871.74",
            "installmentReference": 1, "riskQualityLevel": "", "entity": "", "totals": null,
            "created": "2021-04-08T10:14:52-03:00", "updated": "", "context": [],
            "intent": {"value": null, "name": ""}, "source": null, "sign": null,
            "riskQuality": ""},
           {"status": "400", "total": 1, "totals": {"total": "", "currency": null,
            "currency_data": {"value": "TEST", "hidden": "false"}, "installment": [],
            "entity_charges": null}}],
           "page": "1", "prevPage": null, "nextPage": "", "limit": 20.0}"#,
    );
    let p = <ListOperationsRequest as Endpoint>::decode(&ok(page.as_bytes())).unwrap();
    assert_eq!(
        (p.page, p.prev_page, p.next_page, p.limit),
        (Some(1), None, None, Some(20))
    );
    assert!(!p.has_next());
    let o = &p.docs[0];
    assert_eq!((o.id.as_deref(), o.uid.as_deref()), (Some("606"), None));
    assert!(o.status.is_paid());
    assert_eq!(o.total.to_string(), "2871.74");
    assert_eq!(o.installment_reference.as_deref(), Some("1"));
    assert!(o.user.is_none() && o.entity.is_none() && o.context.is_none());
    assert_eq!(o.intent.clone().unwrap(), Labelled::default());
    assert_eq!(
        (o.created, o.updated),
        (Some(at("2021-04-08T13:14:52.000Z")), None)
    );
    assert_eq!(p.docs[1].currency(), Some("TEST"));
    let totals = p.docs[1].totals.as_ref().unwrap();
    assert_eq!(totals.currency_data.as_ref().unwrap().hidden, Some(false));
    assert!(totals.total.is_none() && totals.installment.is_none());
    for listing in [r#"{"docs": null}"#, r#"{"docs": ""}"#] {
        let p = <ListOperationsRequest as Endpoint>::decode(&ok(data(listing).as_bytes())).unwrap();
        assert!(p.docs.is_empty() && !p.has_next(), "{listing}");
    }

    let status = data(
        r#"{"transactions": [{"_id": null, "status": 200, "total": "100.5", "references": null,
              "currency": [], "updated": "2020-07-13T17:20:54", "__v": "0", "message": ""}],
           "transaction": {"result": "true", "view": null, "user": [],
              "payment": {"id": 5, "status": {"code": 200, "text": null}, "total": "100.5",
                 "currency": "", "riskAnalysis": {"band": null, "level": 3}, "source": [],
                 "created": "2020-07-13T14:20:54.308-03:00"}},
           "transaction_details": [{"key": null, "label": null, "value": 123456}]}"#,
    );
    let s = <TransactionStatusRequest as Endpoint>::decode(&ok(status.as_bytes())).unwrap();
    let t = &s.transactions[0];
    assert_eq!(
        (t.id.as_deref(), t.message.as_deref(), t.version),
        (None, None, Some(0))
    );
    assert!(t.references.is_empty() && t.currency.is_none());
    assert_eq!(t.updated, Some(at("2020-07-13T17:20:54.000Z")));
    let view = s.transaction.as_ref().unwrap();
    assert_eq!(view.result, Some(true));
    let payment = view.payment.as_ref().unwrap();
    assert_eq!(payment.id.as_deref(), Some("5"));
    assert_eq!(payment.created, Some(at("2020-07-13T17:20:54.308Z")));
    assert_eq!(
        payment.risk_analysis.clone().unwrap().level.as_deref(),
        Some("3")
    );
    assert!(s.status().unwrap().is_paid());
    assert_eq!(s.transaction_details[0].key, "");
    assert_eq!(s.transaction_details[0].value.as_deref(), Some("123456"));
    let empty = data(r#"{"transactions": null, "transaction": null, "transaction_details": ""}"#);
    let s = <TransactionStatusRequest as Endpoint>::decode(&ok(empty.as_bytes())).unwrap();
    assert!(s.transactions.is_empty() && s.transaction.is_none() && s.status().is_none());

    for (label, body) in [
        (
            "an operation without status",
            data(r#"{"docs": [{"total": 1}]}"#),
        ),
        (
            "an operation total null",
            data(r#"{"docs": [{"status": "200", "total": null}]}"#),
        ),
        (
            "a transaction total blank",
            data(r#"{"transactions": [{"status": "200", "total": ""}]}"#),
        ),
        (
            "a transaction status null",
            data(r#"{"transactions": [{"status": null, "total": 1}]}"#),
        ),
        (
            "a payment without status",
            data(r#"{"transaction": {"payment": {"total": 1}}}"#),
        ),
        (
            "a payment status code null",
            data(r#"{"transaction": {"payment": {"status": {"code": null}, "total": 1}}}"#),
        ),
        (
            "a payment total garbage",
            data(r#"{"transaction": {"payment": {"status": {"code": "200"}, "total": "cien"}}}"#),
        ),
    ] {
        let err = if label.starts_with("an operation") {
            <ListOperationsRequest as Endpoint>::decode(&ok(body.as_bytes())).map(drop)
        } else {
            <TransactionStatusRequest as Endpoint>::decode(&ok(body.as_bytes())).map(drop)
        }
        .expect_err(label);
        assert_eq!(err.code(), "decode", "{label}: {err:?}");
    }
}

/// The tolerance fixture (not the document's: every oddity at once, seeding the fuzzer too).
#[test]
fn lenient_fixture_decodes() {
    let coupons =
        <CouponsRequest as Endpoint>::decode(&ok(fixture!("coupons_lenient.json"))).unwrap();
    let c = &coupons[0];
    assert_eq!(
        (c.id.as_str(), c.total.to_string()),
        ("606057", "10288.00".to_owned())
    );
    assert!(c.status.is_paid());
    assert_eq!(
        (
            c.uid.as_deref(),
            c.operation.as_deref(),
            c.installment_count
        ),
        (None, None, Some(1))
    );
    assert!(c.source.is_none() && c.childs.is_empty());
    assert_eq!(c.updated, Some(at("2021-04-08T13:30:36.570Z")));
    assert_eq!(c.created, Some(at("2021-04-08T13:30:36.000Z")));
}
