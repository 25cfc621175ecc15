// The demo checkout page end to end in headless Chromium (playwright-core, driving the system
// Chromium: it never downloads a browser). Run by `cargo xtask wasm-test` with the page and the
// package served by `recaudo sim --www wasm/www --pkg wasm/pkg`:
//   RECAUDO_SIM_URL, RECAUDO_TOOLS (wasm/.tools), RECAUDO_SCREENSHOT, RECAUDO_COLD_START_RUNS.
// Checks: open, look up, pick a debt, pay, see the receipt (through the merchant backend, with
// no credential on the page); an unknown customer shows a typed error and the spinner stops;
// nothing on the console holds a credential. Prints the cold start (median of the runs).
// The payment journal: the journal contract from the page over IndexedDbJournal (Web Locks and
// its lease fallback) and over a journal the page writes itself (journal-contract.mjs); a page
// reloaded while its payment's recovery runs settles it on load and says so, the biller holding
// one payment; two tabs paying one receipt at once send it once.
// Zoom card payment through the pay button and the simulator's bank page: approve (receipt shown,
// registered once), decline, cancel (abandoned), approve-then-lost (the next visit's `resume()`
// registers it once), and a reload of the return page while it completes (still once).
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { journalContract } from "./journal-contract.mjs";

const require = createRequire(`${process.env.RECAUDO_TOOLS}/`);
const { chromium } = require("playwright-core");

const url = process.env.RECAUDO_SIM_URL;
const runs = Number(process.env.RECAUDO_COLD_START_RUNS ?? "5");
const SECRETS = ["fake-password-123", "clave-de-prueba-123", "pwd-de-prueba", "codseg-de-prueba"];

// Seed state, whatever earlier runs against this simulator did.
assert.equal((await fetch(`${url}_sim/reset`, { method: "POST" })).ok, true);

