//! Decoding throughput of Unicomer's largest replies: the typed endpoint decode against
//! `serde_json::Value` on the same bytes (and a parse-only floor, `IgnoredAny`).
//!
//! Run: `cargo bench -p recaudo-core --bench decode`. Each measurement runs for at least one
//! second, in five interleaved rounds after a warm-up each, and keeps its best round;
//! `RECAUDO_BENCH_QUICK=1` shortens that to about 0.1 s (CI).

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use recaudo_core::http::HttpResponse;
use recaudo_core::unicobros::ListOperationsRequest;
use recaudo_core::unicomer::{ConciliacionRequest, Endpoint, EstadoCuentaRequest};
use recaudo_core::zoom::InfoPagoRequest;
use serde::de::IgnoredAny;

/// A small deterministic generator (xorshift64*), so every run decodes the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// An amount in cents, written with two decimals (`831.60`).
    fn amount(&mut self, max_cents: u64) -> String {
        let cents = 1 + self.below(max_cents);
        format!("{}.{:02}", cents / 100, cents % 100)
    }

    fn date(&mut self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            2019 + self.below(5),
            1 + self.below(12),
            1 + self.below(28)
        )
    }

    fn time(&mut self) -> String {
        format!(
            "{:02}:{:02}:{:02}",
            self.below(24),
            self.below(60),
            self.below(60)
        )
    }
}

const ITEMS: [&str; 8] = [
    "REFRIGERADORA RI 395 QZ C/DN CROMA INDURAMA",
    "TV LED L43P615 UHD TCL",
    "LAVADORA 18 KG CARGA SUPERIOR",
    "COCINA 4 QUEMADORES ACERO INOX",
    "CELULAR GALAXY A12 128GB",
    "LAPTOP 15.6 CORE I5 8GB 512SSD",
    "COLCHON 2 PLAZAS ORTOPEDICO",
    "MOTO 150CC ESTANDAR",
];
const CHAINS: [&str; 3] = ["ARTEFACTA", "LA GANGA", "CREDITO DIRECTO"];

/// An estadocuenta reply in the document's shape, with `invoices` invoices.
fn estadocuenta_reply(invoices: usize) -> Vec<u8> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut s = String::with_capacity(invoices * 900 + 1_000);
    s.push_str(
        r#"{"status": 0, "msg": "OK", "data": {"estado_cuenta": {"datosCliente": {"tipo_campana": 1, "cl_cedruc": "0900000001", "cl_nombres": "CLIENTE", "cl_apellidos": "DE PRUEBA", "cl_direcc1": "CALLE DE PRUEBA 123", "cl_direcc2": " CALLE DE PRUEBA 123 ", "ciudadcliente": "CIUDAD DE PRUEBA", "tipo_doc": "CEDULA ", "sexo": "Masculino", "cl_email": "cliente@example.test"}, "facturas": ["#,
    );
    for i in 0..invoices {
        if i > 0 {
            s.push_str(", ");
        }
        let factura = 4_000 + i as u64;
        let plazo = [6u64, 12, 18, 24, 36][rng.below(5) as usize];
        let pagadas = rng.below(plazo);
        let vencidas = rng.below(plazo - pagadas + 1);
        let mora = vencidas > 0;
        let cuota = rng.amount(20_000);
        let valor = rng.amount(300_000);
        let deuda = rng.amount(300_000);
        write!(
            s,
            r#"{{"id": {id}, "factura": {factura}, "operacion": {op}.0, "cliente": "0900000001", "credito_fch": "{fch} 00:00:00", "credito_valor": {valor}, "item_cant": {cant}.00, "item_desc": "{item}", "factura_full": "{a:03}-{b:03}-{factura:08}", "credito_cuota": {cuota}, "credito_plazo": {plazo}, "prox_fecvto": "{vto}", "dias_mora": {dias}, "cuotas_pagadas": {pagadas}, "cuotas_pendientes": {pend}, "cuotas_vencidas": {vencidas}, "monto_vencido": {vencido}, "recargo_gasto": {recargo}, "interes_mora": {interes}, "valor_pagar": {pagar}, "deuda_tot_sinpro": {deuda}, "deuda_tot_conpro": {deuda}, "tiene_inicial": "{ini}", "tiene_mora": "{tm}", "porc_comision": {com}, "cadena": "{cadena}"}}"#,
            id = 228_000 + i as u64 * 3 + rng.below(3),
            op = 57_000 + i as u64 * 2,
            fch = rng.date(),
            cant = 1 + rng.below(3),
            item = ITEMS[rng.below(ITEMS.len() as u64) as usize],
            a = 1 + rng.below(20),
            b = 1 + rng.below(99),
            vto = rng.date(),
            dias = if mora { rng.below(400) } else { 0 },
            pend = plazo - pagadas,
            vencido = if mora { rng.amount(100_000) } else { "0.00".into() },
            recargo = if mora { rng.amount(10_000) } else { "0.00".into() },
            interes = if mora { rng.amount(5_000) } else { "0.00".into() },
            pagar = rng.amount(100_000),
            ini = if rng.below(10) == 0 { "S" } else { "N" },
            tm = if mora { "S" } else { "N" },
            com = ["0.00", "1.50", "2.25"][rng.below(3) as usize],
            cadena = CHAINS[rng.below(CHAINS.len() as u64) as usize],
        )
        .unwrap();
    }
    s.push_str(r#"], "telefonos": [{"telefono": "0990000000"}, {"telefono": "0990000001"}]}}}"#);
    s.into_bytes()
}

