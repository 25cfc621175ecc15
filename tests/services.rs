//! Each biller's own services (see `recaudo_core::services`), asked through the unified
//! collection service the way every channel asks them: `CollectionService::serve` with a
//! `ServiceRequest`, against the simulator over HTTP. Zoom's (its payment records and the pay
//! button) have a suite of their own (`zoom_button`).

use std::str::FromStr;

use recaudo_core::collection::{BillerId, CollectionService, MemoryJournal, Payer, PaymentRequest};
use recaudo_core::cooplan::{CooplanService, CooplanServiceReply};
use recaudo_core::outcome::Outcome;
use recaudo_core::unicobros::{
    UnicobrosOperationFilters, UnicobrosResolution, UnicobrosService, UnicobrosServiceReply,
};
use recaudo_core::unicomer::{ReconciliationFilter, UnicomerService, UnicomerServiceReply};
use recaudo_core::zoom::{ZoomRecordsQuery, ZoomService};
use recaudo_core::{ServiceReply, ServiceRequest};
use recaudo_sim::Simulator;
use recaudo_tests::billers::collector;

type Service = CollectionService<
    recaudo_core::native::NativeTransport,
    recaudo_core::native::SystemClock,
    MemoryJournal,
>;

fn service(sim: &Simulator, biller: BillerId) -> Service {
    CollectionService::new(collector(sim, biller), MemoryJournal::new())
}

/// Pays the simulator's payable debt of `biller` under `receipt`, confirmed.
async fn pay(
    sim: &Simulator,
    service: &Service,
    receipt: &str,
) -> recaudo_core::collection::PaymentResult {
    let info = sim
        .billers()
        .into_iter()
        .find(|b| b.id == service.collector().biller().as_str())
        .unwrap();
    let debt = info.payable.expect("a payable debt");
    let mut request = PaymentRequest::new(
        debt.debt_id.to_owned(),
        debt.amount,
        receipt.to_owned(),
        "cajero-1",
        "agencia-1",
    );
    request.payer = Some(Payer::new("V-12345678", "Ana Prueba", "ana@example.test"));
    request.extra = debt
        .extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let result = service.pay(&request).await.expect("accepted");
    assert_eq!(result.outcome, Outcome::Confirmed, "{result:?}");
    result
}

#[tokio::test]
async fn unicomer_reconciliation_lists_the_payment_just_made() {
    let sim = recaudo_tests::start_sim().await;
    let s = service(&sim, BillerId::Unicomer);
    let paid = pay(&sim, &s, "SRV-UCM-1").await;
    let day = paid.reference.paid_at.date();
    let reply = s
        .serve(ServiceRequest::Unicomer(UnicomerService::Reconciliation {
            date: day,
            filter: None,
        }))
        .await
        .unwrap();
    let ServiceReply::Unicomer(UnicomerServiceReply::Reconciliation { records }) = reply else {
        panic!("{reply:?}")
    };
    let ours: Vec<_> = records
        .iter()
        .filter(|r| r.receipt.as_deref() == Some("SRV-UCM-1"))
        .collect();
    assert_eq!(ours.len(), 1, "{records:?}");
    assert_eq!(ours[0].amount.amount, paid.reference.amount);
    assert_eq!(Some(ours[0].payment_id.clone()), paid.reference.payment_id);
    // The state filter is Unicomer's: nothing of the day is reversed.
    let reply = s
        .serve(ServiceRequest::Unicomer(UnicomerService::Reconciliation {
            date: day,
            filter: Some(ReconciliationFilter::Reversed),
        }))
        .await
        .unwrap();
    let ServiceReply::Unicomer(UnicomerServiceReply::Reconciliation { records }) = reply else {
        panic!("{reply:?}")
    };
    assert!(
        records
            .iter()
            .all(|r| r.receipt.as_deref() != Some("SRV-UCM-1")),
        "{records:?}"
    );
}

