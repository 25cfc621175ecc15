//! Unicomer endpoints: happy paths, the document's quirks, and refusals.

use recaudo_sim::{SimConfig, Simulator};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::common::{COMMERCE, Env, FCH, PASSWORD, USER, client, env, num, parse, text};

#[tokio::test]
async fn token_success_and_failure() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let http = client();
    let url = format!("{}token", sim.unicomer_url());

    let resp = http
        .post(&url)
        .form(&[
            ("username", USER),
            ("password", PASSWORD),
            ("grant_type", "password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let v = parse(&resp.text().await.unwrap());
    assert!(v["access_token"].as_str().unwrap().len() >= 64);
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(text(&v["expires_in"]), "1209599");
    assert_eq!(v["userName"], USER);
    assert!(v[".issued"].as_str().unwrap().ends_with(" GMT"));
    assert!(v[".expires"].as_str().unwrap().ends_with(" GMT"));

    for form in [
        [
            ("username", USER),
            ("password", "wrong"),
            ("grant_type", "password"),
        ],
        [
            ("username", "otro@recaudo.test"),
            ("password", PASSWORD),
            ("grant_type", "password"),
        ],
        [
            ("username", USER),
            ("password", PASSWORD),
            ("grant_type", "client_credentials"),
        ],
    ] {
        let resp = http.post(&url).form(&form).send().await.unwrap();
        assert_eq!(resp.status(), 400);
        let v = parse(&resp.text().await.unwrap());
        assert_eq!(
            v,
            json!({"error": "invalid_grant", "error_description": "The user name or password is incorrect."})
        );
    }
    // Two distinct tokens, one issued per success.
    let t2 = crate::common::token(&http, &sim).await;
    assert_ne!(t2, v["access_token"].as_str().unwrap());
    assert_eq!(sim.unicomer_state().tokens_issued, 2);
    assert_eq!(sim.unicomer_state().requests["token"], 5);
}

#[tokio::test]
async fn unauthorized_without_token_or_with_expired_one() {
    let e = env().await;
    let body = json!({"cliente": "0900000001", "idcommerce": COMMERCE});
    let denied = json!({"Message": "Authorization has been denied for this request."});

    let resp = e
        .http
        .post(e.url("estadocuenta"))
        .body(crate::common::body_text(&body))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    assert_eq!(parse(&resp.text().await.unwrap()), denied);

    let resp = e
        .http
        .post(e.url("registrarpago"))
        .bearer_auth("not-a-token")
        .body(crate::common::body_text(&Env::payment_body(
            700_001, "1.00", "R-1",
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    assert!(e.sim.unicomer_state().payments.is_empty());

    assert_eq!(e.post("estadocuenta", &body).await.0, 200);
    e.sim.expire_tokens();
    let (status, v) = e.post("estadocuenta", &body).await;
    assert_eq!((status, v), (401, denied.clone()));

    // Expiry on the simulated clock.
    let e = env().await;
    e.sim.advance_clock(1_209_598);
    assert_eq!(e.post("estadocuenta", &body).await.0, 200);
    e.sim.advance_clock(2);
    assert_eq!(e.post("estadocuenta", &body).await.0, 401);
}

const FACTURA_FIELDS: &[&str] = &[
    "id",
    "factura",
    "operacion",
    "cliente",
    "credito_fch",
    "credito_valor",
    "item_cant",
    "item_desc",
    "factura_full",
    "credito_cuota",
    "credito_plazo",
    "prox_fecvto",
    "dias_mora",
    "cuotas_pagadas",
    "cuotas_pendientes",
    "cuotas_vencidas",
    "monto_vencido",
    "recargo_gasto",
    "interes_mora",
    "valor_pagar",
    "deuda_tot_sinpro",
    "deuda_tot_conpro",
    "tiene_inicial",
    "tiene_mora",
    "porc_comision",
    "cadena",
];

const MONEY_FIELDS: &[&str] = &[
    "credito_valor",
    "item_cant",
    "credito_cuota",
    "monto_vencido",
    "recargo_gasto",
    "interes_mora",
    "valor_pagar",
    "deuda_tot_sinpro",
    "deuda_tot_conpro",
    "porc_comision",
];

/// Every invoice's amounts as written: bare JSON numbers with exactly two decimals (`831.60`).
async fn amounts_have_two_decimals(e: &Env, cliente: &str) {
    #[derive(serde::Deserialize)]
    struct Reply {
        data: Data,
    }
    #[derive(serde::Deserialize)]
    struct Data {
        estado_cuenta: Statement,
    }
    #[derive(serde::Deserialize)]
    struct Statement {
        facturas: Vec<std::collections::BTreeMap<String, Box<serde_json::value::RawValue>>>,
    }
    let (_, text) = e
        .post_text(
            "estadocuenta",
            &json!({"cliente": cliente, "idcommerce": COMMERCE}),
        )
        .await;
    let reply: Reply = serde_json::from_str(&text).unwrap();
    for f in &reply.data.estado_cuenta.facturas {
        for field in MONEY_FIELDS {
            let raw = f[*field].get();
            let two = raw.split_once('.').is_some_and(|(_, d)| d.len() == 2);
            assert!(!raw.starts_with('"') && two, "{field} = {raw}");
        }
    }
}

#[tokio::test]
async fn statement_has_every_documented_field() {
    let e = env().await;
    for (cliente, invoices) in [("0900000001", 2), ("0900000002", 1), ("0900000003", 3)] {
        amounts_have_two_decimals(&e, cliente).await;
        let v = e.statement(cliente).await;
        assert_eq!(v["status"], json!(0));
        assert_eq!(v["msg"], "OK");
        let ec = &v["data"]["estado_cuenta"];
        let datos = &ec["datosCliente"];
        for f in [
            "tipo_campana",
            "cl_cedruc",
            "cl_nombres",
            "cl_apellidos",
            "cl_direcc1",
            "cl_direcc2",
            "ciudadcliente",
            "tipo_doc",
            "sexo",
            "cl_email",
        ] {
            assert!(!datos[f].is_null(), "{cliente}: datosCliente.{f} missing");
        }
        assert_eq!(datos["cl_cedruc"], cliente);
        assert!(
            datos["cl_email"]
                .as_str()
                .unwrap()
                .ends_with("@recaudo.test")
        );
        let facturas = ec["facturas"].as_array().unwrap();
        assert_eq!(facturas.len(), invoices);
        for f in facturas {
            let obj = f.as_object().unwrap();
            assert_eq!(obj.len(), FACTURA_FIELDS.len());
            for field in FACTURA_FIELDS {
                assert!(obj.contains_key(*field), "factura.{field} missing");
            }
            assert!(f["id"].is_i64());
            assert_eq!(f["cliente"], cliente);
            assert!(text(&f["operacion"]).ends_with(".0"));
        }
        assert!(ec["telefonos"][0]["telefono"].is_string());
    }
    let f = e.invoice("0900000001", 700_001).await;
    assert_eq!(text(&f["deuda_tot_conpro"]), "569.55");
    assert_eq!(text(&f["valor_pagar"]), "153.75");
    assert_eq!(text(&f["credito_valor"]), "831.60");
    let big = e.invoice("0900000003", 700_006).await;
    assert_eq!(text(&big["deuda_tot_conpro"]), "125000.00");

    let (_, v) = e
        .post(
            "estadocuenta",
            &json!({"cliente": "0999999999", "idcommerce": COMMERCE}),
        )
        .await;
    assert_eq!(
        v,
        json!({"status": "451", "msg": "Cliente no existe", "data": null})
    );
    let (_, v) = e
        .post(
            "estadocuenta",
            &json!({"cliente": "0900000001", "idcommerce": "OTRO"}),
        )
        .await;
    assert_eq!(v["status"], "451");
    assert!(v["msg"].as_str().unwrap().contains("Comercio"));
    let (status, v) = e
        .post("estadocuenta", &json!({"cliente": "0900000001"}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(v["status"], "133");
    assert!(v["msg"].as_str().unwrap().contains("idcommerce"));
}

#[tokio::test]
async fn payment_reduces_balance_and_is_recorded() {
    let e = env().await;
    let v = e.pay(700_001, "100.00", "REC-0001").await;
    assert_eq!(
        v,
        json!({"status": 0, "msg": "OK", "data": {"idtrx": 1001}})
    );
    let f = e.invoice("0900000001", 700_001).await;
    assert_eq!(text(&f["deuda_tot_conpro"]), "469.55");
    assert_eq!(text(&f["deuda_tot_sinpro"]), "469.55");
    assert_eq!(text(&f["valor_pagar"]), "53.75");
    // Paying more than valor_pagar but within the debt floors valor_pagar at zero.
    assert_eq!(e.pay_ok(700_001, "60.5", "REC-0002").await, 1002);
    let f = e.invoice("0900000001", 700_001).await;
    assert_eq!(text(&f["valor_pagar"]), "0.00");
    assert_eq!(text(&f["deuda_tot_conpro"]), "409.05");

    let state = e.sim.unicomer_state();
    assert_eq!(state.payments.len(), 2);
    let p = &state.payments[0];
    assert_eq!((p.idtrx, p.secuencial, p.estado), (1001, 700_001, 0));
    assert_eq!(p.num_recibo, "REC-0001");
    assert_eq!(p.fch_proceso, "2024-07-15 10:30:00");
    assert_eq!(p.val_pagado.to_string(), "100.00");
    assert_eq!(state.payments[1].val_pagado.to_string(), "60.50");
    assert_eq!(state.requests["registrarpago"], 2);
    let snap = serde_json::to_value(&state).unwrap();
    assert_eq!(snap["payments"][1]["val_pagado"], "60.50");

    // The document's spelling with a space reaches the same endpoint; no millis is fine too.
    let mut body = Env::payment_body(700_002, "79.95", "REC-0003");
    body["fch_proceso"] = json!("2024-07-15 11:00:00");
    let resp = e
        .http
        .post(format!(
            "{}api/recaudadores/registrar%20pago",
            e.sim.unicomer_url()
        ))
        .bearer_auth(&e.token)
        .header("content-type", "application/json")
        .body(crate::common::body_text(&body))
        .send()
        .await
        .unwrap();
    let v = parse(&resp.text().await.unwrap());
    assert_eq!(v["data"]["idtrx"], json!(1003));
    assert_eq!(e.sim.unicomer_state().requests["registrarpago"], 3);
}

#[tokio::test]
async fn payment_refusals() {
    let e = env().await;
    assert_eq!(e.pay_ok(700_003, "10.00", "DUP-1").await, 1001);
    let v = e.pay(700_003, "10.00", "DUP-1").await;
    assert_eq!(
        v,
        json!({"status": "451", "msg": "Número de recibo duplicado"})
    );
    // The receipt guard holds across invoices too.
    assert_eq!(e.pay(700_001, "1.00", "DUP-1").await["status"], "451");

    // Balance of 700003 is now 597.20.
    let v = e.pay(700_003, "597.21", "OVER-1").await;
    assert_eq!(v["status"], "451");
    assert!(v["msg"].as_str().unwrap().contains("excede"), "{v}");
    assert_eq!(
        e.pay(700_003, "597.20", "EXACT-1").await["status"],
        json!(0)
    );
    assert_eq!(e.pay(700_003, "0.01", "OVER-2").await["status"], "451");

    for (amount, code) in [("0", "451"), ("-5.00", "451"), ("1.005", "451")] {
        let v = e.pay(700_002, amount, &format!("BAD-{amount}")).await;
        assert_eq!(v["status"], code, "{amount}: {v}");
    }
    assert_eq!(
        e.pay(700_002, "1.500", "TRAILING-0").await["status"],
        json!(0)
    );
    let v = e.pay(123, "1.00", "NOINV").await;
    assert_eq!(v["status"], "451");

    let mut bad_date = Env::payment_body(700_002, "1.00", "DATE-1");
    bad_date["fch_proceso"] = json!("15/07/2024 10:30");
    assert_eq!(e.post("registrarpago", &bad_date).await.1["status"], "133");
    let mut no_receipt = Env::payment_body(700_002, "1.00", "");
    assert_eq!(
        e.post("registrarpago", &no_receipt).await.1["status"],
        "133"
    );
    no_receipt.as_object_mut().unwrap().remove("num_recibo");
    let (status, v) = e.post("registrarpago", &no_receipt).await;
    assert_eq!(status, 200);
    assert_eq!(v["status"], "133");
    assert!(v["msg"].as_str().unwrap().contains("num_recibo"));
    let mut other_commerce = Env::payment_body(700_002, "1.00", "COM-1");
    other_commerce["idcommerce"] = json!("OTRO");
    assert_eq!(
        e.post("registrarpago", &other_commerce).await.1["status"],
        "451"
    );

    // Garbage bodies never crash the server.
    for raw in ["", "{", "[]", "null", "{\"secuencial\": \"abc\"}", "\u{0}"] {
        let resp = e
            .http
            .post(e.url("registrarpago"))
            .bearer_auth(&e.token)
            .header("content-type", "application/json")
            .body(raw.to_owned())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(
            parse(&resp.text().await.unwrap())["status"],
            "133",
            "{raw:?}"
        );
    }
    assert_eq!(e.sim.unicomer_state().payments.len(), 3);
    let (status, _) = e.post("estadocuentas", &json!({})).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn big_balances_and_added_customers() {
    let e = env().await;
    assert_eq!(e.pay_ok(700_006, "100000.00", "BULK-1").await, 1001);
    let f = e.invoice("0900000003", 700_006).await;
    assert_eq!(text(&f["deuda_tot_conpro"]), "25000.00");

    e.sim.add_unicomer_customer(
        "0900000077",
        vec![
            (880_001, Decimal::new(99_999_999, 2)),
            (880_002, Decimal::new(5, 1)),
        ],
    );
    let v = e.statement("0900000077").await;
    let facturas = v["data"]["estado_cuenta"]["facturas"].as_array().unwrap();
    assert_eq!(text(&facturas[0]["deuda_tot_conpro"]), "999999.99");
    assert_eq!(text(&facturas[1]["deuda_tot_conpro"]), "0.50");
    // One of twelve instalments is due now.
    assert_eq!(text(&facturas[1]["valor_pagar"]), "0.04");
    assert_eq!(e.pay_ok(880_001, "999999.99", "BULK-2").await, 1002);
    assert_eq!(
        text(&e.invoice("0900000077", 880_001).await["deuda_tot_conpro"]),
        "0.00"
    );
}

fn key_json(secuencial: i64, amount: &str) -> Value {
    json!({
        "secuencial": secuencial,
        "idcommerce": COMMERCE,
        "fch_proceso": FCH,
        "val_pagado": num(amount),
    })
}

#[tokio::test]
async fn reversal_within_window_and_refused_after() {
    let e = env().await;
    let idtrx = e.pay_ok(700_001, "50.00", "REV-1").await;
    // Wrong amount or date: not found.
    let (_, v) = e.post("reversapago", &key_json(idtrx, "50.01")).await;
    assert_eq!(v, json!({"status": "666", "msg": "Pago no encontrado"}));
    let mut other_date = key_json(idtrx, "50.00");
    other_date["fch_proceso"] = json!("2024-07-15 10:30:01");
    assert_eq!(e.post("reversapago", &other_date).await.1["status"], "666");

    // JSON body, amount written differently and no millis: same payment.
    let mut body = key_json(idtrx, "50.0");
    body["fch_proceso"] = json!("2024-07-15 10:30:00");
    let (_, v) = e.post("reversapago", &body).await;
    assert_eq!(
        v,
        json!({"status": "0", "msg": "OK", "data": {"num_recibo": "REV-1"}})
    );
    assert_eq!(
        text(&e.invoice("0900000001", 700_001).await["deuda_tot_conpro"]),
        "569.55"
    );
    assert_eq!(e.sim.unicomer_state().payments[0].estado, 4);
    // A reversed payment cannot be reversed again.
    let (_, v) = e.post("reversapago", &key_json(idtrx, "50.00")).await;
    assert_eq!(
        v,
        json!({"status": "-1", "msg": "No es posible revertir el pago"})
    );

    // Form body, after the sync window: refused, state became 1.
    let idtrx = e.pay_ok(700_001, "20.00", "REV-2").await;
    e.sim.advance_clock(181);
    let id = idtrx.to_string();
    let form = [
        ("secuencial", id.as_str()),
        ("idcommerce", COMMERCE),
        ("fch_proceso", FCH),
        ("val_pagado", "20.00"),
    ];
    let (_, v) = e.post_form("reversapago", &form).await;
    assert_eq!(v["status"], "-1");
    let p = &e.sim.unicomer_state().payments[1];
    assert_eq!((p.idtrx, p.estado), (idtrx, 1));
    assert_eq!(
        text(&e.invoice("0900000001", 700_001).await["deuda_tot_conpro"]),
        "549.55"
    );

    // Form body within the window: reversed.
    let idtrx = e.pay_ok(700_001, "5.00", "REV-3").await;
    let id = idtrx.to_string();
    let form = [
        ("secuencial", id.as_str()),
        ("idcommerce", COMMERCE),
        ("fch_proceso", FCH),
        ("val_pagado", "5.00"),
    ];
    let (_, v) = e.post_form("reversapago", &form).await;
    assert_eq!(v["status"], "0");
    let (_, v) = e.post_form("reversapago", &[("secuencial", "x")]).await;
    assert_eq!(v["status"], "133");
}

#[tokio::test]
async fn consultarpago_by_original_secuencial() {
    let e = env().await;
    let not_found = json!({"status": 0, "msg": "ok", "data": {"idtrx": 0, "cod_status": -1, "det_status": "No existe", "num_recibo": ""}});
    let (_, v) = e.post("consultarpago", &key_json(700_002, "79.95")).await;
    assert_eq!(v, not_found);

    let first = e.pay_ok(700_002, "79.95", "CON-1").await;
    let (_, v) = e.post("consultarpago", &key_json(700_002, "79.95")).await;
    assert_eq!(
        v,
        json!({"status": 0, "msg": "ok", "data": {"idtrx": first, "cod_status": 0, "det_status": "Registrado", "num_recibo": "CON-1"}})
    );
    // Several matching payments: the latest.
    let second = e.pay_ok(700_002, "79.95", "CON-2").await;
    let form = [
        ("secuencial", "700002"),
        ("idcommerce", COMMERCE),
        ("fch_proceso", "2024-07-15 10:30:00"),
        ("val_pagado", "79.95"),
    ];
    let (_, v) = e.post_form("consultarpago", &form).await;
    assert_eq!(v["data"]["idtrx"], json!(second));
    assert_eq!(v["data"]["num_recibo"], "CON-2");
    // Other amount: not found. By idtrx (the document's prose): not under the default
    // reading (see `readings.rs` for the other).
    assert_eq!(
        e.post("consultarpago", &key_json(700_002, "79.94")).await.1,
        not_found
    );
    assert_eq!(
        e.post("consultarpago", &key_json(first, "79.95")).await.1,
        not_found
    );
    e.sim
        .set_reading("unicomer.consultarpago_key", "idtrx")
        .unwrap();
    let (_, v) = e.post("consultarpago", &key_json(first, "79.95")).await;
    assert_eq!(v["data"]["num_recibo"], "CON-1");

    // States as they change (by idtrx from here on): reversed, synchronised, forced zombie
    // and sync problems.
    e.post("reversapago", &key_json(second, "79.95")).await;
    let (_, v) = e.post("consultarpago", &key_json(second, "79.95")).await;
    assert_eq!(
        (
            v["data"]["cod_status"].clone(),
            v["data"]["det_status"].clone()
        ),
        (json!(4), json!("Reversado"))
    );
    e.sim.advance_clock(180);
    let (_, v) = e.post("consultarpago", &key_json(first, "79.95")).await;
    assert_eq!(v["data"]["cod_status"], json!(1));
    assert_eq!(v["data"]["det_status"], "Sincronizado");
    assert!(e.sim.set_unicomer_payment_state(first, 2));
    let (_, v) = e.post("consultarpago", &key_json(first, "79.95")).await;
    assert_eq!(v["data"]["det_status"], "Zoombie");
    assert!(e.sim.set_unicomer_payment_state(first, 99));
    let (_, v) = e.post("consultarpago", &key_json(first, "79.95")).await;
    assert_eq!(v["data"]["cod_status"], json!(99));
    assert_eq!(v["data"]["det_status"], "Problemas para sincronizar");
    assert!(!e.sim.set_unicomer_payment_state(9, 2));

    let (status, v) = e.post("consultarpago", &json!({"secuencial": 1})).await;
    assert_eq!((status, v["status"].clone()), (200, json!("133")));
}

#[tokio::test]
async fn conciliacion_by_date_and_estado() {
    let e = env().await;
    let a = e.pay_ok(700_001, "10.00", "CC-1").await; // will synchronise
    let b = e.pay_ok(700_001, "11.00", "CC-2").await; // reversed
    let c = e.pay_ok(700_002, "12.00", "CC-3").await; // zombie
    let mut other_day = Env::payment_body(700_002, "13.00", "CC-4");
    other_day["fch_proceso"] = json!("2024-07-16 09:00:00");
    assert_eq!(
        e.post("registrarpago", &other_day).await.1["status"],
        json!(0)
    );
    e.post("reversapago", &key_json(b, "11.00")).await;
    e.sim.advance_clock(200);
    let d = e.pay_ok(700_003, "14.00", "CC-5").await; // still registered
    e.sim.set_unicomer_payment_state(c, 2);

    let ids = |v: &Value| -> Vec<i64> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["idtrx"].as_i64().unwrap())
            .collect()
    };
    let query = |fecha: &str, estado: i64| json!({"fecha": fecha, "idcommerce": COMMERCE, "estado": estado});
    let (_, all) = e.post("conciliacion", &query("2024-07-15", 0)).await;
    assert_eq!(all["status"], json!(0));
    assert_eq!(all["msg"], "ok");
    assert_eq!(ids(&all), vec![a, b, c, d]);
    let r = &all["data"][0];
    assert_eq!(r["comercio"], "RECAUDADOR DE PRUEBA");
    assert_eq!(r["secuencial"], json!(700_001));
    assert_eq!(r["fch_proceso"], "2024-07-15 10:30:00");
    assert_eq!(text(&r["val_pagado"]), "10.00");
    assert_eq!(r["num_recibo"], "CC-1");
    assert_eq!(
        (r["estado"].clone(), r["estado_desc"].clone()),
        (json!(1), json!("Sincronizado"))
    );
    assert_eq!(r["fch_registro"].as_str().unwrap().len(), 19);
    assert_eq!(all["data"][3]["estado"], json!(0));

    assert_eq!(
        ids(&e.post("conciliacion", &query("2024-07-15", 1)).await.1),
        vec![a]
    );
    assert_eq!(
        ids(&e.post("conciliacion", &query("2024-07-15", 2)).await.1),
        vec![c]
    );
    assert_eq!(
        ids(&e.post("conciliacion", &query("2024-07-15", 4)).await.1),
        vec![b]
    );
    // The document's example format is refused under the default reading; another day.
    assert_eq!(
        e.post("conciliacion", &query("15-07-2024", 0)).await.1["status"],
        "451"
    );
    assert_eq!(
        ids(&e.post("conciliacion", &query("2024-07-16", 0)).await.1).len(),
        1
    );
    assert_eq!(
        ids(&e.post("conciliacion", &query("2024-07-17", 0)).await.1).len(),
        0
    );

    for bad in [
        query("2024/07/15", 0),
        query("2024-13-01", 0),
        query("2024-07-15", 3),
        query("2024-07-15", 99),
    ] {
        let (_, v) = e.post("conciliacion", &bad).await;
        assert_eq!(v["status"], "451", "{bad}");
    }
    let (_, v) = e
        .post(
            "conciliacion",
            &json!({"fecha": "2024-07-15", "idcommerce": COMMERCE}),
        )
        .await;
    assert_eq!(v["status"], "133");
}
