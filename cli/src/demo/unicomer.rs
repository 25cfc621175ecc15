//! The demo's collection day at Unicomer, through its own client: statement, a payment, a
//! payment whose reply is lost after the biller committed it (recovered through
//! `consultarpago`, not paid twice), its status, a reversal inside the window, a reversal refused
//! after the window, and the day's reconciliation.

use std::time::Duration;

use recaudo_core::Outcome;
use recaudo_core::Secret;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::unicomer::{
    Credentials, EstadoFiltro, PaymentRequest, ReversalRequest, UnicomerClient, UnicomerConfig,
};
use recaudo_sim::{Fault, FaultKind, Simulator};
use rust_decimal::Decimal;
use serde_json::json;

use crate::output::{CliError, Report};
use crate::unicomer::{lookup, pay_report, reconcile_report, reverse_report, usd};

const CUSTOMER: &str = "0999999999";

pub(super) fn say(text: &mut String, heading: &str, body: &str) {
    text.push_str(&format!("\n== {heading}\n{}\n", body.trim_end()));
}

pub(super) async fn walk(
    sim: &Simulator,
    user: &recaudo_sim::UnicomerSimConfig,
) -> Result<Report, CliError> {
    let mut text = String::new();
    let mut steps = Vec::new();
    say(
        &mut text,
        "simulator",
        &format!("Unicomer simulator at {}", sim.unicomer_url()),
    );

    sim.add_unicomer_customer(
        CUSTOMER,
        vec![
            (9001, Decimal::new(12000, 2)),
            (9002, Decimal::new(8050, 2)),
        ],
    );
    let mut config = UnicomerConfig::with_base_url(
        &sim.unicomer_url(),
        false,
        Credentials {
            username: user.username.clone(),
            password: Secret::new(user.password.clone()),
        },
        user.commerce.clone(),
    )?;
    // The simulator commits before it drops a reply: no need for the production settle delay.
    config.recovery.settle_delay = Duration::from_millis(200);
    config.timeout = Duration::from_secs(5);
    let client = UnicomerClient::new(config, NativeTransport::new()?, SystemClock)?;

    // 1. What does the customer owe?
    let statement = client.statement(CUSTOMER).await?;
    say(
        &mut text,
        "1. statement (estadocuenta)",
        &lookup(&statement).text,
    );
    steps.push(json!({"step": "statement", "debts": statement.facturas.len()}));

    // 2. A plain payment.
    let paid_at = client.now_local();
    let first = client
        .pay(PaymentRequest {
            secuencial: 9001,
            amount: Decimal::new(2500, 2),
            receipt: "DEMO-0001".into(),
            paid_at: Some(paid_at),
            cashier: "CAJERO DEMO".into(),
            location: "AGENCIA DEMO".into(),
            balance: statement
                .facturas
                .iter()
                .find(|f| f.id == 9001)
                .map(|f| f.deuda_tot_conpro),
        })
        .await?;
    say(
        &mut text,
        "2. payment (registrarpago)",
        &pay_report(&first).text,
    );
    steps.push(json!({"step": "pay", "outcome": first.outcome, "payment_id": first.idtrx}));

    // 3. The biller commits the next payment, then the connection drops before the reply.
    sim.arm_fault(Fault {
        biller: "unicomer".into(),
        endpoint: "registrarpago".into(),
        kind: FaultKind::DropAfterCommit,
        times: 1,
    });
    let lost = client
        .pay(PaymentRequest {
            secuencial: 9002,
            amount: Decimal::new(4025, 2),
            receipt: "DEMO-0002".into(),
            paid_at: Some(paid_at),
            cashier: "CAJERO DEMO".into(),
            location: "AGENCIA DEMO".into(),
            balance: None,
        })
        .await?;
    let at_biller = sim
        .unicomer_state()
        .payments
        .iter()
        .filter(|p| p.num_recibo == "DEMO-0002")
        .count();
    say(
        &mut text,
        "3. payment whose reply was lost (dropped after the biller committed)",
        &format!(
            "{}payments with receipt DEMO-0002 at the biller: {at_biller}",
            pay_report(&lost).text
        ),
    );
    steps.push(json!({"step": "pay_lost_reply", "outcome": lost.outcome, "recovered": lost.recovered, "payments_at_biller": at_biller}));

    // 4. Its status.
    let status = client
        .payment_status(9002, paid_at, Decimal::new(4025, 2))
        .await?;
    say(
        &mut text,
        "4. status (consultarpago)",
        &format!("debt 9002, 40.25 USD: {}", status.cod_status),
    );
    steps.push(json!({"step": "status", "state": status.cod_status.code()}));

    // 5. Reverse the first payment inside the window.
    let reversal = client
        .reverse(ReversalRequest {
            idtrx: first.idtrx.unwrap_or_default(),
            amount: first.amount,
            paid_at,
            secuencial: Some(9001),
        })
        .await?;
    say(
        &mut text,
        "5. reversal inside the window (reversapago)",
        &reverse_report(&reversal).text,
    );
    steps.push(json!({"step": "reverse", "outcome": reversal.outcome}));

    // 6. Three minutes later the second payment is synchronised: no longer reversible.
    sim.advance_clock(181);
    let late = client
        .reverse(ReversalRequest {
            idtrx: lost.idtrx.unwrap_or_default(),
            amount: lost.amount,
            paid_at,
            secuencial: Some(9002),
        })
        .await?;
    say(
        &mut text,
        "6. reversal after the window (clock advanced 181 s)",
        &reverse_report(&late).text,
    );
    steps.push(json!({"step": "reverse_after_window", "outcome": late.outcome}));

    // 7. End of day.
    let records = client
        .reconciliation(paid_at.date(), EstadoFiltro::All)
        .await?;
    say(
        &mut text,
        "7. reconciliation (conciliacion)",
        &reconcile_report(paid_at.date(), "all", &records).text,
    );
    steps.push(json!({"step": "reconcile", "records": records.len()}));

    let ok = first.outcome == Outcome::Confirmed
        && lost.outcome == Outcome::Confirmed
        && lost.recovered
        && at_biller == 1
        && reversal.outcome == Outcome::Confirmed
        && late.outcome == Outcome::Rejected;
    text.push_str(&format!(
        "\n== unicomer summary\n\
         payment 1        {} USD  {}\n\
         payment 2        {} USD  {}{}  ({at_biller} payment at the biller, none doubled)\n\
         reversal 1       {}\n\
         late reversal 2  {} (window closed)\n\
         reconciliation   {} record(s)\n\
         {}\n",
        usd(first.amount),
        first.outcome,
        usd(lost.amount),
        lost.outcome,
        if lost.recovered {
            ", recovered through consultarpago"
        } else {
            ""
        },
        reversal.outcome,
        late.outcome,
        records.len(),
        if ok {
            "collection day completed as expected"
        } else {
            "UNEXPECTED RESULT: see above"
        },
    ));
    let json = json!({"ok": ok, "steps": steps});
    let mut report = Report::new(json, text);
    if !ok {
        report.exit = 1;
    }
    Ok(report)
}
