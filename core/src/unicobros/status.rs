//! Mobbex's operation status codes, which arrive as strings (`"200"`), and the one table that
//! groups them.
//!
//! [`StatusCode`] is open: a code in the table is [`StatusCode::Listed`], anything else is kept
//! as its raw text in [`StatusCode::Unlisted`] and grouped [`StatusGroup::Unknown`]. Nothing
//! outside [`STATUS_TABLE`] decides what a code means.
//!
//! # Groupings where integrations disagree
//! Mobbex's own plugins hold 2, 3, 100 and 201 "on hold", approve 4 and every 2xx, and call
//! 3xx "processing"; other integrations approve the whole 200–399 range. recaudo's rule is the
//! one a collector can live with: a code counts as paid only when every reading agrees it is
//! paid (200 and the settlement stages 299–303), and a code whose reading is disputed goes to
//! [`StatusGroup::InReview`], which always ends in a person looking rather than in a wrong
//! "paid" (a lost payment) or a wrong "not paid" (a payment taken twice):
//! - **4 delivered**: approved by Mobbex's plugin, undocumented elsewhere: in review.
//! - **201 accepted** and **210 held**: inside 2xx, but held "on hold" by Mobbex's own plugin
//!   (201) or retained by the gateway (210): in review.
//! - **299–303 settlement stages** (completed, settled, …): approved; they only happen to paid
//!   operations.
//! - **600 cancellation in progress**: cancelled, but not final.
//! - **602 refunded / 605 partially refunded**: their own group; the money came back (or part
//!   of it), which neither proves the reference unpaid nor paid.
//! - **0 none, 1 pending, 2 waiting (cash coupon), 3 authorised (card pending capture), 800
//!   ready**: pending, not final.
//! - **500 error**: rejected and final, as every integration reads ≥ 400.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a status means for a collector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusGroup {
    /// Not paid yet and may still be (waiting for the customer or for capture).
    Pending,
    /// Paid.
    Approved,
    /// Not paid and never will be (declined, expired, abandoned, failed, denied, error).
    Rejected,
    /// Paid, then the money went back in full or in part.
    Refunded,
    /// A person (the gateway's risk team, or ours) must look.
    InReview,
    /// Cancelled, or being cancelled.
    Cancelled,
    /// Not in the table, or the gateway's own "unknown".
    Unknown,
}

impl StatusGroup {
    /// The group's snake_case name (`in_review`).
    pub fn as_str(self) -> &'static str {
        match self {
            StatusGroup::Pending => "pending",
            StatusGroup::Approved => "approved",
            StatusGroup::Rejected => "rejected",
            StatusGroup::Refunded => "refunded",
            StatusGroup::InReview => "in_review",
            StatusGroup::Cancelled => "cancelled",
            StatusGroup::Unknown => "unknown",
        }
    }
}

impl fmt::Display for StatusGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of [`STATUS_TABLE`].
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct StatusInfo {
    /// The numeric code (`200`).
    pub code: u16,
    /// A stable snake_case name (`paid`, `declined`).
    pub name: &'static str,
    /// What the code means for a collector.
    pub group: StatusGroup,
    /// Whether the status can no longer change into a paid one (or out of one).
    pub final_: bool,
    /// A Spanish description: Mobbex's own words where its public status table gives them
    /// (0, 1, 2, 3, 200, 300, 301, 400, 401, 500, 600, 601), recaudo's wording otherwise.
    pub description: &'static str,
}

const fn row(
    code: u16,
    name: &'static str,
    group: StatusGroup,
    final_: bool,
    description: &'static str,
) -> StatusInfo {
    StatusInfo {
        code,
        name,
        group,
        final_,
        description,
    }
}

use StatusGroup::{Approved, Cancelled, InReview, Pending, Refunded, Rejected, Unknown};

/// Mobbex's status codes (DESIGN.md's list), the only place a code gets a meaning.
pub static STATUS_TABLE: &[StatusInfo] = &[
    row(0, "none", Pending, false, "Sin estado"),
    row(1, "pending", Pending, false, "Pendiente"),
    row(
        2,
        "waiting",
        Pending,
        false,
        "En espera (cupón de efectivo)",
    ),
    row(
        3,
        "authorised",
        Pending,
        false,
        "Autorizada (a la espera de captura)",
    ),
    row(4, "delivered", InReview, false, "Entregada"),
    row(100, "in_review", InReview, false, "En revisión"),
    row(200, "paid", Approved, true, "Paga"),
    row(201, "accepted", InReview, false, "Aceptada"),
    row(210, "held", InReview, false, "Retenida"),
    row(299, "settlement_pending", Approved, true, "A liquidar"),
    row(300, "completed", Approved, true, "Completada"),
    row(301, "settled", Approved, true, "Liquidada"),
    row(
        302,
        "settlement_in_progress",
        Approved,
        true,
        "Liquidación en proceso",
    ),
    row(
        303,
        "settlement_done",
        Approved,
        true,
        "Liquidación realizada",
    ),
    row(400, "declined", Rejected, true, "Declinada"),
    row(401, "expired", Rejected, true, "Expirada"),
    row(402, "abandoned", Rejected, true, "Abandonada"),
    row(403, "failed", Rejected, true, "Fallida"),
    row(
        410,
        "denied_funds",
        Rejected,
        true,
        "Denegada: fondos insuficientes",
    ),
    row(
        411,
        "denied_authorisation",
        Rejected,
        true,
        "Denegada: autorización",
    ),
    row(412, "denied_merchant", Rejected, true, "Denegada: comercio"),
    row(413, "denied_card", Rejected, true, "Denegada: tarjeta"),
    row(414, "denied_network", Rejected, true, "Denegada: red"),
    row(
        415,
        "denied_operation",
        Rejected,
        true,
        "Denegada: operación",
    ),
    row(500, "error", Rejected, true, "Error"),
    row(
        600,
        "cancellation_in_progress",
        Cancelled,
        false,
        "Cancelación en proceso",
    ),
    row(601, "cancelled", Cancelled, true, "Cancelada"),
    row(602, "refunded", Refunded, true, "Devuelta"),
    row(603, "unknown", Unknown, false, "Desconocido"),
    row(
        605,
        "partially_refunded",
        Refunded,
        true,
        "Devuelta parcialmente",
    ),
    row(800, "ready", Pending, false, "Lista"),
];

