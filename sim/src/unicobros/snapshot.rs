//! Unicobros' state as tests read it (`GET /_sim/state` → `unicobros`,
//! [`crate::Simulator::unicobros_state`]).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Unicobros;
use super::model::{self, Op, is_paid};
use crate::biller::Mounted;

pub(super) fn snapshot(u: &Mounted<Unicobros>) -> UnicobrosSnapshot {
    let st = u.lock();
    UnicobrosSnapshot {
        requests: u.requests(),
        token_revoked: st.token_revoked,
        operations: st.ops.iter().map(op_snapshot).collect(),
    }
}

fn op_snapshot(o: &Op) -> UnicobrosOperationSnapshot {
    UnicobrosOperationSnapshot {
        id: o.id.clone(),
        uid: o.uid.clone(),
        reference: o.reference.clone(),
        status: o.status.clone(),
        total: o.total,
        currency: o.currency.clone(),
        description: o.description.clone(),
        context: o.context.clone(),
        test: o.is_test(),
        created: model::iso(o.created),
        updated: model::iso(o.updated),
        childs: o.childs.iter().map(op_snapshot).collect(),
    }
}

/// Unicobros' state as tests see it (`GET /_sim/state` → `unicobros`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UnicobrosSnapshot {
    /// Requests that reached each endpoint, faulted or not (every endpoint listed).
    pub requests: BTreeMap<String, u64>,
    /// Whether the access token is revoked ([`crate::Simulator::expire_tokens`]).
    pub token_revoked: bool,
    /// Every operation, in the order they were added (seed first).
    pub operations: Vec<UnicobrosOperationSnapshot>,
}

impl UnicobrosSnapshot {
    /// The operations under a reference.
    pub fn with_reference(&self, reference: &str) -> Vec<&UnicobrosOperationSnapshot> {
        self.operations
            .iter()
            .filter(|o| o.reference == reference)
            .collect()
    }

    /// How many paid operations (200, 299–303) the gateway holds under a reference.
    pub fn paid_with_reference(&self, reference: &str) -> usize {
        self.with_reference(reference)
            .iter()
            .filter(|o| is_paid(&o.status))
            .count()
    }

    /// Requests that reached an endpoint.
    pub fn requests_to(&self, endpoint: &str) -> u64 {
        self.requests.get(endpoint).copied().unwrap_or(0)
    }
}

/// One operation (coupon) as stored.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UnicobrosOperationSnapshot {
    /// The coupon id (what `2.0/transactions/status` takes).
    pub id: String,
    pub uid: String,
    pub reference: String,
    pub status: String,
    /// A string in JSON (`"900.53"`).
    pub total: Decimal,
    pub currency: String,
    pub description: String,
    pub context: String,
    /// In test money.
    pub test: bool,
    /// ISO-8601 UTC.
    pub created: String,
    pub updated: String,
    pub childs: Vec<UnicobrosOperationSnapshot>,
}
