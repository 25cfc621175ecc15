//! What the simulated Unicobros remembers: the gateway's operations (coupons), and whether the
//! access token is revoked.

use super::model::{Op, is_paid};

/// Everything the simulated Unicobros remembers.
pub(crate) struct State {
    pub(super) ops: Vec<Op>,
    /// The serial the next operation's ids are made from.
    pub(super) next_serial: u64,
    /// Whether the access token is revoked (`tokens/expire` until `tokens/restore`).
    pub(super) token_revoked: bool,
}

impl State {
    /// Paid operations under `reference`, leaving out the one with id `except`.
    pub(super) fn paid_under(&self, reference: &str, except: Option<&str>) -> usize {
        self.ops
            .iter()
            .filter(|o| o.reference == reference && Some(o.id.as_str()) != except)
            .filter(|o| is_paid(&o.status))
            .count()
    }
}
