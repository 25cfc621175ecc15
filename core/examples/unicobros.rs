//! Unicobros through its own client: the first page of the merchant's operations.
//!
//! ```text
//! cargo run -p recaudo-core --features native --example unicobros -- http://127.0.0.1:8080/unicobros/
//! ```
//!
//! The base URL is the first argument (or `RECAUDO_UNICOBROS_URL`). Credentials come from
//! `RECAUDO_UNICOBROS_API_KEY` and `RECAUDO_UNICOBROS_ACCESS_TOKEN`; their defaults are the fake
//! ones the simulator (`recaudo sim`) accepts. Unicobros takes no payment through its API: a
//! checkout page does, and this client finds out what happened to it.

use recaudo_core::Secret;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::unicobros::{
    Credentials, ListOperationsRequest, UnicobrosClient, UnicobrosConfig,
};

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
    let base_url = setting(
        1,
        "RECAUDO_UNICOBROS_URL",
        "http://127.0.0.1:8080/unicobros/",
    );
    let credentials = Credentials {
        api_key: Secret::new(env_or("RECAUDO_UNICOBROS_API_KEY", "api-key-de-prueba")),
        access_token: Secret::new(env_or(
            "RECAUDO_UNICOBROS_ACCESS_TOKEN",
            "access-token-de-prueba",
        )),
    };
    let config = UnicobrosConfig::with_base_url(&base_url, false, credentials)?;
    let client = UnicobrosClient::new(config, NativeTransport::new()?, SystemClock)?;

    let page = client
        .list_operations(&ListOperationsRequest {
            page: 0,
            limit: Some(10),
            ..ListOperationsRequest::default()
        })
        .await?;
    println!("operations on the first page: {}", page.docs.len());
    for op in &page.docs {
        let reference = op.reference.as_deref().unwrap_or("-");
        println!(
            "operation {reference}: {} ARS, status {}",
            op.total, op.status
        );
    }
    Ok(())
}
