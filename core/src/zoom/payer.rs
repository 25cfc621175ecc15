//! Checks on the payer's identity fields of `createPagoWs`, so Zoom never sees a request it
//! would refuse for its shape.
//!
//! - `rifcipagador`: the document's formats are `V-12345678` (cédula) and `J-01234567-1` (RIF).
//!   Accepted, after trimming and upper-casing (the pattern, as a regular expression):
//!   `^(?:[VE]-[0-9]{6,9}(?:-[0-9])?|[JG]-[0-9]{8}-[0-9]|P-[A-Z0-9]{5,15})$`:
//!   Venezuelan (`V`) or foreign (`E`) cédulas of 6 to 9 digits, optionally with a RIF check
//!   digit; company (`J`) and government (`G`) RIFs of 8 digits and a check digit; passports
//!   (`P`) of 5 to 15 letters or digits. The check digit is not verified (a guess: Zoom's
//!   document does not say it does).
//! - `nombrepagador`: "NO incluir caracteres especiales": letters (Spanish accents and `ñ`
//!   included), digits, spaces and the configured punctuation (default `.`), at most 100.
//! - `emailpagador`: `local@domain.tld` with the usual characters, at most 100.

use crate::error::Error;
use crate::validate;

/// Checks a RIF or cédula and returns it normalised (trimmed, upper-case).
pub fn check_rif(value: &str) -> Result<String, Error> {
    let v = value.trim().to_ascii_uppercase();
    let invalid = || {
        Error::invalid(
            "rifcipagador",
            format!(
                "`{}` is not a RIF or cédula like V-12345678, E-81234567, J-01234567-1, \
                 G-20000001-1 or P-AB123456",
                value.trim()
            ),
        )
    };
    let (letter, rest) = v.split_once('-').ok_or_else(invalid)?;
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let ok = match letter {
        "V" | "E" => match rest.split_once('-') {
            None => digits(rest, 6, 9),
            Some((number, check)) => digits(number, 6, 9) && digits(check, 1, 1),
        },
        "J" | "G" => rest
            .split_once('-')
            .is_some_and(|(number, check)| digits(number, 8, 8) && digits(check, 1, 1)),
        "P" => (5..=15).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric()),
        _ => false,
    };
    if ok { Ok(v) } else { Err(invalid()) }
}

/// Checks the payer's name against "no special characters" (see the module docs).
pub fn check_name(value: &str, punctuation: &[char]) -> Result<(), Error> {
    validate::text("nombrepagador", value, 100)?;
    const SPANISH: &str = "ÁÉÍÓÚÜÑáéíóúüñ";
    if let Some(bad) = value.trim().chars().find(|c| {
        !(c.is_ascii_alphanumeric() || *c == ' ' || SPANISH.contains(*c) || punctuation.contains(c))
    }) {
        return Err(Error::invalid(
            "nombrepagador",
            format!(
                "`{bad}` is a special character; Zoom takes letters, digits, spaces and {}",
                punctuation
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ));
    }
    Ok(())
}

/// Checks an e-mail address's shape.
pub fn check_email(value: &str) -> Result<(), Error> {
    let v = value.trim();
    validate::text("emailpagador", v, 100)?;
    let invalid = || {
        Error::invalid(
            "emailpagador",
            format!("`{v}` is not an e-mail address like cliente@example.test"),
        )
    };
    let (local, domain) = v.split_once('@').ok_or_else(invalid)?;
    const LOCAL_EXTRA: &str = ".!#$%&'*+/=?^_`{|}~-";
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || LOCAL_EXTRA.contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    if local_ok && domain_ok {
        Ok(())
    } else {
        Err(invalid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rif_and_cedula_formats() {
        for good in [
            "V-12345678",
            "v-1234567",
            " E-81234567 ",
            "V-12345678-9",
            "J-01234567-1",
            "G-20000001-1",
            "P-AB123456",
        ] {
            assert!(check_rif(good).is_ok(), "{good}");
        }
        assert_eq!(check_rif(" v-00000001 ").unwrap(), "V-00000001");
        for bad in [
            "",
            "12345678",
            "V12345678",
            "V-1234",
            "V-1234567890",
            "J-01234567",
            "J-0123456-1",
            "J-01234567-12",
            "X-12345678",
            "V-1234567A",
            "P-AB 12345",
            "V-12345678-",
        ] {
            assert_eq!(check_rif(bad).unwrap_err().code(), "invalid_input", "{bad}");
        }
    }

    #[test]
    fn names_without_special_characters() {
        assert!(check_name("CLIENTE G. DE PRUEBA", &['.']).is_ok());
        assert!(check_name("Peña Núñez 2", &['.']).is_ok());
        for bad in ["A & B", "O'HARA", "X/Y", "A,B", "<script>", "  ", "A\u{7}B"] {
            assert!(check_name(bad, &['.']).is_err(), "{bad}");
        }
        assert!(check_name("A,B", &['.', ',']).is_ok());
    }

    #[test]
    fn email_shapes() {
        for good in ["cliente@example.test", "a.b+c@sub.example.com"] {
            assert!(check_email(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "cliente",
            "@example.test",
            "cliente@",
            "cliente@example",
            "a..b@example.test",
            "a b@example.test",
            "a@b@example.test",
            "a@-x.test",
            "a@x.t3",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
