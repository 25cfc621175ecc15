//! Cooplan's date texts: `FechaPagoEmpresa` `dd/mm/yyyy hh:mm:ss` (Bolivian wall-clock time),
//! the billing period `periodo` `yyyymm`, and the report's `Fecha` `yyyy-mm-dd`.

use chrono::{NaiveDate, NaiveDateTime};

use crate::calendar;
use crate::error::Error;

/// Reads `FechaPagoEmpresa`; also accepts `yyyy-mm-dd hh:mm:ss` (and an ISO `T`), in case a
/// reply (or a report row) uses the other common form.
pub fn parse_fecha_pago(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    [
        calendar::DMY_SLASH_HMS,
        calendar::DMY_SLASH_HM,
        calendar::YMD_HMS_FRACTION,
        calendar::YMD_T_HMS_FRACTION,
    ]
    .into_iter()
    .find_map(|f| calendar::parse_datetime(t, f))
}

/// Writes `FechaPagoEmpresa`'s form, `dd/mm/yyyy hh:mm:ss`.
pub fn format_fecha_pago(value: &NaiveDateTime) -> String {
    calendar::datetime_dmy(value)
}

/// Checks a billing period: six digits, `yyyymm`, month 01–12.
pub fn check_periodo(periodo: &str) -> Result<(), Error> {
    let p = periodo.trim();
    let ok = p.len() == 6
        && p.bytes().all(|b| b.is_ascii_digit())
        && matches!(p[4..].parse::<u32>(), Ok(1..=12))
        && p[..4].parse::<u32>().is_ok_and(|y| y >= 1900);
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "Periodo",
            format!("must be a billing period yyyymm (e.g. 202110), got `{periodo}`"),
        ))
    }
}

/// The first day of a `yyyymm` period, for display.
pub fn periodo_start(periodo: &str) -> Option<NaiveDate> {
    check_periodo(periodo).ok()?;
    let p = periodo.trim();
    NaiveDate::from_ymd_opt(p[..4].parse().ok()?, p[4..].parse().ok()?, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_forms() {
        let a = parse_fecha_pago("26/11/2021 12:11:52").unwrap();
        assert_eq!(a, parse_fecha_pago("2021-11-26 12:11:52").unwrap());
        assert_eq!(format_fecha_pago(&a), "26/11/2021 12:11:52");
        assert!(parse_fecha_pago("31/02/2021 00:00:00").is_none());
        assert!(parse_fecha_pago("").is_none());
        // The hand-written reader agrees with chrono's on every form, and on what it refuses.
        for t in [
            "26/11/2021 12:11:52",
            "26/11/2021 12:11",
            "2021-11-26 12:11:52.250",
            "2021-11-26T12:11:52",
            "6/1/2021 2:1:5",
            " 26/11/2021 12:11:52 ",
            "26/11/202112:11:52",
            "31/02/2021 00:00:00",
            "26/11/2021 12:11:61",
            "26/11/2021",
            "26-11-2021 12:11:52",
        ] {
            let chrono_reads = [
                "%d/%m/%Y %H:%M:%S",
                "%d/%m/%Y %H:%M",
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M:%S%.f",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(t.trim(), f).ok());
            assert_eq!(parse_fecha_pago(t), chrono_reads, "{t}");
            if let Some(at) = chrono_reads {
                assert_eq!(format_fecha_pago(&at), at.format("%d/%m/%Y %H:%M:%S").to_string());
            }
        }
    }

    #[test]
    fn periods_are_yyyymm() {
        assert!(check_periodo("202110").is_ok());
        for bad in [
            "", "2021-10", "202113", "202100", "20211", "2021100", "abcdef", "000001",
        ] {
            assert_eq!(
                check_periodo(bad).unwrap_err().code(),
                "invalid_input",
                "{bad}"
            );
        }
        assert_eq!(
            periodo_start("202111"),
            NaiveDate::from_ymd_opt(2021, 11, 1)
        );
    }
}
