//! Cooplan through its own client: a contract's pending debts.
//!
//! ```text
//! cargo run -p recaudo-core --features native --example cooplan -- http://127.0.0.1:8080/cooplan/ 1001
//! ```
//!
//! The base URL is the first argument (or `RECAUDO_COOPLAN_URL`), the contract the second (or
//! `RECAUDO_CONTRACT`). Credentials come from `RECAUDO_COOPLAN_COD_SEGURIDAD`,
//! `RECAUDO_COOPLAN_LOGIN` and `RECAUDO_COOPLAN_PWD`; their defaults are the fake ones the
//! simulator (`recaudo sim`) accepts.

use recaudo_core::Secret;
use recaudo_core::cooplan::{CooplanClient, CooplanConfig, Credentials};
use recaudo_core::native::{NativeTransport, SystemClock};

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
    let base_url = setting(1, "RECAUDO_COOPLAN_URL", "http://127.0.0.1:8080/cooplan/");
    let contract = setting(2, "RECAUDO_CONTRACT", "1001");
    let credentials = Credentials {
        cod_seguridad: Secret::new(env_or("RECAUDO_COOPLAN_COD_SEGURIDAD", "codseg-de-prueba")),
        login: env_or("RECAUDO_COOPLAN_LOGIN", "recaudador-de-prueba"),
        pwd: Secret::new(env_or("RECAUDO_COOPLAN_PWD", "pwd-de-prueba")),
    };
    let config = CooplanConfig::with_base_url(&base_url, false, credentials)?;
    let client = CooplanClient::new(config, NativeTransport::new()?, SystemClock)?;

    let debts = client.debts(&contract).await?;
    println!("contract {contract}: {} debt(s)", debts.len());
    for debt in &debts {
        println!(
            "invoice {} ({}): {} BOB",
            debt.factura, debt.periodo, debt.monto_total
        );
    }
    Ok(())
}
