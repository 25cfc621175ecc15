//! Unicobros' switch, `reference_guard`, can only be learned by paying twice under one
//! reference. The probe reports what the coupons of the given reference show, and, as notes,
//! the status of a made-up coupon id and the day's first page of operations.

use crate::clock::Clock;
use crate::collection::BillerId;
use crate::error::Error;
use crate::transport::Transport;
use crate::unicobros::{
    DayRange, ListOperationsRequest, OperationFilters, UnicobrosClient, UnicobrosConfig,
};

use crate::discover::{Discovery, Finding, ProbeInput, fatal, said};

/// Probes Unicobros (see the module docs). `input.customer` is a payment `reference`;
/// `input.date` the day of the operations listing (default: today, UTC).
pub async fn unicobros<T: Transport, C: Clock>(
    config: &UnicobrosConfig,
    transport: &T,
    clock: &C,
    input: &ProbeInput,
) -> Result<Discovery, Error> {
    let client = UnicobrosClient::new(config.clone(), transport, clock)?;
    let mut notes = Vec::new();
    let made_up = format!("recaudo-probe-{}", crate::calendar::datetime_compact(&clock.now().naive_utc()));
    match client.transaction_status(&made_up).await {
        Ok(s) => notes.push(format!(
            "transactions/status of made-up id {made_up}: {} transaction(s)",
            s.transactions.len()
        )),
        Err(e) if fatal(&e) => return Err(e),
        Err(e) => notes.push(format!(
            "transactions/status of made-up id {made_up}: {}",
            said(&e)
        )),
    }
    let day = input.date.unwrap_or_else(|| clock.now().date_naive());
    let listing = ListOperationsRequest {
        page: 0,
        limit: None,
        filters: OperationFilters {
            created: DayRange {
                from: Some(day),
                to: Some(day),
            },
            ..OperationFilters::default()
        },
    };
    match client.list_operations(&listing).await {
        Ok(page) => notes.push(format!(
            "operations created {day}: {} on the first page",
            page.docs.len()
        )),
        Err(e) if fatal(&e) => return Err(e),
        Err(e) => notes.push(format!("operations created {day}: {}", said(&e))),
    }
    let mut guard = Finding::unlearnable(
        "unicobros.reference_guard",
        "recaudo creates no payment here; after a lost checkout it asks the coupons by reference and offers \
         another try only under the same reference when nothing was charged; under `refused` the gateway \
         refuses a second paid operation under that reference, under `none` a late first attempt and the \
         retry could both be paid (recaudo then reports the duplicate for review)",
        "recaudo has no setting for this: a retry must reuse the reference whatever the reading",
    );
    match input
        .customer
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        None => guard.saw("no reference given (--reference): the coupons were not asked"),
        Some(reference) => match client.resolve_reference(reference, None).await {
            Ok(r) => guard.saw(format!(
                "coupons of the given reference: {} coupon(s), {} paid, finding `{}`{}",
                r.coupons.len(),
                r.paid.len(),
                r.finding.as_str(),
                if r.paid.len() > 1 {
                    " (two paid under one reference: the guard failed once, or there is none)"
                } else {
                    ""
                }
            )),
            Err(e) if fatal(&e) => return Err(e),
            Err(e) => guard.saw(format!("coupons of the given reference: {}", said(&e))),
        },
    }
    Ok(Discovery {
        biller: BillerId::Unicobros,
        findings: vec![guard],
        notes,
    })
}
