//! Zoom through its own client: what a shipping guide still owes.
//!
//! ```text
//! cargo run -p recaudo-core --features native --example zoom -- http://127.0.0.1:8080/zoom/ 1000000001
//! ```
//!
//! The base URL is the first argument (or `RECAUDO_ZOOM_URL`), the guide number the second (or
//! `RECAUDO_GUIDE`). Credentials come from `RECAUDO_ZOOM_LOGIN` and `RECAUDO_ZOOM_PASSWORD`;
//! their defaults are the fake ones the simulator (`recaudo sim`) accepts.
//!
//! With `RECAUDO_ZOOM_BUTTON=1` it then pays 10.00 of the guide through the pay button, as a
//! checkout page would: `button_start` journals the payment and gives the bank's page (the
//! simulator's, `megasoft/pagar`, unless `RECAUDO_ZOOM_BUTTON_PAGE` names another); open it in
//! a browser, click a button, press Enter here, and `button_complete` reads the bank's result
//! and registers an approved payment once.

use recaudo_core::collection::{
    CollectionService, Connection, MemoryJournal, Payer, PaymentRequest,
};
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::zoom::{
    Credentials, DocRef, DocType, ZoomClient, ZoomConfig, ZoomOptions, ZoomService,
    ZoomServiceReply,
};
use recaudo_core::{BillerOptions, Collector, Secret, ServiceReply, ServiceRequest};

/// The command-line argument at `position`, else the environment variable, else `default`.
fn setting(position: usize, name: &str, default: &str) -> String {
    std::env::args()
        .nth(position)
        .unwrap_or_else(|| env_or(name, default))
}

/// The environment variable, else `default`.
fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), recaudo_core::Error> {
    let base_url = setting(1, "RECAUDO_ZOOM_URL", "http://127.0.0.1:8080/zoom/");
    let guide = setting(2, "RECAUDO_GUIDE", "1000000001");
    let credentials = Credentials::Login {
        login: env_or("RECAUDO_ZOOM_LOGIN", "recaudador@recaudo.test"),
        password: Secret::new(env_or("RECAUDO_ZOOM_PASSWORD", "clave-de-prueba-123")),
    };
    let config = ZoomConfig::new(&base_url, false, credentials)?;
    let client = ZoomClient::new(config, NativeTransport::new()?, SystemClock)?;

    // Logs in (`LoginGenUEWs`), then asks `getMontoDocWs` for the guide's amounts.
    let amounts = client
        .document_amounts(&DocRef::new(DocType::Guide, &guide)?)
        .await?;
    for doc in &amounts {
        println!(
            "guide {}: amount {}, to pay {} VES",
            doc.nro_doc, doc.montodoc, doc.montopagar
        );
    }
    if std::env::var("RECAUDO_ZOOM_BUTTON").is_ok() {
        pay_by_button(&base_url, &guide).await?;
    }
    Ok(())
}

/// The pay button through the unified collector and its journal (see the module docs).
async fn pay_by_button(base_url: &str, guide: &str) -> Result<(), recaudo_core::Error> {
    let options = ZoomOptions::new(
        Connection::new(base_url),
        env_or("RECAUDO_ZOOM_LOGIN", "recaudador@recaudo.test"),
        Secret::new(env_or("RECAUDO_ZOOM_PASSWORD", "clave-de-prueba-123")),
    )
    .with_button_page(env_or(
        "RECAUDO_ZOOM_BUTTON_PAGE",
        "megasoft/pagar?control={control}&retorno={return_url}",
    ));
    let collector = Collector::connect(
        BillerOptions::Zoom(options),
        NativeTransport::new()?,
        SystemClock,
    )?;
    // A real page keeps a durable journal (a reload must find the payment again).
    let service = CollectionService::new(collector, MemoryJournal::new());
    let receipt = format!("EJ-{}", std::process::id());
    let mut payment = PaymentRequest::new(
        format!("guide:{guide}"),
        "10.00".parse().expect("an amount"),
        receipt.clone(),
        "EJEMPLO",
        "WEB",
    );
    payment.payer = Some(Payer::new(
        "V-00000001",
        "CLIENTE DE PRUEBA",
        "cliente@example.test",
    ));
    payment.extra.insert("bank_account".into(), "213".into());
    let start = ZoomService::ButtonStart {
        payment,
        return_url: "http://127.0.0.1:9/vuelta".into(),
    };
    if let ServiceReply::Zoom(ZoomServiceReply::ButtonStart { checkout }) =
        service.serve(ServiceRequest::Zoom(start)).await?
    {
        println!(
            "control {} for {} VES: open {} and press Enter",
            checkout.control, checkout.amount.amount, checkout.page_url
        );
    }
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    let complete = ZoomService::ButtonComplete { receipt };
    if let ServiceReply::Zoom(ZoomServiceReply::ButtonComplete { outcome }) =
        service.serve(ServiceRequest::Zoom(complete)).await?
    {
        println!("{:?}: {}", outcome.state, outcome.detail);
    }
    Ok(())
}
