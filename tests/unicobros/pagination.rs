//! Walking every page of the listing, in both forms, with filters applied for real; checked
//! against the simulator's own state rather than against numbers copied from the seed.

use chrono::{DateTime, NaiveDate, Utc};
use recaudo_core::Currency;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::unicobros::{DayRange, ListMethod, OperationFilters, QueryDateFormat};
use recaudo_sim::unicobros::UnicobrosOperationSnapshot;
use recaudo_sim::{SimConfig, Simulator};

use crate::common::*;

const CHECKOUT: &str = "plugin.value.checkout:web";
const PAYMENT_ORDER: &str = "plugin.value.payment_order:web";

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 12, d).unwrap()
}

fn utc_day(iso: &str) -> NaiveDate {
    DateTime::parse_from_rfc3339(iso)
        .unwrap()
        .with_timezone(&Utc)
        .date_naive()
}

/// The ids the simulator holds that satisfy `keep`, newest first (the listing's order).
fn expected(sim: &Simulator, keep: impl Fn(&UnicobrosOperationSnapshot) -> bool) -> Vec<String> {
    let mut ops: Vec<UnicobrosOperationSnapshot> = sim
        .unicobros_state()
        .operations
        .into_iter()
        .filter(|o| keep(o))
        .collect();
    ops.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
    ops.into_iter().map(|o| o.id).collect()
}

/// Walks every page with `limit`, checking each page's size; returns the ids and page count.
async fn walk(
    c: &Client,
    method: ListMethod,
    limit: u32,
    filters: OperationFilters,
) -> (Vec<String>, u32) {
    let mut pages = c.operation_pages(method, 0, Some(limit), filters).unwrap();
    let mut ids = Vec::new();
    let mut asked = Vec::new();
    while let Some(page) = pages.next_page().await {
        let page = page.unwrap();
        assert!(page.page.docs.len() <= limit as usize);
        asked.push(page.requested);
        ids.extend(page.page.docs.into_iter().map(|d| d.id.unwrap()));
    }
    let expected_pages: Vec<u32> = (0..asked.len() as u32).collect();
    assert_eq!(asked, expected_pages, "pages asked in order, none skipped");
    (ids, pages.pages_fetched())
}

#[tokio::test]
async fn every_page_in_both_forms_and_both_numberings() {
    let one_based = start_sim().await;
    let zero_based = Simulator::start(SimConfig {
        unicobros: recaudo_sim::UnicobrosSimConfig {
            one_based_reply_pages: false,
            ..Default::default()
        },
        ..Default::default()
    })
    .await
    .unwrap();
    for sim in [&one_based, &zero_based] {
        let c = client(sim);
        let all = expected(sim, |_| true);
        assert!(all.len() > 30, "the seed spans several pages");
        for method in [ListMethod::Get, ListMethod::Post] {
            let (ids, pages) = walk(&c, method, 7, OperationFilters::default()).await;
            assert_eq!(ids, all, "{method:?}");
            assert_eq!(pages as usize, all.len().div_ceil(7), "{method:?}");
            // The biller's default page size (15) when no limit is sent.
            let mut p = c
                .operation_pages(method, 0, None, OperationFilters::default())
                .unwrap();
            assert_eq!(p.next_page().await.unwrap().unwrap().page.docs.len(), 15);
        }
    }
}

