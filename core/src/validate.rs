//! Input checks shared by every biller's request builders: refuse bad input with a typed error
//! before anything is sent.

use crate::error::Error;

/// Ids that billers type as integers are positive.
pub fn positive_id(field: &'static str, value: i64) -> Result<(), Error> {
    if value <= 0 {
        return Err(Error::invalid(
            field,
            format!("must be a positive integer, got {value}"),
        ));
    }
    Ok(())
}

/// Free text: not blank, at most `max_chars`, no control characters.
pub fn text(field: &'static str, value: &str, max_chars: usize) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().count() > max_chars {
        return Err(Error::invalid(
            field,
            format!("longer than {max_chars} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "contains control characters"));
    }
    Ok(())
}

/// Codes and references: [`text`], limited to ASCII letters, digits and `extra`.
pub fn code(
    field: &'static str,
    value: &str,
    max_chars: usize,
    extra: &[char],
) -> Result<(), Error> {
    text(field, value, max_chars)?;
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    {
        let allowed: String = extra.iter().map(|c| format!(" {c}")).collect();
        return Err(Error::invalid(
            field,
            format!("only letters, digits and{allowed} are allowed"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_blank_long_and_control_text() {
        assert!(text("f", "ok", 5).is_ok());
        for bad in ["", "  ", "toolong", "a\u{0}b"] {
            assert_eq!(
                text("f", bad, 5).unwrap_err().code(),
                "invalid_input",
                "{bad:?}"
            );
        }
        assert!(code("r", "ET0199-78", 20, &['-']).is_ok());
        assert!(code("r", "ET 01", 20, &['-']).is_err());
        assert!(positive_id("id", 0).is_err());
    }
}