/// A status code as the biller sent it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StatusCode {
    /// A code in [`STATUS_TABLE`].
    Listed(&'static StatusInfo),
    /// Any other text, kept verbatim.
    Unlisted(String),
}

impl StatusCode {
    /// Reads `"200"`, `200` or `" 200 "`; anything not in the table is kept raw.
    pub fn parse(raw: &str) -> StatusCode {
        raw.trim()
            .parse::<u16>()
            .ok()
            .and_then(StatusCode::info_of)
            .map_or_else(|| StatusCode::Unlisted(raw.to_owned()), StatusCode::Listed)
    }

    /// The table row of a numeric code.
    pub fn info_of(code: u16) -> Option<&'static StatusInfo> {
        STATUS_TABLE.iter().find(|s| s.code == code)
    }

    /// The code as text (`"200"`), or the raw text of an unlisted one.
    pub fn code(&self) -> String {
        match self {
            StatusCode::Listed(s) => s.code.to_string(),
            StatusCode::Unlisted(raw) => raw.clone(),
        }
    }

    /// The table's row for a listed code; `None` for an unlisted one.
    pub fn info(&self) -> Option<&'static StatusInfo> {
        match self {
            StatusCode::Listed(s) => Some(s),
            StatusCode::Unlisted(_) => None,
        }
    }

    /// The code's group; [`StatusGroup::Unknown`] for an unlisted code.
    pub fn group(&self) -> StatusGroup {
        self.info().map_or(StatusGroup::Unknown, |s| s.group)
    }

    /// The code's snake_case name; `unlisted` for an unlisted code.
    pub fn name(&self) -> &'static str {
        self.info().map_or("unlisted", |s| s.name)
    }

    /// The code's Spanish description; "Código no documentado" for an unlisted code.
    pub fn description(&self) -> &'static str {
        self.info()
            .map_or("Código no documentado", |s| s.description)
    }

    /// Whether the status can no longer change (an unlisted code is never final).
    pub fn is_final(&self) -> bool {
        self.info().is_some_and(|s| s.final_)
    }

    /// Whether the code is in the approved (paid) group.
    pub fn is_paid(&self) -> bool {
        self.group() == StatusGroup::Approved
    }

    /// Definitively not paid: rejected or cancelled, and final.
    pub fn is_definitely_unpaid(&self) -> bool {
        matches!(self.group(), StatusGroup::Rejected | StatusGroup::Cancelled) && self.is_final()
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.name())
    }
}

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::wire::text::deserialize(d).map(|raw| StatusCode::parse(&raw))
    }
}

/// Written as the biller writes it: a string.
impl Serialize for StatusCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_consistent() {
        for (i, a) in STATUS_TABLE.iter().enumerate() {
            assert!(
                STATUS_TABLE[i + 1..]
                    .iter()
                    .all(|b| b.code != a.code && b.name != a.name),
                "{} listed twice",
                a.code
            );
            // Approved codes are final; nothing pending or in review is.
            match a.group {
                Approved => assert!(a.final_, "{}", a.code),
                Pending | InReview | Unknown => assert!(!a.final_, "{}", a.code),
                _ => {}
            }
        }
        for code in 410..=415 {
            assert_eq!(StatusCode::parse(&code.to_string()).group(), Rejected);
        }
    }

    #[test]
    fn codes_parse_from_strings_and_numbers_and_stay_open() {
        let s: StatusCode = serde_json::from_str(r#""200""#).unwrap();
        assert!(s.is_paid() && s.is_final());
        let n: StatusCode = serde_json::from_str("200").unwrap();
        assert_eq!(s, n);
        assert_eq!(serde_json::to_string(&n).unwrap(), r#""200""#);
        let odd: StatusCode = serde_json::from_str(r#""777""#).unwrap();
        assert_eq!(odd, StatusCode::Unlisted("777".into()));
        assert_eq!((odd.group(), odd.is_final()), (Unknown, false));
        assert_eq!(StatusCode::parse("abc").code(), "abc");
        assert!(StatusCode::parse("601").is_definitely_unpaid());
        assert!(!StatusCode::parse("600").is_definitely_unpaid());
        assert_eq!(StatusCode::parse("201").group(), InReview);
        assert_eq!(StatusCode::parse("2").to_string(), "2 (waiting)");
    }
}
