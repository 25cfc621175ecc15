//! Zoom, Cooplan and Unicobros in the demo, through the unified collection API: one lookup, one
//! journaled payment whose reply is lost (or garbled) on purpose and recovered, and what each
//! biller's recovery can establish; and Zoom's card payment through its pay button, whose
//! customer never comes back from the bank's page.

use std::collections::BTreeMap;
use std::time::Duration;

use recaudo_core::collection::{
    BillerId, CollectionService, Collector, Debt, MemoryJournal, Payer, PaymentRef, PaymentRequest,
    StateKind,
};
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::zoom::{ZoomService, ZoomServiceReply};
use recaudo_core::{Outcome, Secret, cooplan, unicobros, zoom};
use recaudo_core::{ServiceReply, ServiceRequest};
use recaudo_sim::{Fault, FaultKind, SimConfig, Simulator};
use rust_decimal::Decimal;
use serde_json::json;

use super::unicomer::say;
use crate::collect::{payment_report, statement_report};
use crate::output::{CliError, Report};

type Native = Collector<NativeTransport, SystemClock>;

/// The simulator commits before it drops a reply, so the production settle delays (up to 5 s)
/// are not needed here.
const SETTLE: Duration = Duration::from_millis(200);

fn transport() -> Result<NativeTransport, CliError> {
    Ok(NativeTransport::new()?)
}

fn zoom_collector(sim: &Simulator, c: &SimConfig) -> Result<Native, CliError> {
    let credentials = zoom::Credentials::Login {
        login: c.zoom.login.clone(),
        password: Secret::new(c.zoom.password.clone()),
    };
    let mut config = zoom::ZoomConfig::new(&sim.zoom_url(), false, credentials)?;
    config.recovery.settle_delay = SETTLE;
    // The simulated bank's page, for the pay button.
    config.button.page = Some(recaudo_sim::ZOOM_BUTTON_PAGE.to_owned());
    Ok(Collector::Zoom(zoom::ZoomClient::new(
        config,
        transport()?,
        SystemClock,
    )?))
}

fn cooplan_collector(sim: &Simulator, c: &SimConfig) -> Result<Native, CliError> {
    let credentials = cooplan::Credentials {
        cod_seguridad: Secret::new(c.cooplan.cod_seguridad.clone()),
        login: c.cooplan.login.clone(),
        pwd: Secret::new(c.cooplan.pwd.clone()),
    };
    let mut config = cooplan::CooplanConfig::with_base_url(&sim.cooplan_url(), false, credentials)?;
    config.recovery.settle_delay = SETTLE;
    Ok(Collector::Cooplan(cooplan::CooplanClient::new(
        config,
        transport()?,
        SystemClock,
    )?))
}

fn unicobros_collector(sim: &Simulator, c: &SimConfig) -> Result<Native, CliError> {
    let credentials = unicobros::Credentials {
        api_key: Secret::new(c.unicobros.api_key.clone()),
        access_token: Secret::new(c.unicobros.access_token.clone()),
    };
    let config =
        unicobros::UnicobrosConfig::with_base_url(&sim.unicobros_url(), false, credentials)?;
    Ok(Collector::Unicobros(unicobros::UnicobrosClient::new(
        config,
        transport()?,
        SystemClock,
    )?))
}

/// Zoom's pay button from start to a payment whose customer never returned from the bank.
async fn button_paid_without_return(
    sim: &Simulator,
    zoom: &CollectionService<NativeTransport, SystemClock, MemoryJournal>,
    debt: &Debt,
) -> Result<Report, CliError> {
    const RECEIPT: &str = "DEMO-ZOOM-0002";
    let payment = zoom_payment(debt, Decimal::new(2_500, 2), RECEIPT, "TIENDA WEB DEMO");
    let started = zoom
        .serve(ServiceRequest::Zoom(ZoomService::ButtonStart {
            payment,
            return_url: format!("https://tienda.example.test/vuelta?recibo={RECEIPT}"),
        }))
        .await?;
    let ServiceReply::Zoom(ZoomServiceReply::ButtonStart { checkout }) = started else {
        return Err(CliError::new(
            "demo",
            format!("unexpected reply {started:?}"),
        ));
    };
    // The customer pays at the bank (the simulator's page) and closes the tab.
    sim.settle_zoom_button(&checkout.control, true);
    let resumed = zoom.resume().await?;
    let result = resumed
        .into_iter()
        .find(|r| r.receipt == RECEIPT)
        .map(|r| r.result)
        .ok_or_else(|| CliError::new("demo", "resume did not find the pay-button payment"))??;
    let at_biller = sim
        .zoom_state()
        .payments
        .iter()
        .filter(|p| p.referencia == RECEIPT && p.nro_control.as_deref() == Some(&checkout.control))
        .count();
    let text = format!(
        "control number {} ({} {}), bank page {}\n{}pay-button records with referencia {RECEIPT} at Zoom: {at_biller}\n",
        checkout.control,
        checkout.amount.amount,
        checkout.amount.currency,
        checkout.page_url,
        payment_report(&result).text,
    );
    let ok = result.outcome == Outcome::Confirmed && at_biller == 1;
    let mut report = Report::new(
        json!({"outcome": result.outcome, "control": checkout.control, "payments_at_biller": at_biller}),
        text,
    );
    report.exit = if ok { 0 } else { 1 };
    Ok(report)
}

