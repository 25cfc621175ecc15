//! Unicomer's switches, learned read-only: a token, `conciliacion` for the day in both date
//! formats, the statement of the given customer, and `consultarpago` for a payment the day's
//! `conciliacion` lists, asked by its invoice `secuencial` and by its `idtrx`.

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::collection::BillerId;
use crate::error::Error;
use crate::transport::Transport;
use crate::unicomer::{
    ConciliacionDateFormat, ConciliacionRequest, ConsultarPagoRequest, EstadoCuentaRequest,
    EstadoFiltro, PaymentKey, PaymentState, RegistroConciliacion, TokenRequest, UnicomerClient,
    UnicomerConfig,
};

use crate::discover::{Adjusted, Discovery, Finding, ProbeInput, Raw, SAFE_UNDER_BOTH, fatal, kind, said};

type Client<'a, T, C> = UnicomerClient<&'a T, &'a C>;

/// Probes Unicomer (see the module docs). `input.customer` is a `cliente` whose statement is
/// read; `input.date` the day to reconcile (default: today in Ecuador).
pub async fn unicomer<T: Transport, C: Clock>(
    config: &UnicomerConfig,
    transport: &T,
    clock: &C,
    input: &ProbeInput,
) -> Result<Discovery, Error> {
    let client = UnicomerClient::new(config.clone(), transport, clock)?;
    let token = TokenRequest {
        username: config.credentials.username.clone(),
        password: config.credentials.password.clone(),
    };
    client.read(&token).await?;
    let day = input.date.unwrap_or_else(|| client.now_local().date());
    let (date, records) = conciliacion_date(&client, day).await?;
    let (key, recibo) = consultarpago(&client, &records, day).await?;
    let statement = estadocuenta_empty(&client, input.customer.as_deref()).await?;
    Ok(Discovery {
        biller: BillerId::Unicomer,
        findings: vec![key, recibo, duplicate_receipt(), statement, date],
        notes: vec![format!("token issued; day probed {day}")],
    })
}

async fn conciliacion_date<T: Transport, C: Clock>(
    client: &Client<'_, T, C>,
    day: NaiveDate,
) -> Result<(Finding, Option<Vec<RegistroConciliacion>>), Error> {
    let mut f = Finding::new("unicomer.conciliacion_date");
    let mut answers = Vec::new();
    for format in [
        ConciliacionDateFormat::YearFirst,
        ConciliacionDateFormat::DayFirst,
    ] {
        let text = match format {
            ConciliacionDateFormat::YearFirst => crate::calendar::date_iso(day),
            ConciliacionDateFormat::DayFirst => crate::calendar::date_dmy(day),
        };
        let request = Adjusted {
            inner: ConciliacionRequest {
                fecha: day,
                idcommerce: client.config().commerce.clone(),
                estado: EstadoFiltro::All,
            },
            adjust: move |c: &mut UnicomerConfig| c.conciliacion_date_format = format,
        };
        match client.read(&request).await {
            Ok(records) => {
                f.saw(format!(
                    "conciliacion fecha \"{text}\": accepted, {} payment(s) listed",
                    records.len()
                ));
                answers.push(Some(records));
            }
            Err(e) if fatal(&e) => return Err(e),
            Err(e) => {
                f.saw(format!(
                    "conciliacion fecha \"{text}\": refused: {}",
                    said(&e)
                ));
                answers.push(None);
            }
        }
    }
    let day_first = answers.pop().flatten();
    let year_first = answers.pop().flatten();
    let pin = |v: &str| {
        format!("UnicomerConfig {{ conciliacion_date_format: ConciliacionDateFormat::{v}, .. }}")
    };
    let records = match (year_first, day_first) {
        (Some(r), None) => {
            f.settle("year_first", pin("YearFirst") + " (recaudo's default)");
            Some(r)
        }
        (None, Some(r)) => {
            f.settle("day_first", pin("DayFirst"));
            Some(r)
        }
        (Some(r), Some(_)) => {
            f.saw("both formats accepted: the biller follows neither reading strictly");
            f.pin = Some(SAFE_UNDER_BOTH.into());
            Some(r)
        }
        (None, None) => None,
    };
    Ok((f, records))
}

