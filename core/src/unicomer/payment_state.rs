//! The payment states `consultarpago` and `conciliacion` report.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A payment's state at Unicomer. Unknown codes are kept, never guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentState {
    /// -1: no such payment; sending it again is allowed.
    Absent,
    /// 0: registered; it can still be reversed.
    Registered,
    /// 1: synchronised into Unicomer's systems (about 3 minutes after registration); final.
    Synchronised,
    /// 2: "zoombie": not registered, and must not be sent again.
    Zombie,
    /// 4: reversed.
    Reversed,
    /// 99: Unicomer had internal problems synchronising it; must not be sent again.
    SyncProblem,
    /// Any code the document does not list.
    Other(i64),
}

impl PaymentState {
    /// The state of a code as the replies write it; an unlisted code is kept as [`PaymentState::Other`].
    pub fn from_code(code: i64) -> Self {
        match code {
            -1 => PaymentState::Absent,
            0 => PaymentState::Registered,
            1 => PaymentState::Synchronised,
            2 => PaymentState::Zombie,
            4 => PaymentState::Reversed,
            99 => PaymentState::SyncProblem,
            other => PaymentState::Other(other),
        }
    }

    /// The state's code as the replies write it.
    pub fn code(self) -> i64 {
        match self {
            PaymentState::Absent => -1,
            PaymentState::Registered => 0,
            PaymentState::Synchronised => 1,
            PaymentState::Zombie => 2,
            PaymentState::Reversed => 4,
            PaymentState::SyncProblem => 99,
            PaymentState::Other(c) => c,
        }
    }

    /// The document's description of the state.
    pub fn description(self) -> &'static str {
        match self {
            PaymentState::Absent => "No existe",
            PaymentState::Registered => "Registrado",
            PaymentState::Synchronised => "Sincronizado",
            PaymentState::Zombie => "Zoombie",
            PaymentState::Reversed => "Reversado",
            PaymentState::SyncProblem => "Problemas para sincronizar",
            PaymentState::Other(_) => "Desconocido",
        }
    }

    /// Only an absent payment may be sent again.
    pub fn may_resend(self) -> bool {
        self == PaymentState::Absent
    }

    /// Only a registered (not yet synchronised) payment can be reversed.
    pub fn reversible(self) -> bool {
        self == PaymentState::Registered
    }

    /// The biller holds the payment as made.
    pub fn is_paid(self) -> bool {
        matches!(self, PaymentState::Registered | PaymentState::Synchronised)
    }
}

impl fmt::Display for PaymentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.description())
    }
}

impl<'de> Deserialize<'de> for PaymentState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::wire::int::deserialize(d).map(PaymentState::from_code)
    }
}

impl Serialize for PaymentState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}