/// A demo Zoom payment of `amount` on `debt`: the demo payer, the bank account Zoom requires,
/// the balance just looked up.
fn zoom_payment(debt: &Debt, amount: Decimal, receipt: &str, location: &str) -> PaymentRequest {
    let mut payment = PaymentRequest::new(
        debt.debt_id.clone(),
        amount,
        receipt,
        "CAJERO DEMO",
        location,
    );
    payment.payer = Some(Payer::new(
        "V-00000001",
        "CLIENTE DEMO",
        "cliente@example.test",
    ));
    payment.balance = Some(debt.balance.amount);
    payment.extra = BTreeMap::from([("bank_account".to_owned(), "213".to_owned())]);
    payment
}

fn fault(biller: BillerId, endpoint: &str, kind: FaultKind) -> Fault {
    Fault {
        biller: biller.as_str().into(),
        endpoint: endpoint.into(),
        kind,
        times: 1,
    }
}

pub(super) async fn walk(sim: &Simulator, config: &SimConfig) -> Result<Report, CliError> {
    let mut text = String::new();
    let mut ok = true;
    let mut json = BTreeMap::new();

    // Zoom: a guide's amount, then a transfer whose reply is dropped after Zoom recorded it.
    let zoom = CollectionService::new(zoom_collector(sim, config)?, MemoryJournal::new());
    let statement = zoom.collector().lookup("1000000001").await?;
    say(
        &mut text,
        "zoom: document amounts (getMontoDocWs)",
        &statement_report(&statement).text,
    );
    sim.arm_fault(fault(
        BillerId::Zoom,
        "createPagoWs",
        FaultKind::DropAfterCommit,
    ));
    let paid = zoom
        .pay(&zoom_payment(
            &statement.debts[0],
            Decimal::new(15_000, 2),
            "DEMO-ZOOM-0001",
            "AGENCIA DEMO",
        ))
        .await?;
    let at_biller = sim
        .zoom_state()
        .payments
        .iter()
        .filter(|p| p.referencia == "DEMO-ZOOM-0001")
        .count();
    say(
        &mut text,
        "zoom: transfer whose reply was lost (recovered by getInfoPagoWs by referencia)",
        &format!(
            "{}payment records with referencia DEMO-ZOOM-0001 at Zoom: {at_biller}",
            payment_report(&paid).text
        ),
    );
    ok &= paid.outcome == Outcome::Confirmed && paid.recovered && at_biller == 1;
    json.insert("zoom", json!({"outcome": paid.outcome, "recovered": paid.recovered, "payments_at_biller": at_biller}));

    // Zoom by card: the pay button, journaled before the customer leaves for the bank's page;
    // the customer pays there and never comes back; the page's next load (`resume`) finds the
    // bank's approval and registers the payment, once.
    let button = button_paid_without_return(sim, &zoom, &statement.debts[0]).await?;
    say(
        &mut text,
        "zoom: card payment through the pay button, the customer never came back (settled by resume)",
        &button.text,
    );
    ok &= button.exit == 0;
    json.insert("zoom_button", button.json);

    // Cooplan: pending debts, a payment whose reply arrives cut in half, then its reversal.
    let cooplan = CollectionService::new(cooplan_collector(sim, config)?, MemoryJournal::new());
    let statement = cooplan.collector().lookup("1001").await?;
    say(
        &mut text,
        "cooplan: pending debts (buscarcliente + consultardeuda)",
        &statement_report(&statement).text,
    );
    let debt = &statement.debts[0];
    sim.arm_fault(fault(
        BillerId::Cooplan,
        "realizarpago",
        FaultKind::TruncatedJson,
    ));
    let paid = cooplan
        .pay(&{
            let mut r = PaymentRequest::new(
                debt.debt_id.clone(),
                debt.amount_due.amount,
                "DEMO-COOP-0001",
                "CAJERO DEMO",
                "AGENCIA DEMO",
            );
            r.balance = Some(debt.balance.amount);
            r
        })
        .await?;
    say(
        &mut text,
        "cooplan: payment with a garbled reply (recovered from the debts and the collections report)",
        &payment_report(&paid).text,
    );
    let reversed = cooplan.reverse(&paid.reference).await?;
    say(
        &mut text,
        "cooplan: reversal (revertirpago)",
        &format!(
            "reversal of collection {}: {}",
            paid.reference.payment_id.as_deref().unwrap_or("-"),
            reversed.outcome
        ),
    );
    ok &= paid.outcome == Outcome::Confirmed
        && paid.recovered
        && reversed.outcome == Outcome::Confirmed;
    json.insert(
        "cooplan",
        json!({"outcome": paid.outcome, "recovered": paid.recovered, "reversal": reversed.outcome}),
    );

    // Unicobros: checkouts whose result the collector lost, resolved by their reference.
    let unicobros = unicobros_collector(sim, config)?;
    let mut lines = String::new();
    let mut states = BTreeMap::new();
    for reference in [
        "REF-PAGADA-0001",
        "REF-DUPLICADA-0001",
        "REF-NO-EXISTE-0001",
    ] {
        let found = unicobros
            .status(&PaymentRef::new(
                String::new(),
                reference,
                Decimal::ZERO,
                chrono::Utc::now().naive_utc(),
            ))
            .await?;
        lines.push_str(&format!(
            "{reference:<20} {:?}: {}\n",
            found.state.kind, found.state.description
        ));
        states.insert(reference, found.state.kind);
    }
    say(
        &mut text,
        "unicobros: lost checkouts resolved by reference (coupons with childs)",
        &lines,
    );
    ok &= states["REF-PAGADA-0001"] == StateKind::Settled
        && states["REF-DUPLICADA-0001"] == StateKind::Unknown
        && states["REF-NO-EXISTE-0001"] == StateKind::Absent;
    json.insert("unicobros", json!(states));

    let mut report = Report::new(json!(json), text);
    report.exit = if ok { 0 } else { 1 };
    Ok(report)
}
