// Node 20 over the installed package: the `node` export condition instantiates the .wasm from
// the package's own bytes. Looks up a Zoom customer against the simulator through the full
// entry and through `recaudo/zoom`, checks that a missing credential and a URL where nothing
// listens are typed errors, and that every biller subpath loads its own bundle.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import init, { Collector, RecaudoError } from "recaudo";

const sim = process.env.RECAUDO_SIM_URL;
const billers = process.env.RECAUDO_BILLERS.split(",");
await init(); // already instantiated: resolves at once, as in code written for the browser

const zoomOptions = {
  biller: "zoom",
  connection: { baseUrl: `${sim}zoom/`, timeoutMs: 8000 },
  login: "recaudador@recaudo.test", // the simulator's fake credentials
  password: "clave-de-prueba-123",
};

async function lookup(CollectorClass) {
  const collector = CollectorClass.connect(zoomOptions);
  const statement = await collector.lookup("1000000001");
  assert.ok(statement.debts.length > 0, "the simulator's customer owes something");
  const amount = statement.debts[0].amountDue.amount;
  assert.equal(typeof amount, "string", "amounts are decimal strings");
  assert.match(amount, /^\d+(\.\d+)?$/);
  collector.free();
  return amount;
}

const full = await lookup(Collector);
assert.throws(
  () => Collector.connect({ biller: "nobody", connection: { baseUrl: sim } }),
  (e) => e instanceof RecaudoError && e.code === "invalid_input",
);

// What a developer meets first, from the installed package: a missing credential is refused by
// `connect`, naming it; a URL where nothing listens rejects the call with a typed error.
const { password: _, ...withoutPassword } = zoomOptions;
assert.throws(
  () => Collector.connect(withoutPassword),
  (e) =>
    e instanceof RecaudoError &&
    e.code === "invalid_input" &&
    e.message === "invalid options: missing field `password`",
);
const closedPort = await new Promise((resolve) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const nowhere = Collector.connect({
  ...zoomOptions,
  connection: { baseUrl: `http://127.0.0.1:${closedPort}/zoom/`, timeoutMs: 8000, retryAttempts: 1 },
});
await assert.rejects(nowhere.lookup("1000000001"), (e) => {
  assert.ok(e instanceof RecaudoError, `a RecaudoError, not ${e}`);
  // fetch cannot tell a refused connection from one lost mid-exchange: "network", which a
  // payment treats as possibly delivered (its outcome is checked before anything is resent).
  assert.equal(e.code, "network", e.message);
  assert.ok(!e.message.includes(zoomOptions.password), "no credential in the message");
  return true;
});
nowhere.free();

for (const biller of billers) {
  const sub = await import(`recaudo/${biller}`);
  await sub.default();
  assert.throws(
    () => sub.Collector.connect({ biller: "nobody", connection: { baseUrl: sim } }),
    (e) => e instanceof sub.RecaudoError,
    `recaudo/${biller} throws its own RecaudoError`,
  );
  if (biller === "zoom") assert.equal(await lookup(sub.Collector), full);
  else {
    // Another biller's options are refused: the subpath holds one biller.
    assert.throws(() => sub.Collector.connect(zoomOptions), (e) => e instanceof sub.RecaudoError);
  }
}
console.log(`node: looked up ${full} through recaudo and recaudo/zoom; ${billers.length} subpaths load`);