/// A conciliacion reply in the document's shape, with `records` records.
fn conciliacion_reply(records: usize) -> Vec<u8> {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut s = String::with_capacity(records * 300 + 100);
    s.push_str(r#"{"status": 0, "msg": "ok", "data": ["#);
    for i in 0..records {
        if i > 0 {
            s.push_str(", ");
        }
        let (estado, desc) = [
            (0, "Registrado"),
            (1, "Sincronizado"),
            (2, "Zoombie"),
            (4, "Reversado"),
            (99, "Problemas para sincronizar"),
        ][rng.below(5) as usize];
        let day = rng.date();
        let millis = if rng.below(2) == 0 { ".000" } else { "" };
        write!(
            s,
            r#"{{"comercio": "ENTIDAD DE PRUEBA", "secuencial": {sec}, "idtrx": {idtrx}, "fch_proceso": "{day} {t1}{millis}", "fch_registro": "{day} {t2}", "val_pagado": {val}, "num_recibo": "ET{caja:04}-{i}", "estado": {estado}, "estado_desc": "{desc}"}}"#,
            sec = 228_000 + rng.below(100_000),
            idtrx = 1_000 + i,
            t1 = rng.time(),
            t2 = rng.time(),
            val = rng.amount(200_000),
            caja = rng.below(10_000),
        )
        .unwrap();
    }
    s.push_str("]}");
    s.into_bytes()
}

/// A Unicobros operations page of `n` operations (the document's example operation, varied).
fn operations_page(n: usize) -> Vec<u8> {
    let mut page: serde_json::Value = serde_json::from_str(include_str!(
        "../tests/fixtures/unicobros/operations_get_ok.json"
    ))
    .expect("fixture is JSON");
    let template = page["data"]["docs"][0].clone();
    let mut rng = Rng(7);
    let docs: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut doc = template.clone();
            let total: serde_json::Number = rng.amount(500_000).parse().expect("amount");
            doc["_id"] = format!("606f01cc063b6c569b7c{i:04}").into();
            doc["uid"] = format!("OP{i:06}").into();
            doc["reference"] = format!("REF-{i:06}").into();
            doc["status"] = ["200", "400", "1", "2"][i % 4].into();
            doc["total"] = total.clone().into();
            doc["totals"]["total"] = total.into();
            doc
        })
        .collect();
    page["data"]["docs"] = docs.into();
    page["data"]["limit"] = n.into();
    serde_json::to_vec(&page).expect("serialises")
}

/// A large Zoom getInfoPagoWs reply of `n` payment records (the document's example, varied).
fn infopago_reply(n: usize) -> Vec<u8> {
    let mut reply: serde_json::Value =
        serde_json::from_str(include_str!("../tests/fixtures/zoom/infopago_ok.json"))
            .expect("fixture is JSON");
    let template = reply["entidadRespuesta"][0].clone();
    let mut rng = Rng(11);
    let records: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut r = template.clone();
            r["idpago"] = (1000 + i).into();
            r["referencia"] = format!("{:09}", 435_000_000 + i).into();
            r["montototal"] = rng.amount(900_000).into();
            r["fechapago"] = rng.date().into();
            r
        })
        .collect();
    reply["entidadRespuesta"] = records.into();
    serde_json::to_vec(&reply).expect("serialises")
}

