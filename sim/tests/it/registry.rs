//! The registry as other crates see it: every biller's id, URL, endpoints, credentials and
//! payable debt, checked against a running simulator so that the plain data cannot drift from
//! the seed.

use recaudo_sim::{CredentialsAt, Fault, FaultKind, SimConfig, Simulator, billers};
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{client, send, sim_with};

#[tokio::test]
async fn every_biller_is_reachable_by_its_id() {
    let sim = sim_with(&[]).await;
    let listed = billers();
    let ids: Vec<&str> = listed.iter().map(|b| b.id).collect();
    // The four real billers lead the list; fixtures (Acme) may follow.
    assert_eq!(ids[..4], ["unicomer", "unicobros", "zoom", "cooplan"]);
    assert_eq!(sim.billers(), listed);
    for b in &listed {
        assert_eq!(
            sim.url_of(b.id),
            Some(format!("{}{}/", sim.base_url(), b.id))
        );
        for endpoint in b.endpoints {
            let fault = Fault {
                biller: b.id.to_owned(),
                endpoint: (*endpoint).to_owned(),
                kind: FaultKind::Error500,
                times: 1,
            };
            assert!(sim.try_arm_fault(fault).is_ok(), "{}/{endpoint}", b.id);
        }
        if let Some(debt) = &b.payable {
            assert!(b.endpoints.contains(&debt.pay_endpoint), "{}", b.id);
        }
        // Every biller that issues a token at a login has a `tokens/expire` that ends it; one
        // with static keys may have none (a 404: Acme).
        let (status, _) = send(
            &client(),
            Method::POST,
            &format!("{}_sim/{}/tokens/expire", sim.base_url(), b.id),
            &[],
            None,
        )
        .await;
        match b.credentials.at {
            CredentialsAt::Login(_) => assert_eq!(status, 200, "{}", b.id),
            CredentialsAt::EveryCall => assert!(matches!(status, 200 | 404), "{}", b.id),
        }
    }
    assert_eq!(sim.url_of("nope"), None);
    assert_eq!(sim.unicomer_url(), sim.url_of("unicomer").unwrap());
    assert_eq!(sim.cooplan_url(), sim.url_of("cooplan").unwrap());
}

#[tokio::test]
async fn credentials_are_the_configured_ones() {
    let mut config = SimConfig::default();
    config.unicomer.password = "otra-clave".to_owned();
    config.unicobros.api_key = "otra-llave".to_owned();
    let sim = Simulator::start(config).await.expect("simulator");
    let of = |id: &str| {
        sim.billers()
            .into_iter()
            .find(|b| b.id == id)
            .expect("listed")
            .credentials
    };
    let unicomer = of("unicomer");
    assert_eq!(unicomer.at, CredentialsAt::Login("token"));
    assert_eq!(unicomer.get("username"), Some("cajero@recaudo.test"));
    assert_eq!(unicomer.get("password"), Some("otra-clave"));
    let unicobros = of("unicobros");
    assert_eq!(unicobros.at, CredentialsAt::EveryCall);
    assert_eq!(unicobros.get("x-api-key"), Some("otra-llave"));
    assert_eq!(of("zoom").at, CredentialsAt::Login("LoginGenUEWs"));
    assert_eq!(of("cooplan").get("Pwd"), Some("pwd-de-prueba"));
    // The plain list keeps the defaults.
    let default = billers().into_iter().find(|b| b.id == "unicomer").unwrap();
    assert_eq!(
        default.credentials.get("password"),
        Some("fake-password-123")
    );
    sim.shutdown();
}

fn amount(v: &Value) -> Decimal {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an amount: {v}"))
}

/// Each payable debt owes what the registry says, in the snapshot every start shows. The
/// snapshots differ per biller, so this is the one place that reads each its own way.
#[tokio::test]
async fn payable_debts_are_in_the_seed() {
    let sim = sim_with(&[]).await;
    let (status, state) = send(
        &client(),
        Method::GET,
        &format!("{}_sim/state", sim.base_url()),
        &[],
        None,
    )
    .await;
    assert_eq!(status, 200);
    let mut checked = Vec::new();
    for b in billers() {
        let Some(debt) = b.payable else {
            continue;
        };
        let s = &state[b.id];
        let owed = match b.id {
            "unicomer" => {
                let customer = s["customers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["cliente"] == debt.lookup)
                    .expect("customer");
                let invoice = customer["invoices"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["id"].as_i64() == debt.debt_id.parse().ok())
                    .expect("invoice");
                amount(&invoice["balance"])
            }
            "zoom" => {
                let nro = debt.debt_id.strip_prefix("guide:").expect("a guide");
                assert_eq!(debt.lookup, debt.debt_id);
                let doc = s["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|d| d["tipo_doc"] == 1 && d["nro_doc"] == nro)
                    .expect("document");
                amount(&doc["montopagar"])
            }
            "cooplan" => {
                let parts: Vec<&str> = debt.debt_id.split(':').collect();
                let [factura, periodo, contrato, asociado] = parts[..] else {
                    panic!(
                        "IdFactura:Periodo:Contrato:IdAsociado, got {}",
                        debt.debt_id
                    )
                };
                assert_eq!(contrato, debt.lookup);
                let contract = s["contracts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["contrato"] == contrato)
                    .expect("contract");
                assert_eq!(contract["id_asociado"].as_i64(), asociado.parse().ok());
                let d = contract["debts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|d| {
                        d["factura"].as_i64() == factura.parse().ok() && d["periodo"] == periodo
                    })
                    .expect("debt");
                assert_eq!(d["pending"], true);
                amount(&d["monto"])
            }
            // A fixture biller's debt is looked up and paid through the collector by the
            // tests crate's registry loop (`tests/registry.rs`), which checks it end to end.
            _ => continue,
        };
        assert_eq!(owed, debt.amount, "{}", b.id);
        checked.push(b.id);
    }
    assert_eq!(checked[..3], ["unicomer", "zoom", "cooplan"]);
}
