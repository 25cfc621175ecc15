//! Unicomer through its own client: a customer's statement, read from the biller.
//!
//! ```text
//! cargo run -p recaudo-core --features native --example unicomer -- http://127.0.0.1:8080/unicomer/ 0900000001
//! ```
//!
//! The base URL is the first argument (or `RECAUDO_UNICOMER_URL`), the customer the second
//! (or `RECAUDO_CUSTOMER`). Credentials come from `RECAUDO_UNICOMER_USERNAME`,
//! `RECAUDO_UNICOMER_PASSWORD` and `RECAUDO_UNICOMER_COMMERCE`; their defaults are the fake ones
//! the simulator (`recaudo sim`) accepts. Plain `http://` is accepted for this machine only.

use recaudo_core::Secret;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::unicomer::{Credentials, UnicomerClient, UnicomerConfig};

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
    let base_url = setting(1, "RECAUDO_UNICOMER_URL", "http://127.0.0.1:8080/unicomer/");
    let customer = setting(2, "RECAUDO_CUSTOMER", "0900000001");
    let credentials = Credentials {
        username: env_or("RECAUDO_UNICOMER_USERNAME", "cajero@recaudo.test"),
        password: Secret::new(env_or("RECAUDO_UNICOMER_PASSWORD", "fake-password-123")),
    };
    let commerce = env_or("RECAUDO_UNICOMER_COMMERCE", "EMPTEST");
    let config = UnicomerConfig::with_base_url(&base_url, false, credentials, commerce)?;
    let client = UnicomerClient::new(config, NativeTransport::new()?, SystemClock)?;

    // The client fetches a token, sends `estadocuenta` and reads the reply's amounts exactly.
    let statement = client.statement(&customer).await?;
    println!(
        "customer {customer}: {} invoice(s)",
        statement.facturas.len()
    );
    for invoice in &statement.facturas {
        println!(
            "invoice {}: to pay {} of {} USD",
            invoice.id, invoice.valor_pagar, invoice.deuda_tot_conpro
        );
    }
    Ok(())
}