/// Runs `f` for a warm-up, then for at least `target`; returns MB/s (10^6 bytes per second).
fn throughput(bytes: usize, target: Duration, mut f: impl FnMut()) -> f64 {
    let warm_up = Instant::now();
    let mut warm = 0;
    while warm < 3 || warm_up.elapsed() < target / 5 {
        f();
        warm += 1;
    }
    let start = Instant::now();
    let mut iterations = 0u64;
    let elapsed = loop {
        f();
        iterations += 1;
        let elapsed = start.elapsed();
        if elapsed >= target {
            break elapsed;
        }
    };
    (bytes as f64 * iterations as f64) / elapsed.as_secs_f64() / 1e6
}

/// How many turns each measurement of a row is split into (see [`row`]).
const ROUNDS: u32 = 5;

fn row<T>(
    label: &str,
    count: usize,
    body: Vec<u8>,
    target: Duration,
    decode: fn(&HttpResponse) -> T,
) {
    let response = HttpResponse::new(200, body);
    let len = response.body.len();
    // The three are measured in turns, ROUNDS times, and each keeps its best round: on a shared
    // machine another process's burst then slows one round of each, not all of one side.
    let (mut typed, mut value, mut floor) = (0.0f64, 0.0f64, 0.0f64);
    for _ in 0..ROUNDS {
        let slice = target / ROUNDS;
        typed = typed.max(throughput(len, slice, || {
            black_box(decode(black_box(&response)));
        }));
        value = value.max(throughput(len, slice, || {
            black_box(
                serde_json::from_slice::<serde_json::Value>(black_box(&response.body)).unwrap(),
            );
        }));
        floor = floor.max(throughput(len, slice, || {
            black_box(serde_json::from_slice::<IgnoredAny>(black_box(&response.body)).unwrap());
        }));
    }
    println!(
        "{label:<14} {len:>10} {count:>8} {typed:>12.1} {value:>12.1} {ratio:>12.2} {floor:>12.1}",
        ratio = typed / value,
    );
}

fn main() {
    let quick = std::env::var("RECAUDO_BENCH_QUICK").is_ok_and(|v| v == "1");
    let target = if quick {
        Duration::from_millis(100)
    } else {
        Duration::from_secs(1)
    };

    // Check the generated replies decode to what was generated before timing anything.
    for n in [1_000, 5_000] {
        let estado = <EstadoCuentaRequest as Endpoint>::decode(&HttpResponse::new(
            200,
            estadocuenta_reply(n),
        ))
        .expect("generated estadocuenta decodes");
        assert_eq!(estado.facturas.len(), n);
    }
    let records = <ConciliacionRequest as Endpoint>::decode(&HttpResponse::new(
        200,
        conciliacion_reply(1_000),
    ))
    .expect("generated conciliacion decodes");
    assert_eq!(records.len(), 1_000);
    let ops =
        <ListOperationsRequest as Endpoint>::decode(&HttpResponse::new(200, operations_page(50)))
            .expect("generated operations page decodes");
    assert_eq!(ops.docs.len(), 50);
    let pagos =
        <InfoPagoRequest as Endpoint>::decode(&HttpResponse::new(200, infopago_reply(1_000)))
            .expect("generated getInfoPagoWs reply decodes");
    assert_eq!(pagos.len(), 1_000);

    println!(
        "{:<14} {:>10} {:>8} {:>12} {:>12} {:>12} {:>12}",
        "reply", "bytes", "records", "typed MB/s", "Value MB/s", "typed/Value", "parse MB/s"
    );
    for n in [1_000, 5_000] {
        row("estadocuenta", n, estadocuenta_reply(n), target, |r| {
            <EstadoCuentaRequest as Endpoint>::decode(r).unwrap()
        });
    }
    row(
        "conciliacion",
        1_000,
        conciliacion_reply(1_000),
        target,
        |r| <ConciliacionRequest as Endpoint>::decode(r).unwrap(),
    );
    row("unicobros ops", 50, operations_page(50), target, |r| {
        <ListOperationsRequest as Endpoint>::decode(r).unwrap()
    });
    row("zoom infopago", 1_000, infopago_reply(1_000), target, |r| {
        <InfoPagoRequest as Endpoint>::decode(r).unwrap()
    });
    println!(
        "(parse MB/s: serde_json into IgnoredAny, the cost of reading the JSON alone; each figure the best of {ROUNDS} interleaved rounds, {} in all)",
        if quick { "~0.1 s" } else { "≥1 s" }
    );
}