#[tokio::test]
async fn filters_across_several_pages_in_both_forms() {
    let sim = start_sim().await;
    let c = client(&sim);
    type Keep = Box<dyn Fn(&UnicobrosOperationSnapshot) -> bool>;
    let cases: Vec<(&str, OperationFilters, Keep)> = vec![
        (
            "ARS checkout",
            OperationFilters {
                currency: Some(Currency::Ars),
                context: vec![CHECKOUT.into()],
                ..Default::default()
            },
            Box::new(|o| o.currency == "ARS" && o.context == CHECKOUT),
        ),
        (
            "paid, either context",
            OperationFilters {
                status: Some(200),
                context: vec![CHECKOUT.into(), PAYMENT_ORDER.into()],
                ..Default::default()
            },
            Box::new(|o| o.status == "200"),
        ),
        (
            "test money only",
            OperationFilters {
                test: Some(true),
                ..Default::default()
            },
            Box::new(|o| o.test),
        ),
        (
            "live only",
            OperationFilters {
                test: Some(false),
                ..Default::default()
            },
            Box::new(|o| !o.test),
        ),
        (
            "created Dec 3 to Dec 6, both included",
            OperationFilters {
                created: DayRange {
                    from: Some(day(3)),
                    to: Some(day(6)),
                },
                ..Default::default()
            },
            Box::new(|o| (day(3)..=day(6)).contains(&utc_day(&o.created))),
        ),
        (
            "updated from Dec 8",
            OperationFilters {
                updated: DayRange {
                    from: Some(day(8)),
                    to: None,
                },
                ..Default::default()
            },
            Box::new(|o| utc_day(&o.updated) >= day(8)),
        ),
        (
            "text in the description, any case",
            OperationFilters {
                text: Some("LOTE DE PRUEBA 1".into()),
                ..Default::default()
            },
            Box::new(|o| o.description.to_lowercase().contains("lote de prueba 1")),
        ),
        (
            "exact reference",
            OperationFilters {
                reference: Some("LOTE-0007".into()),
                ..Default::default()
            },
            Box::new(|o| o.reference == "LOTE-0007"),
        ),
        (
            "nothing matches",
            OperationFilters {
                status: Some(415),
                ..Default::default()
            },
            Box::new(|o| o.status == "415"),
        ),
    ];
    for (name, filters, keep) in cases {
        let want = expected(&sim, keep);
        for method in [ListMethod::Get, ListMethod::Post] {
            let (ids, pages) = walk(&c, method, 3, filters.clone()).await;
            assert_eq!(ids, want, "{name} {method:?}");
            assert_eq!(
                pages as usize,
                want.len().div_ceil(3).max(1),
                "{name} {method:?}"
            );
        }
    }
    // Several of the cases really span several pages.
    let ars = expected(&sim, |o| o.currency == "ARS" && o.context == CHECKOUT);
    assert!(ars.len() > 6, "{}", ars.len());
}

#[tokio::test]
async fn timestamp_dates_select_the_same_days() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.query_date_format = QueryDateFormat::TimestampMillis;
    let c = client_with(config, NativeTransport::new().unwrap(), SystemClock);
    let filters = OperationFilters {
        created: DayRange {
            from: Some(day(2)),
            to: Some(day(2)),
        },
        ..Default::default()
    };
    let (ids, _) = walk(&c, ListMethod::Get, 50, filters.clone()).await;
    let want = expected(&sim, |o| utc_day(&o.created) == day(2));
    assert_eq!(want.len(), 2);
    assert_eq!(ids, want);
    let (by_date, _) = walk(&client(&sim), ListMethod::Get, 50, filters).await;
    assert_eq!(by_date, want);
}

#[tokio::test]
async fn collect_all_reports_each_page() {
    let sim = start_sim().await;
    let c = client(&sim);
    let mut seen = Vec::new();
    let all = c
        .operation_pages(ListMethod::Post, 0, Some(10), OperationFilters::default())
        .unwrap()
        .collect_all(|p| seen.push((p.requested, p.page.docs.len())))
        .await
        .unwrap();
    assert_eq!(all.len(), sim.unicobros_state().operations.len());
    assert_eq!(seen.len(), all.len().div_ceil(10));
    assert_eq!(seen[0], (0, 10));
    // Starting further in skips the first pages.
    let rest = c
        .operation_pages(ListMethod::Get, 2, Some(10), OperationFilters::default())
        .unwrap()
        .collect_all(|_| {})
        .await
        .unwrap();
    assert_eq!(rest.len(), all.len() - 20);
    assert_eq!(rest[0], all[20]);
}
