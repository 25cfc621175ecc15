// The demo checkout page end to end in headless Chromium (playwright-core, driving the system
// Chromium: it never downloads a browser). Run by `cargo xtask wasm-test` with the page and the
// package served by `recaudo sim --www wasm/www --pkg wasm/pkg`:
//   RECAUDO_SIM_URL, RECAUDO_TOOLS (wasm/.tools), RECAUDO_SCREENSHOT, RECAUDO_COLD_START_RUNS.
// Checks: open, look up, pick a debt, pay, see the receipt (through the merchant backend, with
// no credential on the page); an unknown customer shows a typed error and the spinner stops;
// nothing on the console holds a credential. Prints the cold start (median of the runs).
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(`${process.env.RECAUDO_TOOLS}/`);
const { chromium } = require("playwright-core");

const url = process.env.RECAUDO_SIM_URL;
const runs = Number(process.env.RECAUDO_COLD_START_RUNS ?? "5");
const SECRETS = ["fake-password-123", "clave-de-prueba-123", "pwd-de-prueba", "codseg-de-prueba"];

// Seed state, whatever earlier runs against this simulator did.
assert.equal((await fetch(`${url}_sim/reset`, { method: "POST" })).ok, true);

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const consoleLines = [];
const failures = [];

async function openPage() {
  // A new context per run: an empty HTTP cache, so every run is a cold start.
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  page.on("console", (m) => consoleLines.push(m.text()));
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  return { context, page };
}

async function lookup(page, biller, customer, mode = "backend", expectDebts = true) {
  await page.selectOption("#biller", biller);
  await page.fill("#customer", customer);
  await page.check(`input[name=mode][value=${mode}]`);
  await page.click("#lookup");
  // Done: debts or an error shown, and the spinner gone (no spinner forever).
  await page.waitForFunction(
    () => document.getElementById("busy").hidden &&
      (!document.getElementById("pay-form").hidden || !document.getElementById("error").hidden),
    null, { timeout: 20000 });
  if (expectDebts && !(await page.isHidden("#error"))) {
    throw new Error(`lookup ${biller} ${customer}: ${await page.textContent("#error")}`);
  }
}

/** Waits for the receipt, and for the spinner to be gone. */
async function paid(page) {
  await page.waitForSelector("#receipt:not([hidden])", { timeout: 20000 });
  await page.waitForSelector("#busy", { state: "hidden", timeout: 20000 });
}

try {
  // Cold start: instantiate + first call, median of `runs` fresh page loads.
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await openPage();
    await lookup(page, "unicomer", "0900000002");
    const t = await page.evaluate(() => window.recaudoTimings);
    samples.push({ ...t, total: t.instantiateMs + t.firstCallMs });
    await context.close();
  }
  const median = (key) => {
    const v = samples.map((s) => s[key]).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  console.log(`cold start in Chromium (median of ${runs} fresh page loads): ` +
    `instantiate ${median("instantiateMs").toFixed(1)} ms + first call ${median("firstCallMs").toFixed(1)} ms ` +
    `= ${median("total").toFixed(1)} ms (page ready ${median("readyAtMs").toFixed(1)} ms after navigation start)`);

  const { page } = await openPage();
  // A typed error, and the page does not hang.
  await lookup(page, "unicomer", "0999999999", "backend", false);
  const error = await page.textContent("#error");
  assert.match(error, /biller/, error);
  assert.match(error, /451/, error);

  // Look up, pick the second debt, pay, see the receipt: through the merchant backend.
  await lookup(page, "unicomer", "0900000001");
  const debts = await page.locator("#debts li").count();
  assert.ok(debts >= 2, `debts listed: ${debts}`);
  await page.locator("#debts li").nth(1).locator("input").check();
  // Picking a debt fills in what is due on it, as the biller's decimal text.
  const due = (await page.locator("#debts li").nth(1).locator(".debt-amount").textContent()).split(" ")[0];
  assert.match(due, /^\d+\.\d{2}$/);
  assert.equal(await page.inputValue("#amount"), due);
  await page.screenshot({ path: process.env.RECAUDO_SCREENSHOT.replace(/\.png$/, "-debts.png"), fullPage: true });
  await page.fill("#amount", "25.50");
  await page.click("#pay");
  await paid(page);
  const receipt = await page.textContent("#receipt");
  assert.match(receipt, /Payment confirmed/, receipt);
  assert.match(receipt, /25\.50 USD/, receipt);
  await page.screenshot({ path: process.env.RECAUDO_SCREENSHOT, fullPage: true });

  // Zoom and Cooplan straight to the simulator (fake credentials, the local demo mode).
  await page.click("#again");
  await lookup(page, "cooplan", "1002", "direct");
  await page.click("#pay");
  await paid(page);
  assert.match(await page.textContent("#receipt"), /Payment confirmed/);
  await page.click("#again");
  await lookup(page, "zoom", "1000000001", "direct");
  await page.fill("#amount", "10.00");
  await page.click("#pay");
  await paid(page);
  assert.match(await page.textContent("#receipt"), /10\.00 VES/);

  for (const line of consoleLines) {
    for (const s of SECRETS) assert.ok(!line.includes(s), `a credential on the console: ${line}`);
  }
  assert.deepEqual(failures, []);
  console.log("test result: ok. 1 passed; 0 failed (demo checkout page end to end)");
} finally {
  await browser.close();
}
