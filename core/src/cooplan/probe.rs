//! What Cooplan's reads can prove about a payment or reversal whose reply was lost: the
//! decision tables behind safe payment, as pure functions over what was observed.
//!
//! Cooplan offers no status call. Two reads stand in for one:
//!
//! - **pending debts** (`consultardeuda`): whether the invoice/period is still listed. Paying
//!   it removes it; reversing the payment brings it back (the simulator behaves so; the
//!   document implies it: the service lists "las facturas pendientes"). It says nothing
//!   about *who* paid;
//! - **the day's collections report** (`reportecobranzas`): when it answers a list, the row of
//!   our invoice, period, contract and amount names the collection (`IdCobranza`). When it
//!   answers a plain string (the document's example), it proves nothing.

use super::consultar_deuda::Deuda;
use super::reporte_cobranzas::Cobranza;

/// Whether `consultardeuda` still lists the invoice/period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pending {
    Listed(Deuda),
    NotListed,
    /// The call failed, or the contract was not given.
    Unknown,
}

/// The collections report's rows for one invoice, over the days asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reported {
    /// Matching rows (for a payment: collections in effect of this invoice/period/amount; for a
    /// reversal: the rows of this `IdCobranza`).
    pub rows: Vec<Cobranza>,
    /// Every report asked answered a list (so a missing row is meaningful).
    pub complete: bool,
}

/// What the evidence proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Applied,
    Absent,
    /// Something is there that needs a person; the reason goes into the evidence.
    Review(String),
    Unknown,
}

/// A payment of one invoice/period: applied only when the report names the collection; absent
/// only when the debt is still pending and a complete report lists no collection of it (or,
/// when the caller opted in, the debt alone is still pending).
pub(crate) fn judge_payment(
    pending: &Pending,
    reported: &Reported,
    trust_debts_alone: bool,
) -> Verdict {
    let found = reported.rows.len();
    if found > 1 {
        return Verdict::Review(format!(
            "the report lists {found} collections of this invoice and period; which one is ours cannot be told"
        ));
    }
    match (pending, found == 1, reported.complete) {
        (Pending::Listed(_), true, _) => Verdict::Review(
            "the report lists the collection but the debt is still pending: the biller contradicts itself".into(),
        ),
        (_, true, _) => Verdict::Applied,
        (Pending::Listed(_), false, true) => Verdict::Absent,
        (Pending::Listed(_), false, false) if trust_debts_alone => Verdict::Absent,
        (Pending::Listed(_), false, false) => Verdict::Review(
            "the debt is still pending but no collections report listed the day's collections, so a payment still in flight cannot be ruled out; not sending again".into(),
        ),
        (Pending::NotListed, false, true) => Verdict::Review(
            "the debt is no longer pending but the report lists no collection of it: it was paid, not necessarily by us".into(),
        ),
        (Pending::NotListed, false, false) => Verdict::Review(
            "the debt is no longer pending: probably paid, not necessarily by us (the report cannot tell)".into(),
        ),
        (Pending::Unknown, false, _) => Verdict::Unknown,
    }
}

