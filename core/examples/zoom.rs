//! Zoom through its own client: what a shipping guide still owes.
//!
//! ```text
//! cargo run -p recaudo-core --features native --example zoom -- http://127.0.0.1:8080/zoom/ 1000000001
//! ```
//!
//! The base URL is the first argument (or `RECAUDO_ZOOM_URL`), the guide number the second (or
//! `RECAUDO_GUIDE`). Credentials come from `RECAUDO_ZOOM_LOGIN` and `RECAUDO_ZOOM_PASSWORD`;
//! their defaults are the fake ones the simulator (`recaudo sim`) accepts.

use recaudo_core::Secret;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::zoom::{Credentials, DocRef, DocType, ZoomClient, ZoomConfig};

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
    Ok(())
}
