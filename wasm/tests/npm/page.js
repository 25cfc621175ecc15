// A tiny checkout page built by Vite and by webpack from the installed package: both bundles
// (`recaudo` and `recaudo/zoom`) load their .wasm through the bundler's asset handling and
// look up a customer against the simulator that serves the page. The result lands in
// `window.recaudoCheck` for the test.
import init, { Collector, RecaudoError } from "recaudo";
import initZoom, { Collector as ZoomCollector } from "recaudo/zoom";

async function main() {
  await init();
  await initZoom();
  const options = {
    biller: "zoom",
    connection: { baseUrl: `${location.origin}/zoom/`, timeoutMs: 8000 },
    login: "recaudador@recaudo.test", // the simulator's fake credentials
    password: "clave-de-prueba-123",
  };
  const amounts = [];
  for (const C of [Collector, ZoomCollector]) {
    const statement = await C.connect(options).lookup("1000000001");
    amounts.push(statement.debts[0].amountDue.amount);
  }
  let refused = null;
  try {
    Collector.connect({ biller: "nobody", connection: { baseUrl: location.origin } });
  } catch (e) {
    refused = e instanceof RecaudoError ? e.code : String(e);
  }
  if (typeof amounts[0] !== "string" || amounts[0] !== amounts[1]) {
    throw new Error(`amounts: ${JSON.stringify(amounts)}`);
  }
  if (refused !== "invalid_input") throw new Error(`refused: ${refused}`);
  return { amounts, refused };
}

main().then(
  (result) => { window.recaudoCheck = result; },
  (e) => { window.recaudoCheck = { failure: String(e?.stack ?? e) }; },
);