/// Which key finds a listed payment, and whether the reply carries its receipt number.
async fn consultarpago<T: Transport, C: Clock>(
    client: &Client<'_, T, C>,
    records: &Option<Vec<RegistroConciliacion>>,
    day: NaiveDate,
) -> Result<(Finding, Finding), Error> {
    let mut key = Finding::new("unicomer.consultarpago_key");
    let mut recibo = Finding::new("unicomer.consultarpago_num_recibo");
    let listed = records.as_deref().unwrap_or_default();
    let Some(record) = listed
        .iter()
        .find(|r| {
            r.num_recibo
                .as_deref()
                .is_some_and(|n| !n.trim().is_empty())
        })
        .or(listed.first())
    else {
        let why = match records {
            None => "conciliacion answered in neither date format".to_owned(),
            Some(_) => format!("no payment listed on {day}: give --date a day with payments"),
        };
        key.saw(why.clone());
        recibo.saw(why);
        return Ok((key, recibo));
    };
    let ours = record.num_recibo.clone().unwrap_or_default();
    let mut found = Vec::new();
    for (name, secuencial) in [
        ("invoice secuencial", record.secuencial),
        ("idtrx", record.idtrx),
    ] {
        let request = ConsultarPagoRequest {
            key: PaymentKey {
                secuencial,
                idcommerce: client.config().commerce.clone(),
                fch_proceso: record.fch_proceso,
                val_pagado: record.val_pagado,
            },
        };
        let asked = format!(
            "consultarpago by the {name} {secuencial} (payment idtrx {} listed on {day})",
            record.idtrx
        );
        match client.read(&request).await {
            Ok(r) => {
                let theirs = r.num_recibo.clone().unwrap_or_default();
                key.saw(format!(
                    "{asked}: cod_status {} idtrx {} num_recibo \"{theirs}\"",
                    r.cod_status.code(),
                    r.payment_id().map_or("-".into(), |i| i.to_string())
                ));
                found.push((r.cod_status != PaymentState::Absent).then_some(theirs));
            }
            Err(e) if fatal(&e) => return Err(e),
            Err(e) => {
                key.saw(format!("{asked}: {}", said(&e)));
                found.push(None);
            }
        }
    }
    let by_idtrx = found.pop().flatten();
    let by_invoice = found.pop().flatten();
    let theirs = match (by_invoice, by_idtrx) {
        (Some(t), _) => {
            key.settle(
                "secuencial",
                "UnicomerConfig { status_key: StatusKey::ByInvoice, .. } (the default asks both keys and is safe too)",
            );
            Some(t)
        }
        (None, Some(t)) => {
            key.settle(
                "idtrx",
                "UnicomerConfig { status_key: StatusKey::ByIdtrx, .. } (the default asks both keys and is safe too)",
            );
            Some(t)
        }
        (None, None) => {
            key.saw("neither key found the listed payment");
            None
        }
    };
    recibo.evidence = key.evidence.clone();
    match theirs {
        Some(t) if !t.trim().is_empty() => recibo.settle("filled", SAFE_UNDER_BOTH),
        Some(_) if !ours.trim().is_empty() => {
            recibo.saw(format!(
                "conciliacion lists num_recibo \"{ours}\"; consultarpago answered \"\""
            ));
            recibo.settle("empty", SAFE_UNDER_BOTH);
        }
        Some(_) => recibo.saw("the listed payment has no num_recibo to compare"),
        None => recibo.saw("consultarpago found no payment"),
    }
    Ok((key, recibo))
}

/// `null` or `[]` for an empty `facturas`/`telefonos`: told only when one of them is empty.
async fn estadocuenta_empty<T: Transport, C: Clock>(
    client: &Client<'_, T, C>,
    cliente: Option<&str>,
) -> Result<Finding, Error> {
    let mut f = Finding::new("unicomer.estadocuenta_empty");
    let Some(cliente) = cliente.map(str::trim).filter(|c| !c.is_empty()) else {
        f.saw("no customer given (--customer): the statement was not read");
        return Ok(f);
    };
    let request = Raw(EstadoCuentaRequest {
        cliente: cliente.to_owned(),
        idcommerce: client.config().commerce.clone(),
    });
    let reply = match client.read(&request).await {
        Ok(reply) => reply,
        Err(e) if fatal(&e) => return Err(e),
        Err(e) => {
            f.saw(format!("estadocuenta of the given customer: {}", said(&e)));
            return Ok(f);
        }
    };
    if let Err(e) = &reply.typed {
        f.saw(format!("estadocuenta of the given customer: {}", said(e)));
    }
    let lists = ["facturas", "telefonos"].map(|name| {
        let v = reply.json.pointer(&format!("/data/estado_cuenta/{name}"));
        (name, kind(v))
    });
    f.saw(format!(
        "estadocuenta of the given customer: {}",
        lists
            .iter()
            .map(|(n, k)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if lists.iter().any(|(_, k)| *k == "null") {
        f.settle("null", SAFE_UNDER_BOTH);
    } else if lists.iter().any(|(_, k)| *k == "[]") {
        f.settle("array", SAFE_UNDER_BOTH);
    } else {
        f.saw("no list is empty, so null and [] cannot be told apart: give a customer without debts or phones");
    }
    Ok(f)
}

fn duplicate_receipt() -> Finding {
    Finding::unlearnable(
        "unicomer.duplicate_receipt",
        "after a lost registrarpago reply recaudo resends only after consultarpago and conciliacion both \
         showed the payment absent twice, recovery.confirm_absence_after apart; a late first copy is then \
         refused under `refused` (and that refusal is checked again) but registered twice under `accepted`",
        "UnicomerConfig.recovery.resend_when_absent = true only if the biller refuses a repeated num_recibo; \
         false (needs review instead of a resend) otherwise",
    )
}
