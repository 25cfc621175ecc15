//! Acme's own services, beyond the unified flow (see [`crate::services`]): `payment`, the
//! record Acme holds under a receipt (`GET payments/RECEIPT`), as a collector would reprint it.
//! The fixture's one service, so that the fifth-biller check also carries a service through
//! every channel with no line of their own.

use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::Error;
use crate::money::{Currency, Money};
use crate::services::Payments;
use crate::transport::Transport;

use super::AcmeClient;

crate::services::named_services! {
    /// A request to Acme's own services, tagged by `service`.
    pub enum AcmeService {
        /// A payment's record by receipt.
        "payment" => Payment {
            /// The collector's receipt.
            receipt: String,
        },
    }
}

/// A reply from Acme's own services, tagged as its request was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum AcmeServiceReply {
    /// The record, when Acme holds one.
    Payment {
        /// `None` when Acme holds no payment under the receipt.
        #[cfg_attr(feature = "wasm", tsify(type = "AcmePayment | null"))]
        record: Option<AcmePayment>,
    },
}

/// A payment as Acme holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct AcmePayment {
    /// Acme's id for the payment.
    pub payment_id: String,
    /// The receipt it was made under.
    pub receipt: String,
    /// The debt paid.
    pub debt_id: String,
    /// The amount paid.
    pub amount: Money,
    /// `accepted` or `reversed`.
    pub status: String,
}

impl<T: Transport, C: Clock> AcmeClient<T, C> {
    /// Answers one of Acme's own services.
    pub(super) async fn serve_acme(
        &self,
        request: AcmeService,
        _payments: &dyn Payments,
    ) -> Result<AcmeServiceReply, Error> {
        match request {
            AcmeService::Payment { receipt } => {
                let record = self.payment(&receipt).await?;
                Ok(AcmeServiceReply::Payment {
                    record: record.map(|r| AcmePayment {
                        payment_id: r.payment_id,
                        receipt: r.receipt,
                        debt_id: r.debt_id,
                        amount: Money::new(r.amount, Currency::Usd),
                        status: r.status,
                    }),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_reads_the_same_once_its_tag_is_known() {
        let samples: Vec<AcmeService> = [
            r#"{"service":"payment","receipt":"R-1"}"#,
        ]
        .iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect();
        crate::services::assert_named_reader(&samples);
    }
}
