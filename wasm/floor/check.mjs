// The floor probe as measured must work: a build the linker had emptied would understate the
// floor. Loads the optimised `.wasm` given as argv[2] (its glue beside it) in Node, looks a
// reference up against a local server and checks the debts, the exact total and the key sent.
// Run by `cargo xtask bundle` after each probe is built.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";

const dir = process.argv[2];
const glue = await import(pathToFileURL(path.join(dir, "recaudo_bundle_floor.js")));
await glue.default({
  module_or_path: await readFile(path.join(dir, "recaudo_bundle_floor_bg.wasm")),
});

let seen;
const server = http.createServer((req, res) => {
  seen = { url: req.url, key: req.headers["x-api-key"] };
  res.setHeader("content-type", "application/json");
  res.end(
    '{"debts":[{"id":"D1","amount":0.10,"due":"2026-12-31","description":null},' +
      '{"id":"D2","amount":"0.20","due":"2027-01-31"}]}',
  );
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const baseUrl = `http://127.0.0.1:${server.address().port}`;
try {
  const client = new glue.Client({ baseUrl, apiKey: "fake-key", timeoutMs: 5000 });
  const found = await client.lookup("R-1");
  const fail = (what) => {
    throw new Error(`floor probe: ${what}: ${JSON.stringify({ found, seen })}`);
  };
  if (seen?.url !== "/debts/R-1?wait=5000" || seen.key !== "fake-key") fail("request");
  if (found.total !== "0.30") fail("total (0.1 + 0.2 read exactly is 0.30)");
  if (found.debts.length !== 2 || found.debts[1].amount !== "0.20") fail("debts");
  console.log(`floor probe works: ${dir}`);
} finally {
  server.close();
}
