//! What a checkout leaves behind. The document covers no endpoint that creates a payment (that
//! happens in Mobbex's checkout), so tests add the attempts a checkout would have left through
//! the control API or [`crate::Simulator::add_unicobros_operation`].

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use super::model::Op;
use super::seed;
use super::state::State;

/// A payment attempt to add, as a checkout would have left it (see
/// [`crate::Simulator::add_unicobros_operation`]).
#[derive(Clone, Debug)]
pub struct UnicobrosOperation {
    pub reference: String,
    pub total: Decimal,
    /// `ARS` or `TEST`.
    pub currency: String,
    /// A Mobbex status code (`"200"`).
    pub status: String,
    pub description: String,
    pub context: String,
    /// UTC; `None` is the simulator's now.
    pub created: Option<NaiveDateTime>,
    /// UTC; `None` is `created`.
    pub updated: Option<NaiveDateTime>,
    pub source_name: String,
    pub source_reference: String,
    /// `card` or `cash`.
    pub source_type: String,
    pub card_number: Option<String>,
    pub installment_count: i64,
    pub user_name: String,
    pub user_email: String,
    /// The parts of a split payment.
    pub childs: Vec<UnicobrosOperation>,
    /// Add it even if the gateway's duplicate guard would refuse it (a second paid operation
    /// under the reference), to simulate the guard failing.
    pub force: bool,
}

impl UnicobrosOperation {
    /// An attempt with made-up defaults: a debit card, one instalment, a test customer.
    pub fn new(reference: &str, total: Decimal, currency: &str, status: &str) -> Self {
        UnicobrosOperation {
            reference: reference.to_owned(),
            total,
            currency: currency.to_owned(),
            status: status.to_owned(),
            description: "Pago de prueba".to_owned(),
            context: seed::CHECKOUT.to_owned(),
            created: None,
            updated: None,
            source_name: "Visa Débito".to_owned(),
            source_reference: "visa.debit".to_owned(),
            source_type: "card".to_owned(),
            card_number: Some("400000******0000".to_owned()),
            installment_count: 1,
            user_name: "Cliente de Prueba".to_owned(),
            user_email: "cliente@example.test".to_owned(),
            childs: Vec::new(),
            force: false,
        }
    }
}

/// The stored operation a checkout leaves for `spec`, with ids from the state's serial;
/// children get theirs after it, `CHD-` before their uid.
pub(super) fn build(st: &mut State, spec: UnicobrosOperation, now_utc: NaiveDateTime) -> Op {
    let (id, uid) = seed::ids(st.next_serial);
    st.next_serial += 1;
    let created = spec.created.unwrap_or(now_utc);
    let childs = spec
        .childs
        .into_iter()
        .map(|c| {
            let mut child = build(st, c, created);
            child.uid = format!("CHD-{}", child.uid);
            child
        })
        .collect();
    Op {
        id,
        uid,
        reference: spec.reference,
        status: spec.status,
        total: spec.total,
        currency: spec.currency,
        description: spec.description,
        context: spec.context,
        source_name: spec.source_name,
        source_reference: spec.source_reference,
        source_type: spec.source_type,
        card_number: spec.card_number,
        installment_count: spec.installment_count,
        user_name: spec.user_name,
        user_email: spec.user_email,
        created,
        updated: spec.updated.unwrap_or(created),
        childs,
    }
}
