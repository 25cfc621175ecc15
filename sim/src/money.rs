//! Amounts as the billers write them in replies and snapshots.
//!
//! Every amount is a `Decimal` from the request's or the seed's text to the reply's text, never
//! a double; these are the few shapes the billers print it in.

use rust_decimal::Decimal;

use crate::exact::{RawNumber, raw_number};

/// A decimal rounded and rescaled to two places, so it prints as `12.30` (snapshots serialise
/// it as that string).
pub(crate) fn two_dp(d: Decimal) -> Decimal {
    let mut d = d.round_dp(2);
    d.rescale(2);
    d
}

/// An amount as a string with two decimals (`"4390.00"`): Zoom's and Cooplan's replies.
pub(crate) fn amount_text(d: Decimal) -> String {
    two_dp(d).to_string()
}

/// A JSON number with exactly `dp` decimals, from the decimal's text (never via a double):
/// Unicomer's replies.
pub(crate) fn number_dp(d: Decimal, dp: u32) -> RawNumber {
    raw_number(format!("{:.*}", dp as usize, d.round_dp(dp)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::dec;

    #[test]
    fn shapes() {
        assert_eq!(two_dp(dec("12.3")).to_string(), "12.30");
        assert_eq!(two_dp(dec("12.345")).to_string(), "12.34");
        assert_eq!(amount_text(dec("4390")), "4390.00");
        assert_eq!(number_dp(dec("5.5"), 2).get(), "5.50");
        assert_eq!(number_dp(dec("1"), 0).get(), "1");
    }
}