#[tokio::test]
async fn cooplan_prints_the_invoice_and_reports_the_collection() {
    let sim = recaudo_tests::start_sim().await;
    let s = service(&sim, BillerId::Cooplan);
    let paid = pay(&sim, &s, "SRV-COO-1").await;
    let collection_id = paid.reference.payment_id.clone().expect("IdCobranza");
    let invoice_id = i64::from_str(paid.reference.debt_id.split(':').next().unwrap()).unwrap();
    let reply = s
        .serve(ServiceRequest::Cooplan(CooplanService::PrintInvoice {
            invoice_id,
            collection_id: collection_id.clone(),
        }))
        .await
        .unwrap();
    let ServiceReply::Cooplan(CooplanServiceReply::PrintInvoice { invoice }) = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(invoice.invoice_id, invoice_id);
    assert_eq!(invoice.collection_id, collection_id);
    assert!(!invoice.content.trim().is_empty(), "{invoice:?}");

    let day = paid.reference.paid_at.date();
    let reply = s
        .serve(ServiceRequest::Cooplan(CooplanService::CollectionsReport {
            date: day,
        }))
        .await
        .unwrap();
    let ServiceReply::Cooplan(CooplanServiceReply::CollectionsReport { report }) = reply else {
        panic!("{reply:?}")
    };
    assert!(report.listed, "{report:?}");
    let ours: Vec<_> = report
        .collections
        .iter()
        .filter(|c| c.collection_id.as_deref() == Some(collection_id.as_str()))
        .collect();
    assert_eq!(ours.len(), 1, "{report:?}");
    assert_eq!(ours[0].amount, Some(paid.reference.amount));
    assert!(!ours[0].reversed);
}

#[tokio::test]
async fn cooplan_report_that_lists_nothing_says_so() {
    let sim = recaudo_tests::start_sim().await;
    sim.set_reading("cooplan.reporte_values", "string").unwrap();
    let s = service(&sim, BillerId::Cooplan);
    let paid = pay(&sim, &s, "SRV-COO-2").await;
    let reply = s
        .serve(ServiceRequest::Cooplan(CooplanService::CollectionsReport {
            date: paid.reference.paid_at.date(),
        }))
        .await
        .unwrap();
    let ServiceReply::Cooplan(CooplanServiceReply::CollectionsReport { report }) = reply else {
        panic!("{reply:?}")
    };
    // A confirmation string proves nothing: not an empty day.
    assert!(!report.listed);
    assert!(report.collections.is_empty());
    assert!(report.text.is_some_and(|t| !t.is_empty()));
}

/// Unicobros' judgement of a reference, through the service.
async fn resolve(s: &Service, reference: &str) -> UnicobrosResolution {
    let reply = s
        .serve(ServiceRequest::Unicobros(
            UnicobrosService::ResolveReference {
                reference: reference.into(),
                expected: None,
            },
        ))
        .await
        .unwrap();
    let ServiceReply::Unicobros(UnicobrosServiceReply::ResolveReference { resolution }) = reply
    else {
        panic!("{reply:?}")
    };
    resolution
}

#[tokio::test]
async fn unicobros_lists_operations_and_resolves_a_reference() {
    let sim = recaudo_tests::start_sim().await;
    let s = service(&sim, BillerId::Unicobros);
    let reply = s
        .serve(ServiceRequest::Unicobros(UnicobrosService::Operations {
            page: 0,
            limit: Some(2),
            filters: UnicobrosOperationFilters::default(),
        }))
        .await
        .unwrap();
    let ServiceReply::Unicobros(UnicobrosServiceReply::Operations { page }) = reply else {
        panic!("{reply:?}")
    };
    assert!(
        !page.operations.is_empty() && page.operations.len() <= 2,
        "{page:?}"
    );
    assert!(
        page.operations
            .iter()
            .all(|o| !o.id.is_empty() && !o.status.is_empty())
    );
    let resolution = resolve(&s, "REF-PAGADA-0001").await;
    assert_eq!(resolution.outcome, Outcome::Confirmed, "{resolution:?}");
    assert_eq!(resolution.finding, "paid");
    assert_eq!(resolution.paid.len(), 1);
    assert!(!resolution.may_retry);
    let resolution = resolve(&s, "REF-SIN-COBRO").await;
    assert!(resolution.may_retry, "{resolution:?}");
    assert!(resolution.paid.is_empty());
}

#[tokio::test]
async fn bad_input_and_another_billers_service_are_refused_before_anything_is_sent() {
    let sim = recaudo_tests::start_sim().await;
    let s = service(&sim, BillerId::Unicobros);
    let err = s
        .serve(ServiceRequest::Unicobros(UnicobrosService::Operations {
            page: 0,
            limit: Some(51),
            filters: UnicobrosOperationFilters::default(),
        }))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");
    let err = s
        .serve(ServiceRequest::Zoom(ZoomService::PaymentRecords {
            query: ZoomRecordsQuery::default(),
        }))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");
    assert!(err.to_string().contains("zoom"), "{err}");
    // The same refusals from JSON, as the C API and the CLI read requests.
    let json = r#"{"biller":"unicobros","service":"resolve_reference","reference":"R","expected":{"amount":"1.00","currency":"USD"}}"#;
    let request: ServiceRequest = serde_json::from_str(json).unwrap();
    let err = s.serve(request).await.unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");
}
