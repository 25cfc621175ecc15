//! Cooplan's switches, learned read-only: a token; one authenticated read (`buscarcliente` of
//! the given contract, else the day's `reportecobranzas`) with only `Authorization`, then only
//! `autorizacion`; the day's `reportecobranzas`; the contract's `consultardeuda`.

use chrono::NaiveDate;
use serde_json::Value;

use crate::clock::Clock;
use crate::collection::BillerId;
use crate::cooplan::{
    ConsultarDeudaRequest, CooplanClient, CooplanConfig, ReporteCobranzasRequest, TokenRequest,
};
use crate::error::Error;
use crate::transport::Transport;

use crate::discover::{Discovery, Finding, ProbeInput, Raw, SAFE_UNDER_BOTH, fatal, kind, said};

type Client<'a, T, C> = CooplanClient<&'a T, &'a C>;

/// The header names tried, in order: the standard one (recaudo's default; `authorization` in
/// the document's 2.3, since header names are case-insensitive), then 2.2's spelling.
const HEADERS: [&str; 2] = ["Authorization", "autorizacion"];

/// Probes Cooplan (see the module docs). `input.customer` is a `Contrato`; `input.date` the
/// report's day (default: today in Bolivia).
pub async fn cooplan<T: Transport, C: Clock>(
    config: &CooplanConfig,
    transport: &T,
    clock: &C,
    input: &ProbeInput,
) -> Result<Discovery, Error> {
    let client = CooplanClient::new(config.clone(), transport, clock)?;
    let c = &config.credentials;
    let token = TokenRequest {
        cod_seguridad: c.cod_seguridad.clone(),
        login: c.login.trim().to_owned(),
        pwd: c.pwd.clone(),
    };
    client.read(&token).await?;
    let day = input.date.unwrap_or_else(|| client.today());
    let contrato = input
        .customer
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let header = auth_header(config, transport, clock, contrato, day).await?;
    let mut working = config.clone();
    match header.reading.as_deref() {
        Some("autorizacion") => working.auth_headers = vec![HEADERS[1].into()],
        Some("authorization") => working.auth_headers = vec![HEADERS[0].into()],
        _ => {}
    }
    let client = CooplanClient::new(working, transport, clock)?;
    let (reporte, id_cobranza) = report(&client, day).await?;
    let deuda = debts(&client, contrato).await?;
    let settled = Finding::unlearnable(
        "cooplan.pay_settled",
        "after a lost realizarpago reply recaudo resends only when the debt is still pending and the \
         collections report lists no collection of it, twice; a late first copy is then refused under \
         `refused` (the invoice is no longer pending) but paid twice under `accepted`",
        "CooplanConfig.recovery.resend_when_absent = true only if the biller refuses paying an invoice that \
         is no longer pending; false (needs review instead of a resend) otherwise",
    );
    Ok(Discovery {
        biller: BillerId::Cooplan,
        findings: vec![header, reporte, deuda, id_cobranza, settled],
        notes: vec![format!("token issued; day probed {day}")],
    })
}

async fn auth_header<T: Transport, C: Clock>(
    config: &CooplanConfig,
    transport: &T,
    clock: &C,
    contrato: Option<&str>,
    day: NaiveDate,
) -> Result<Finding, Error> {
    let mut f = Finding::new("cooplan.auth_header");
    let mut accepted = Vec::new();
    for name in HEADERS {
        let mut only = config.clone();
        only.auth_headers = vec![name.into()];
        // A refusal is the expected answer under one reading: no backoff for it.
        only.retry.max_attempts = 1;
        let client = CooplanClient::new(only, transport, clock)?;
        let (asked, answer) = match contrato {
            Some(c) => (
                "buscarcliente of the given contract",
                client.find_customer(c).await.map(drop),
            ),
            None => (
                "reportecobranzas",
                client.collections_report(day).await.map(drop),
            ),
        };
        let seen = match answer {
            Ok(()) => Some(true),
            Err(Error::Auth { .. }) => Some(false),
            Err(e) if fatal(&e) => return Err(e),
            Err(_) => None,
        };
        f.saw(format!(
            "{asked} with only `{name}: Bearer …`: {}",
            match seen {
                Some(true) => "answered".to_owned(),
                Some(false) => "token refused".to_owned(),
                None => "inconclusive".to_owned(),
            }
        ));
        accepted.push(seen);
    }
    let pin = |name: &str| {
        format!(
            "CooplanConfig {{ auth_headers: vec![\"{name}\".into()], .. }} to send only that one; \
             recaudo's default sends both names and works too"
        )
    };
    match (accepted[0], accepted[1]) {
        (Some(true), Some(true)) => f.settle("any", SAFE_UNDER_BOTH),
        (Some(true), Some(false)) => f.settle("authorization", pin(HEADERS[0])),
        (Some(false), Some(true)) => f.settle("autorizacion", pin(HEADERS[1])),
        (Some(false), Some(false)) => {
            return Err(Error::Auth {
                http_status: 401,
                biller_code: None,
                biller_message: Some("the token was refused under both header names".into()),
            });
        }
        _ => f.saw("a read failed for another reason: no reading is certain"),
    }
    Ok(f)
}