async function control(method, path, body) {
  const response = await fetch(`${url}_sim/${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `control ${path}: ${text}`);
  return JSON.parse(text);
}
const zoomState = async () => (await control("GET", "state")).zoom;
const referencias = (zoom, receipt) => zoom.payments.filter((p) => p.referencia === receipt).length;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new Zoom guide (its own, so that payments under it are this test's only). */
async function zoomGuide(amount) {
  const nroDoc = `4${String(Date.now()).slice(-9)}`;
  await control("POST", "zoom/documents", { tipoDoc: 1, nroDoc, montodoc: amount });
  return nroDoc;
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const consoleLines = [];
const failures = [];

async function openPage(query = "") {
  // A new context per run: an empty HTTP cache, so every run is a cold start.
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  return { context, page: await openTab(context, query) };
}

/** Another page (tab) in `context`: it shares the origin's IndexedDB and Web Locks. */
async function openTab(context, query = "") {
  const page = await context.newPage();
  page.on("console", (m) => consoleLines.push(m.text()));
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  await page.goto(`${url}${query}`);
  await ready(page);
  return page;
}

/** The page is ready once the package is instantiated and the last visit's payments settled. */
async function ready(page) {
  await page.waitForSelector("body[data-ready=true]", { timeout: 30000 });
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

/** Looks up a new guide, starts a card payment of `amount` and lands on the bank's page. */
async function startCard(page, amount, prefix) {
  const guide = await zoomGuide("500.00");
  await lookup(page, "zoom", guide, "backend");
  assert.ok(await page.isVisible("#pay-card"), "card payment offered for Zoom");
  const receipt = `${prefix}-${Date.now()}`;
  await page.fill("#amount", amount);
  await page.fill("#receipt-no", receipt);
  await page.click("#pay-card");
  await page.waitForURL(/\/zoom\/megasoft\/pagar\?/, { timeout: 20000 });
  const bank = new URL(page.url());
  assert.ok(bank.searchParams.get("control"), `a control number on the bank's page: ${bank}`);
  const back = new URL(bank.searchParams.get("retorno"));
  assert.equal(back.searchParams.get("receipt"), receipt, `the way back carries the receipt: ${back}`);
  return receipt;
}

/** Back on the checkout page after the bank's redirect, with it ready. */
async function back(page) {
  await page.waitForURL(/[?&]button=zoom/, { timeout: 20000 });
  await ready(page);
}

/** The card payment's outcome as shown: its state, and the receipt box's text. */
async function shown(page, state) {
  await page.waitForSelector(`#receipt[data-state=${state}]:not([hidden])`, { timeout: 20000 });
  await page.waitForSelector("#busy", { state: "hidden", timeout: 20000 });
  return page.textContent("#receipt");
}

/** Every way a card payment goes; answers the names of the scenarios that passed. */
async function cardPayments(page) {
  const done = [];
  // Approved at the bank: registered at Zoom once, the receipt shown.
  {
    const before = (await zoomState()).requests;
    const receipt = await startCard(page, "25.00", "CARD-OK");
    assert.equal(referencias(await zoomState(), receipt), 0, "nothing registered before the bank");
    await page.click("#approve");
    await back(page);
    const text = await shown(page, "paid");
    assert.match(text, /Payment confirmed/, text);
    assert.ok(text.includes(receipt) && text.includes("25.00 VES"), text);
    await page.screenshot({ path: process.env.RECAUDO_SCREENSHOT.replace(/\.png$/, "-card.png"), fullPage: true });
    const after = await zoomState();
    assert.equal(referencias(after, receipt), 1, "registered once at Zoom");
    assert.equal(after.requests.createPagoWs - before.createPagoWs, 1, "sent once");
    assert.ok(!page.url().includes("button=zoom"), `the way back's parameters dropped once settled: ${page.url()}`);
    done.push("approve");
  }
  // Declined at the bank: nothing registered, declined shown.
  {
    await page.click("#again");
    const receipt = await startCard(page, "30.00", "CARD-NO");
    await page.click("#decline");
    await back(page);
    const text = await shown(page, "declined");
    assert.match(text, /Card payment declined/, text);
    assert.equal(referencias(await zoomState(), receipt), 0, "nothing registered");
    done.push("decline");
  }
  // Cancelled at the bank: back with nothing paid; the customer cancels; abandoned.
  {
    await page.click("#again");
    const receipt = await startCard(page, "35.00", "CARD-CANCEL");
    await page.click("#abandon");
    await back(page);
    await page.waitForSelector("#card-pending:not([hidden])", { timeout: 20000 });
    assert.match(await page.textContent("#card-pending"), new RegExp(receipt));
    await page.click("#card-cancel");
    const text = await shown(page, "abandoned");
    assert.match(text, /Card payment abandoned/, text);
    assert.equal(referencias(await zoomState(), receipt), 0, "nothing registered");
    done.push("abandon");
  }
  // Approved, then the way back lost (the bank's page never redirects): the customer opens the
  // checkout page again; `resume()` on load finds the bank's approval and registers it, once.
  {
    await page.click("#again");
    const receipt = await startCard(page, "40.00", "CARD-LOST");
    await page.click("#approve-lost");
    // The bank's "connection lost" page: the customer is not sent back.
    await page.waitForSelector("#lost", { timeout: 20000 });
    assert.ok(page.url().startsWith(`${url}zoom/megasoft/`), `still at the bank: ${page.url()}`);
    assert.equal(referencias(await zoomState(), receipt), 0, "not registered until someone asks");
    await page.goto(url);
    await ready(page);
    const notice = await page.textContent("#resumed");
    assert.match(notice, /A payment from your last visit was confirmed/, notice);
    assert.ok(notice.includes(receipt) && notice.includes("40.00 VES"), notice);
    const text = await page.textContent("#receipt");
    assert.ok(await page.isVisible("#receipt"), "its receipt shown");
    assert.ok(text.includes(receipt), text);
    assert.equal(referencias(await zoomState(), receipt), 1, "registered once at Zoom");
    await page.reload();
    await ready(page);
    assert.ok(await page.isHidden("#resumed"), "nothing left in flight");
    assert.equal(referencias(await zoomState(), receipt), 1, "still once");
    done.push("approve-then-lost");
  }
  // Reloaded on the way back: Zoom's registration is held 3 s; the return page is reloaded
  // while it waits. The reloaded page completes again: safe payment finds the registration
  // and never sends a second one.
  {
    const before = (await zoomState()).requests;
    const receipt = await startCard(page, "45.00", "CARD-RELOAD");
    await control("POST", "faults", { biller: "zoom", endpoint: "createPagoWs", kind: "delay", delay_ms: 3000 });
    await page.click("#approve");
    await page.waitForURL(/[?&]button=zoom/, { timeout: 20000 });
    for (let i = 0; i < 100 && referencias(await zoomState(), receipt) === 0; i++) await sleep(50);
    assert.equal(referencias(await zoomState(), receipt), 1, "the registration reached Zoom");
    assert.ok(await page.isVisible("#busy"), "still completing when reloaded");
    await page.reload();
    await ready(page);
    const text = await shown(page, "paid");
    assert.ok(text.includes(receipt) && text.includes("45.00 VES"), text);
    // And once more, now settled: nothing is sent again.
    await page.reload();
    await ready(page);
    const after = await zoomState();
    assert.equal(referencias(after, receipt), 1, "registered exactly once");
    assert.equal(after.requests.createPagoWs - before.createPagoWs, 1, "sent once");
    done.push("reload on the way back");
  }
  return done;
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

  // The journal contract, from the page, over each kind of journal.
  let contract = 0;
  for (const kind of ["indexeddb", "lease", "object"]) {
    const { context, page } = await openPage();
    const { passed, failed } = await page.evaluate(journalContract, { kind });
    for (const name of passed) console.log(`journal contract (${kind}): ${name} ... ok`);
    for (const f of failed) console.log(`journal contract (${kind}): ${f.name} ... FAILED\n${f.error}`);
    assert.deepEqual(failed, [], `journal contract (${kind})`);
    assert.equal(passed.length, 4);
    contract += passed.length;
    await context.close();
  }

  // Reloaded mid-recovery: the payment reaches Zoom (which documents no duplicate guard) but its
  // reply is held 3 s; the page gives up at 1 s and its recovery waits 3 s before asking. The
  // page is reloaded in between; on load `resume()` asks Zoom, confirms the payment and says so.
  {
    const query = "?timeoutMs=1000&settleDelayMs=3000";
    const { context, page } = await openPage(query);
    const guide = await zoomGuide("400.00");
    await lookup(page, "zoom", guide, "backend");
    const receipt = `WEB-RELOAD-${Date.now()}`;
    await page.fill("#amount", "10.00");
    await page.fill("#receipt-no", receipt);
    const before = (await zoomState()).requests;
    await control("POST", "faults", { biller: "zoom", endpoint: "createPagoWs", kind: "delay", delay_ms: 3000 });
    const clicked = Date.now();
    await page.click("#pay");
    for (let i = 0; i < 100 && referencias(await zoomState(), receipt) === 0; i++) await sleep(50);
    await sleep(Math.max(0, 1800 - (Date.now() - clicked)));
    const mid = await zoomState();
    assert.equal(referencias(mid, receipt), 1, "the payment reached Zoom");
    assert.equal(mid.requests.getInfoPagoWs, before.getInfoPagoWs, "reloaded before the recovery asked");
    assert.ok(await page.isVisible("#busy"), "still paying when reloaded");
    await page.reload();
    await ready(page);
    const notice = await page.textContent("#resumed");
    assert.match(notice, /A payment from your last visit was confirmed/, notice);
    assert.ok(notice.includes(receipt) && notice.includes("10.00 VES"), notice);
    await page.screenshot({ path: process.env.RECAUDO_SCREENSHOT.replace(/\.png$/, "-resumed.png"), fullPage: true });
    const after = await zoomState();
    assert.equal(referencias(after, receipt), 1, "Zoom holds exactly one payment");
    assert.equal(after.requests.createPagoWs - before.createPagoWs, 1, "sent once");
    assert.ok(after.requests.getInfoPagoWs > before.getInfoPagoWs, "asked by the reloaded page");
    // Settled: the next load has nothing to say.
    await page.reload();
    await ready(page);
    assert.ok(await page.isHidden("#resumed"), "nothing left in flight");
    await context.close();
    console.log("reload mid-recovery: resume() confirmed it, one payment at Zoom ... ok");
  }

  // Two tabs pay one receipt at once: the Web Lock lets one send; the other waits and shows
  // the recorded outcome.
  {
    const { context, page: first } = await openPage();
    const second = await openTab(context);
    const guide = await zoomGuide("600.00");
    const receipt = `WEB-TWO-${Date.now()}`;
    for (const tab of [first, second]) {
      await lookup(tab, "zoom", guide, "backend");
      await tab.fill("#amount", "10.00");
      await tab.fill("#receipt-no", receipt);
    }
    // Hold the first send's reply, so that the other tab tries while it is in flight.
    await control("POST", "faults", { biller: "zoom", endpoint: "createPagoWs", kind: "delay", delay_ms: 1500 });
    const before = (await zoomState()).requests.createPagoWs;
    await Promise.all([first.click("#pay"), second.click("#pay")]);
    await Promise.all([paid(first), paid(second)]);
    const shown = await Promise.all([first, second].map((tab) => tab.textContent("#receipt")));
    assert.match(shown[0], /Payment confirmed/, shown[0]);
    assert.equal(shown[1], shown[0], "both tabs show the one payment");
    const after = await zoomState();
    assert.equal(after.requests.createPagoWs - before, 1, "Zoom saw one send");
    assert.equal(referencias(after, receipt), 1, "Zoom holds one payment");
    await context.close();
    console.log("two tabs, one receipt: one send ... ok");
  }

  // Zoom card payment through the pay button, end to end: choose the guide, start the button
  // payment (journaled in IndexedDB), go to the bank's page (the simulator's Megasoft page),
  // come back to the checkout page (the return URL carries the receipt), complete, see the
  // outcome. Zoom's state is read through the simulator's control API.
  {
    const { context, page } = await openPage();
    const cards = await cardPayments(page);
    await context.close();
    console.log(`Zoom card payment (pay button): ${cards.join(", ")} ... ok`);
  }

  for (const line of consoleLines) {
    for (const s of SECRETS) assert.ok(!line.includes(s), `a credential on the console: ${line}`);
  }
  assert.deepEqual(failures, []);
  console.log(`journal contract: ${contract} scenarios passed`);
  console.log("test result: ok. 1 passed; 0 failed (demo checkout page end to end, journal contract, reload, two tabs)");
} finally {
  await browser.close();
}
