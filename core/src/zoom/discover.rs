//! Zoom's switches, learned read-only: the login at both spellings of its path (a not-found at
//! one tells it), then, as notes, the given document's amounts and the records of a made-up
//! `referencia`.

use crate::clock::Clock;
use crate::collection::BillerId;
use crate::error::Error;
use crate::transport::Transport;
use crate::zoom::{
    CallError, Credentials, DocRef, InfoPagoRequest, LoginRequest, ZoomClient, ZoomConfig,
};

use crate::discover::{Adjusted, Discovery, Finding, ProbeInput, SAFE_UNDER_BOTH, fatal, said};

/// The two spellings: the document's, and the one public integrations use.
const SPELLINGS: [&str; 2] = ["LoginGenUEWs", "loginGenUEWs"];

/// What one login attempt showed.
enum Login {
    Issued,
    NotFound(String),
    Refused(Error),
}

/// Probes Zoom (see the module docs). `input.customer` is a document (`guide:1000000001`)
/// whose amounts are read; `input.date` is not used.
pub async fn zoom<T: Transport, C: Clock>(
    config: &ZoomConfig,
    transport: &T,
    clock: &C,
    input: &ProbeInput,
) -> Result<Discovery, Error> {
    let document: Option<DocRef> = input.customer.as_deref().map(str::parse).transpose()?;
    let (path, working) = login_path(config, transport, clock).await?;
    let mut config = config.clone();
    if let Some(spelling) = working {
        config.paths.login = spelling.to_owned();
    }
    let client = ZoomClient::new(config, transport, clock)?;
    let mut notes = Vec::new();
    if let Some(doc) = document {
        match client.document_amounts(&doc).await {
            Ok(amounts) => notes.push(format!(
                "getMontoDocWs {doc}: {} document(s)",
                amounts.len()
            )),
            Err(e) if fatal(&e) => return Err(e),
            Err(e) => notes.push(format!("getMontoDocWs {doc}: {}", said(&e))),
        }
    }
    let made_up = format!(
        "RECAUDO-PROBE-{}",
        crate::calendar::datetime_compact(&client.now_local())
    );
    match client
        .payments(&InfoPagoRequest::by_reference(&made_up))
        .await
    {
        Ok(rows) => notes.push(format!(
            "getInfoPagoWs referencia {made_up}: {} record(s)",
            rows.len()
        )),
        Err(e) if fatal(&e) => return Err(e),
        Err(e) => notes.push(format!("getInfoPagoWs referencia {made_up}: {}", said(&e))),
    }
    let duplicate = Finding::unlearnable(
        "zoom.duplicate_referencia",
        "after a lost createPagoWs reply recaudo asks getInfoPagoWs by our referencia; by default it never \
         resends what it finds absent (needs review), so it is safe under both; with \
         recovery.resend_when_absent it resends after two answers of absence, and a late first copy is \
         refused under `refused` but stored twice under `accepted`",
        "ZoomConfig.recovery.resend_when_absent = true only if the biller refuses a \
         repeated referencia; keep false (recaudo's default for Zoom) otherwise",
    );
    Ok(Discovery {
        biller: BillerId::Zoom,
        findings: vec![path, duplicate],
        notes,
    })
}

async fn login_path<T: Transport, C: Clock>(
    config: &ZoomConfig,
    transport: &T,
    clock: &C,
) -> Result<(Finding, Option<&'static str>), Error> {
    let mut f = Finding::new("zoom.login_path");
    let Credentials::Login { login, password } = &config.credentials else {
        f.saw("credentials are a token Zoom supplied: no login was made");
        return Ok((f, None));
    };
    let client = ZoomClient::new(config.clone(), transport, clock)?;
    let mut seen = Vec::new();
    for spelling in SPELLINGS {
        let request = Adjusted {
            inner: LoginRequest {
                login: login.clone(),
                password: password.clone(),
            },
            adjust: move |c: &mut ZoomConfig| c.paths.login = spelling.to_owned(),
        };
        // The reply holds a token: only whether one was issued is kept.
        let login = match client.read(&request).await {
            Ok(_) => Login::Issued,
            Err(e) if not_found(&e) => Login::NotFound(match CallError::from_error(&e) {
                Some(c) => format!("CODE_003 {}: {}", c.tipo_error, c.info),
                None => said(&e),
            }),
            Err(e) if matches!(e, Error::Auth { .. }) || !fatal(&e) => Login::Refused(e),
            Err(e) => return Err(e),
        };
        f.saw(match &login {
            Login::Issued => format!("login at {spelling}: token issued"),
            Login::NotFound(what) => format!("login at {spelling}: not found: {what}"),
            Login::Refused(e) => format!("login at {spelling}: {}", said(e)),
        });
        seen.push(login);
    }
    let pin = |s: &str| format!("ZoomConfig.paths.login = \"{s}\"");
    match (&seen[0], &seen[1]) {
        (Login::Issued, Login::Issued) => f.settle("any_case", SAFE_UNDER_BOTH),
        (Login::Issued, Login::NotFound(_)) => f.settle(SPELLINGS[0], pin(SPELLINGS[0])),
        (Login::NotFound(_), Login::Issued) => {
            f.settle(SPELLINGS[1], pin(SPELLINGS[1]) + " (recaudo's default)")
        }
        (Login::Issued, Login::Refused(_)) | (Login::Refused(_), Login::Issued) => f.saw(
            "one spelling answered with something other than not-found: no reading is certain",
        ),
        (Login::Refused(e), _) | (_, Login::Refused(e)) => return Err(e.clone()),
        (Login::NotFound(_), Login::NotFound(_)) => {
            return Err(Error::Config(format!(
                "Zoom's login service was not found at {} nor {}: check the base URL",
                SPELLINGS[0], SPELLINGS[1]
            )));
        }
    }
    // The spelling to log in at from now on: the one that answered, when only one did.
    let issued: Vec<&'static str> = SPELLINGS
        .iter()
        .zip(&seen)
        .filter(|(_, l)| matches!(l, Login::Issued))
        .map(|(s, _)| *s)
        .collect();
    let working = match issued.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    Ok((f, working))
}

/// An HTTP 404, or Zoom's `CODE_003` `NotFoundHttpException` (its unknown-route answer).
fn not_found(error: &Error) -> bool {
    error.http_status() == Some(404)
        || CallError::from_error(error).is_some_and(|c| c.tipo_error.contains("NotFound"))
}