/// `list` or `string` from the report's `values`; `text` or `number` from its rows' `IdCobranza`.
async fn report<T: Transport, C: Clock>(
    client: &Client<'_, T, C>,
    day: NaiveDate,
) -> Result<(Finding, Finding), Error> {
    let mut values = Finding::new("cooplan.reporte_values");
    let mut id = Finding::new("cooplan.id_cobranza");
    let reply = match client
        .read(&Raw(ReporteCobranzasRequest { fecha: day }))
        .await
    {
        Ok(reply) => reply,
        Err(e) if fatal(&e) => return Err(e),
        Err(e) => {
            values.saw(format!("reportecobranzas {day}: {}", said(&e)));
            id.evidence = values.evidence.clone();
            return Ok((values, id));
        }
    };
    let v = reply.json.get("values");
    values.saw(format!("reportecobranzas {day}: values is {}", kind(v)));
    match v {
        Some(Value::Array(_)) => values.settle("list", SAFE_UNDER_BOTH),
        Some(Value::String(_)) => values.settle(
            "string",
            format!(
                "{SAFE_UNDER_BOTH} (a text report proves nothing: a lost payment reply ends in needs review; \
                 CooplanConfig.recovery_trusts_debts_alone = true resends on a pending debt alone, at the risk \
                 of paying twice)"
            ),
        ),
        _ => {}
    }
    let rows = v
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let kinds: Vec<&str> = rows
        .iter()
        .map(|r| kind(r.get("IdCobranza").or_else(|| r.get("idCobranza"))))
        .collect();
    id.saw(format!(
        "reportecobranzas {day}: {} row(s), IdCobranza {}",
        rows.len(),
        if kinds.is_empty() {
            "-".to_owned()
        } else {
            kinds.join(", ")
        }
    ));
    let pin = |s: &str| format!("CooplanConfig {{ id_cobranza_json: JsonScalar::{s}, .. }}");
    if kinds.is_empty() {
        id.saw(format!(
            "no collection on {day}: give --date a day with collections"
        ));
    } else if kinds.iter().all(|k| *k == "a string") {
        id.settle("text", pin("Text") + " (recaudo's default)");
    } else if kinds.iter().all(|k| *k == "a number") {
        id.settle("number", pin("Number"));
    }
    Ok((values, id))
}

/// `list` or `compact` from `consultardeuda`'s `values`: told when 0 or 1 debt is pending.
async fn debts<T: Transport, C: Clock>(
    client: &Client<'_, T, C>,
    contrato: Option<&str>,
) -> Result<Finding, Error> {
    let mut f = Finding::new("cooplan.deuda_values");
    let Some(contrato) = contrato else {
        f.saw("no contract given (--contract): consultardeuda was not asked");
        return Ok(f);
    };
    let request = Raw(ConsultarDeudaRequest {
        contrato: contrato.to_owned(),
    });
    let reply = match client.read(&request).await {
        Ok(reply) => reply,
        Err(e) if fatal(&e) => return Err(e),
        Err(e) => {
            f.saw(format!(
                "consultardeuda of the given contract: {}",
                said(&e)
            ));
            return Ok(f);
        }
    };
    let v = reply.json.get("values");
    let count = v.and_then(Value::as_array).map(Vec::len);
    f.saw(format!(
        "consultardeuda of the given contract: values is {}{}",
        kind(v),
        count.map_or(String::new(), |n| format!(" of {n}"))
    ));
    match (v, count) {
        (_, Some(0 | 1)) => f.settle("list", SAFE_UNDER_BOTH),
        (_, Some(_)) => f.saw("several debts are pending: both readings answer a list"),
        (Some(Value::Object(_)), _) => f.settle("compact", SAFE_UNDER_BOTH),
        (Some(Value::String(s)), _) if s.is_empty() => f.settle("compact", SAFE_UNDER_BOTH),
        _ => {}
    }
    Ok(f)
}
