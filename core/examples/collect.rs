//! The unified flow: look a customer up and pay their first debt, every payment written to a
//! file journal before it is sent, so that a crash mid-payment is resolved on the next start.
//!
//! ```text
//! cargo run -p recaudo-core --features native --example collect -- http://127.0.0.1:8080/unicomer/ journal.jsonl
//! ```
//!
//! The Unicomer base URL is the first argument (or `RECAUDO_UNICOMER_URL`), the journal file
//! the second (or `RECAUDO_JOURNAL`). The customer (`RECAUDO_CUSTOMER`), the amount
//! (`RECAUDO_AMOUNT`) and the receipt number (`RECAUDO_RECEIPT`, unique per payment) can be
//! set; credentials come from `RECAUDO_UNICOMER_USERNAME`, `RECAUDO_UNICOMER_PASSWORD` and
//! `RECAUDO_UNICOMER_COMMERCE`, whose defaults are the fake ones the simulator accepts. The same
//! code pays any biller: only the `Collector` variant changes.

use recaudo_core::collection::{CollectionService, Collector, PaymentRequest};
use recaudo_core::native::{FileJournal, NativeTransport, SystemClock};
use recaudo_core::unicomer::{Credentials, UnicomerClient, UnicomerConfig};
use recaudo_core::{Outcome, Secret};

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
    let journal = setting(2, "RECAUDO_JOURNAL", "journal.jsonl");
    let customer = env_or("RECAUDO_CUSTOMER", "0900000001");
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let receipt = env_or("RECAUDO_RECEIPT", &format!("EJEMPLO-{seconds}"));

    let credentials = Credentials {
        username: env_or("RECAUDO_UNICOMER_USERNAME", "cajero@recaudo.test"),
        password: Secret::new(env_or("RECAUDO_UNICOMER_PASSWORD", "fake-password-123")),
    };
    let commerce = env_or("RECAUDO_UNICOMER_COMMERCE", "EMPTEST");
    let config = UnicomerConfig::with_base_url(&base_url, false, credentials, commerce)?;
    let client = UnicomerClient::new(config, NativeTransport::new()?, SystemClock)?;
    let service = CollectionService::new(Collector::Unicomer(client), FileJournal::open(&journal)?);
    // Whatever an earlier run left in flight is settled before anything new is paid.
    service.resume().await?;

    let statement = service.collector().lookup(&customer).await?;
    let Some(debt) = statement.debts.first() else {
        println!("customer {customer} owes nothing");
        return Ok(());
    };
    println!("debt {}: balance {}", debt.debt_id, debt.balance);
    let amount = recaudo_core::money::parse_amount(&env_or("RECAUDO_AMOUNT", "1.00"))?;
    let mut request = PaymentRequest::new(
        debt.debt_id.clone(),
        amount,
        receipt.clone(),
        "EJEMPLO",
        "AGENCIA DE PRUEBA",
    );
    // With the balance known, an amount above it is refused before anything is sent.
    request.balance = Some(debt.balance.amount);
    let result = service.pay(&request).await?;
    match result.outcome {
        Outcome::Confirmed => println!(
            "paid {amount} with receipt {receipt}: confirmed (recovered: {})",
            result.recovered
        ),
        Outcome::Rejected => println!("refused: {:?}", result.rejection),
        Outcome::NeedsReview => println!("needs a person: {:?}", result.evidence),
    }
    println!("journal: {journal}");
    Ok(())
}