/// A reversal of one collection: applied when the debt is pending again (and the report does
/// not show the collection still in effect); absent when the collection is still in effect and
/// the debt not pending.
pub(crate) fn judge_reversal(
    pending: &Pending,
    reported: &Reported,
    trust_debts_alone: bool,
) -> Verdict {
    let row = match reported.rows.as_slice() {
        [] => None,
        [row] => Some(row),
        many => {
            return Verdict::Review(format!(
                "the report lists {} rows for this collection id",
                many.len()
            ));
        }
    };
    let reversed = row.map(Cobranza::is_reversed);
    match (pending, reversed) {
        (Pending::Listed(_), Some(false)) => Verdict::Review(
            "the debt is pending again but the report shows the collection still in effect: the biller contradicts itself".into(),
        ),
        (Pending::Listed(_), _) => Verdict::Applied,
        (Pending::NotListed, Some(false)) => Verdict::Absent,
        (Pending::NotListed, Some(true)) => Verdict::Review(
            "the report shows the collection reversed but the debt is not pending again: the biller contradicts itself".into(),
        ),
        (Pending::NotListed, None) if !reported.complete && trust_debts_alone => Verdict::Absent,
        (Pending::NotListed, None) => Verdict::Review(
            "the debt is not pending again and no report shows the collection: the reversal cannot be proven either way".into(),
        ),
        (Pending::Unknown, Some(true)) => Verdict::Applied,
        (Pending::Unknown, Some(false)) => Verdict::Absent,
        (Pending::Unknown, None) => Verdict::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    fn deuda() -> Deuda {
        Deuda {
            id: Some("90001".into()),
            nombre: None,
            cod_ubicacion: None,
            periodo: "202110".into(),
            factura: 5_000_001,
            monto_total: Decimal::new(13_676, 2),
            estado: Some(1),
        }
    }

    fn row(estado: i64) -> Cobranza {
        Cobranza {
            id_cobranza: Some("4200001".into()),
            id_factura: Some(5_000_001),
            estado: Some(estado),
            ..Cobranza::default()
        }
    }

    fn rep(rows: Vec<Cobranza>, complete: bool) -> Reported {
        Reported { rows, complete }
    }

    #[test]
    fn payment_table() {
        let listed = Pending::Listed(deuda());
        let gone = Pending::NotListed;
        let unknown = Pending::Unknown;
        use Verdict::*;
        let review = |v: Verdict| matches!(v, Review(_));
        assert_eq!(
            judge_payment(&gone, &rep(vec![row(1)], true), false),
            Applied
        );
        assert_eq!(
            judge_payment(&unknown, &rep(vec![row(1)], false), false),
            Applied
        );
        assert_eq!(judge_payment(&listed, &rep(vec![], true), false), Absent);
        assert!(review(judge_payment(&listed, &rep(vec![], false), false)));
        assert_eq!(judge_payment(&listed, &rep(vec![], false), true), Absent);
        assert!(review(judge_payment(
            &listed,
            &rep(vec![row(1)], true),
            false
        )));
        assert!(review(judge_payment(&gone, &rep(vec![], true), false)));
        assert!(review(judge_payment(&gone, &rep(vec![], false), true)));
        assert!(review(judge_payment(
            &gone,
            &rep(vec![row(1), row(1)], true),
            false
        )));
        assert_eq!(judge_payment(&unknown, &rep(vec![], true), false), Unknown);
        assert_eq!(judge_payment(&unknown, &rep(vec![], false), true), Unknown);
    }

    #[test]
    fn reversal_table() {
        let listed = Pending::Listed(deuda());
        let gone = Pending::NotListed;
        let unknown = Pending::Unknown;
        use Verdict::*;
        let review = |v: Verdict| matches!(v, Review(_));
        assert_eq!(
            judge_reversal(&listed, &rep(vec![row(0)], true), false),
            Applied
        );
        assert_eq!(judge_reversal(&listed, &rep(vec![], false), false), Applied);
        assert!(review(judge_reversal(
            &listed,
            &rep(vec![row(1)], true),
            false
        )));
        assert_eq!(
            judge_reversal(&gone, &rep(vec![row(1)], true), false),
            Absent
        );
        assert!(review(judge_reversal(
            &gone,
            &rep(vec![row(0)], true),
            false
        )));
        assert!(review(judge_reversal(&gone, &rep(vec![], true), false)));
        assert!(review(judge_reversal(&gone, &rep(vec![], false), false)));
        assert_eq!(judge_reversal(&gone, &rep(vec![], false), true), Absent);
        assert_eq!(
            judge_reversal(&unknown, &rep(vec![row(0)], true), false),
            Applied
        );
        assert_eq!(
            judge_reversal(&unknown, &rep(vec![row(1)], true), false),
            Absent
        );
        assert_eq!(
            judge_reversal(&unknown, &rep(vec![], false), false),
            Unknown
        );
    }
}
