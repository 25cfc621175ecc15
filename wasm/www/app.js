// The demo checkout page. It uses only the package's public API (`Collector`, `RecaudoError`),
// loaded from /pkg/ (served by `recaudo sim --www wasm/www --pkg wasm/pkg`, same origin).
//
// Production set-up ("Merchant backend" mode): the page points `baseUrl` at the merchant's own
// backend (here the simulator's example under /merchant/), holds no biller credential (only
// placeholders) and sends its own session header with every request; the backend fills in the
// real credentials. The "straight to the simulator" mode uses the simulator's obviously fake
// credentials: fine for a local demo, never for a real page.
//
// Every payment is written to an IndexedDB journal before it is sent. On load the page calls
// `resume()`: a payment that an earlier visit left in flight (the tab reloaded or closed while
// its reply was lost or its recovery ran) is settled with the biller and shown ("a payment from
// your last visit was confirmed"), never paid again under a new receipt. Paying waits for it.
//
// Zoom card payment (the pay button): `collector.zoom().call({ service: "button_start", ... })`
// mints Megasoft's control number and journals the payment before the customer leaves for the
// bank's page; the page puts the receipt in the return URL (`?button=zoom&receipt=…`). Back
// here, `button_complete` asks the bank what happened (the way back itself is never trusted)
// and registers an approved payment at Zoom once, however often this page is reloaded; a
// customer who never comes back (the bank's reply lost) is settled by `resume()` on their next
// visit.
const t0 = performance.now();
import init, { Collector, IndexedDbJournal, RecaudoError } from "/pkg/index.js";

// Cold start, for `cargo xtask wasm-test`: `instantiateMs` is `init()` (fetch, compile and
// instantiate the .wasm), `readyAtMs` the time from navigation start to that point,
// `firstCallMs` the first lookup (token and statement).
const timings = { instantiateMs: null, readyAtMs: null, firstCallMs: null };
window.recaudoTimings = timings;

const $ = (id) => document.getElementById(id);
const ORIGIN = `${location.origin}/`;
// Every request has a timeout, so no spinner can turn forever; reads are retried a little.
const CONNECTION = { timeoutMs: 8000, retryAttempts: 2, retryDelayMs: 200 };
// Tests shorten the timings with `?timeoutMs=…&settleDelayMs=…` (milliseconds).
for (const [key, value] of new URLSearchParams(location.search)) {
  if (["timeoutMs", "settleDelayMs", "retryDelayMs"].includes(key)) CONNECTION[key] = Number(value);
}
// One journal for the page and every other tab of this origin: it outlives a reload.
const journal = new IndexedDbJournal("recaudo-demo");
const SESSION = { "x-merchant-session": "sesion-de-prueba" };
const EXAMPLE_CUSTOMER = { unicomer: "0900000001", zoom: "1000000001", cooplan: "1001" };

// The simulator's fake credentials (see sim/src): only for "straight to the simulator".
const FAKE = {
  unicomer: { username: "cajero@recaudo.test", password: "fake-password-123", commerce: "EMPTEST" },
  zoom: { login: "recaudador@recaudo.test", password: "clave-de-prueba-123" },
  cooplan: { codSeguridad: "codseg-de-prueba", login: "recaudador-de-prueba", pwd: "pwd-de-prueba" },
};
// What a production page sends instead: placeholders the merchant backend replaces.
const PLACEHOLDERS = {
  unicomer: { username: "via-backend", password: "via-backend", commerce: "EMPTEST" },
  zoom: { login: "via-backend", password: "via-backend" },
  cooplan: { codSeguridad: "via-backend", login: "via-backend", pwd: "via-backend" },
};

let collector = null;
let statement = null;

// The bank's (Megasoft's) card payment page, for Zoom's pay button: here the simulator's. It is
// the bank's own site, not the merchant backend, in either mode; the SDK fills in the control
// number and this page's return URL.
const BANK_PAGE = { zoom: { buttonPage: `${ORIGIN}zoom/megasoft/pagar?control={control}&retorno={return_url}` } };

function makeCollector(biller, mode) {
  const own = BANK_PAGE[biller] ?? {};
  if (mode === "backend") {
    const connection = { ...CONNECTION, baseUrl: `${ORIGIN}merchant/${biller}/` };
    return Collector.connect({ biller, connection, ...PLACEHOLDERS[biller], ...own }, { headers: async () => SESSION, journal });
  }
  const connection = { ...CONNECTION, baseUrl: `${ORIGIN}${biller}/` };
  return Collector.connect({ biller, connection, ...FAKE[biller], ...own }, { journal });
}

function show(id, on) { $(id).hidden = !on; }

/** The query parameters that only carry the way back from the bank's page. */
const RETURN_PARAMS = ["button", "receipt", "mode"];

function busy(text) {
  $("busy-text").textContent = text;
  show("busy", true);
  show("error", false);
  for (const b of document.querySelectorAll("button")) b.disabled = true;
}

// True while the payments of the last visit are being settled: nothing may be paid meanwhile.
let resuming = true;

function idle() {
  show("busy", false);
  for (const b of document.querySelectorAll("button")) b.disabled = resuming;
}

function showError(e) {
  const box = $("error");
  box.replaceChildren();
  if (e instanceof RecaudoError) {
    const code = document.createElement("code");
    code.textContent = e.code;
    box.append(code, ` ${e.message}`);
    if (e.billerCode) box.append(` (biller code ${e.billerCode})`);
    if (e.mayHaveReachedBiller) box.append(". It may have reached the biller: check before retrying.");
  } else {
    box.textContent = `Unexpected error: ${e}`;
  }
  show("error", true);
}

function debtItem(debt, index) {
  const li = document.createElement("li");
  const label = document.createElement("label");
  const radio = document.createElement("input");
  radio.type = "radio";
  radio.name = "debt";
  radio.value = String(index);
  radio.checked = index === 0;
  radio.addEventListener("change", () => { $("amount").value = debt.amountDue.amount; });
  const main = document.createElement("span");
  main.className = "debt-main";
  const desc = document.createElement("span");
  desc.className = "debt-desc";
  desc.textContent = debt.description || debt.debtId;
  const meta = document.createElement("span");
  meta.className = "debt-meta";
  meta.textContent = `balance ${debt.balance.amount} ${debt.balance.currency}` +
    (debt.dueDate ? ` · due ${debt.dueDate}` : "");
  main.append(desc, meta);
  const amount = document.createElement("span");
  amount.className = "debt-amount";
  amount.textContent = `${debt.amountDue.amount} ${debt.amountDue.currency}`;
  label.append(radio, main, amount);
  li.append(label);
  return li;
}

async function lookup(event) {
  event.preventDefault();
  const biller = $("biller").value;
  const mode = document.querySelector("input[name=mode]:checked").value;
  show("pay-form", false);
  show("receipt", false);
  busy("Looking up debts…");
  try {
    collector?.free();
    collector = makeCollector(biller, mode);
    const started = performance.now();
    statement = await collector.lookup($("customer").value.trim());
    if (timings.firstCallMs === null) timings.firstCallMs = performance.now() - started;
    $("customer-name").textContent = `${statement.customer.name} · ${statement.debts.length} pending`;
    $("debts").replaceChildren(...statement.debts.map(debtItem));
    $("currency").textContent = collector.currency;
    $("amount").value = statement.debts[0]?.amountDue.amount ?? "";
    // Your order's receipt number: the payment's identity (paying it twice pays once).
    $("receipt-no").value = `WEB-${Date.now()}`;
    show("payer", biller === "zoom");
    show("pay-card", collector.zoom() !== null);
    show("pay-form", statement.debts.length > 0);
    if (statement.debts.length === 0) {
      $("error").textContent = `${statement.customer.name || "This customer"} has nothing to pay.`;
      show("error", true);
    }
  } catch (e) {
    showError(e);
  } finally {
    idle();
  }
}

/** The payment the form describes. */
function paymentRequest() {
  const index = Number(document.querySelector("input[name=debt]:checked")?.value ?? 0);
  const debt = statement.debts[index];
  const request = {
    debtId: debt.debtId,
    amount: $("amount").value.trim(), // a decimal string: never parsed into a JS number
    receipt: $("receipt-no").value.trim(),
    cashier: "WEB",
    location: "CHECKOUT DEMO",
    balance: debt.balance.amount,
  };
  if (collector.biller === "zoom") {
    request.payer = { id: $("payer-id").value, name: $("payer-name").value, email: $("payer-email").value };
    request.extra = { bank_account: "213" };
  }
  return request;
}

async function pay(event) {
  event.preventDefault();
  const request = paymentRequest();
  busy("Paying…");
  try {
    const result = await collector.pay(request);
    receipt(result);
  } catch (e) {
    showError(e);
  } finally {
    idle();
  }
}

/** Zoom card payment: open it (journaled), then send the customer to the bank's page. */
async function payByCard() {
  const request = paymentRequest();
  const mode = document.querySelector("input[name=mode]:checked").value;
  // Back to this page, with what it needs to finish: the biller, the receipt, the set-up.
  const back = new URL(location.href);
  for (const key of RETURN_PARAMS) back.searchParams.delete(key);
  back.searchParams.set("button", "zoom");
  back.searchParams.set("receipt", request.receipt);
  back.searchParams.set("mode", mode);
  busy("Opening the bank's page…");
  try {
    const reply = await collector.zoom().call({ service: "button_start", payment: request, returnUrl: back.href });
    location.assign(reply.checkout.pageUrl);
  } catch (e) {
    showError(e);
    idle();
  }
}

/** The receipt of the card payment this page is finishing (from the return URL), if any. */
let cardReceipt = null;

/** Back from the bank's page: ask the bank (through the SDK) and settle the card payment. */
async function completeCard(service) {
  busy(service === "button_abandon" ? "Cancelling the card payment…" : "Checking the card payment with the bank…");
  show("card-pending", false);
  try {
    const reply = await collector.zoom().call({ service, receipt: cardReceipt });
    cardOutcome(reply.outcome);
  } catch (e) {
    showError(e);
    // Still in flight: the customer may check again (or `resume()` does on the next visit).
    $("card-pending-text").textContent = `Receipt ${cardReceipt}: not settled yet.`;
    show("card-pending", true);
  } finally {
    idle();
  }
}

/** What a card payment came to, in the customer's words. */
function cardOutcome(outcome) {
  if (outcome.state === "pending") {
    // The bank has no result: the customer cancelled there (or has not finished yet).
    $("card-pending-text").textContent =
      `The bank has no payment for receipt ${outcome.receipt} yet${outcome.detail ? ` (${outcome.detail})` : ""}. ` +
      "Nothing was charged so far.";
    show("card-pending", true);
    return;
  }
  const titles = { paid: "Payment confirmed", declined: "Card payment declined", abandoned: "Card payment abandoned" };
  if (outcome.result) {
    receipt(outcome.result);
  } else {
    fields([["Your receipt", outcome.receipt]]);
    show("pay-form", false);
    show("receipt", true);
  }
  $("receipt-title").textContent = titles[outcome.state] ?? outcome.state;
  $("receipt").dataset.state = outcome.state;
  if (outcome.detail) $("receipt-fields").append(...pair("Bank", outcome.detail));
  // Settled: a reload of this page need not ask again.
  const plain = new URL(location.href);
  for (const key of RETURN_PARAMS) plain.searchParams.delete(key);
  history.replaceState(null, "", plain.href);
}

function pair(k, v) {
  const dt = document.createElement("dt");
  dt.textContent = k;
  const dd = document.createElement("dd");
  dd.textContent = v;
  return [dt, dd];
}

function fields(rows) {
  $("receipt-fields").replaceChildren(...rows.flatMap(([k, v]) => pair(k, v)));
}

function receipt(result) {
  const titles = { confirmed: "Payment confirmed", rejected: "Payment refused", needs_review: "Payment needs review" };
  $("receipt-title").textContent = titles[result.outcome];
  const rows = [
    ["Outcome", result.outcome],
    ["Amount", `${result.reference.amount} ${result.currency}`],
    ["Biller payment id", result.reference.paymentId ?? "—"],
    ["Your receipt", result.reference.receipt],
    ["Paid at", result.reference.paidAt.replace("T", " ")],
  ];
  if (result.recovered) rows.push(["Note", "the reply was lost; confirmed by asking the biller"]);
  if (result.rejection) rows.push(["Reason", `${result.rejection.code}: ${result.rejection.message}`]);
  if (result.unsaved) rows.push(["Journal", result.unsaved]);
  fields(rows);
  $("receipt").dataset.state = result.outcome;
  show("pay-form", false);
  show("receipt", true);
}

/** What `resume()` settled, in the customer's words. */
function lastVisit(done) {
  const box = $("resumed");
  box.replaceChildren();
  let shown = false;
  for (const { receipt: number, result, error } of done) {
    const p = document.createElement("p");
    if (result) {
      const what = `${result.reference.amount} ${result.currency}, receipt ${number}`;
      p.textContent = {
        confirmed: `A payment from your last visit was confirmed: ${what}.`,
        rejected: `A payment from your last visit was not made (${result.rejection?.message ?? "refused"}): ${what}.`,
        needs_review: `A payment from your last visit needs review: ${what}. Do not pay it again; we are checking it with the biller.`,
      }[result.outcome];
      p.className = result.outcome;
      // The first one confirmed is shown in full: a customer whose card payment's way back was
      // lost comes back to its receipt.
      if (result.outcome === "confirmed" && !shown) {
        receipt(result);
        shown = true;
      }
    } else {
      const code = error instanceof RecaudoError ? error.code : "error";
      p.textContent = `A payment from your last visit (receipt ${number ?? "?"}) could not be checked yet ` +
        `(${code}: ${error?.message ?? error}). Do not pay it again; it is checked again on your next visit.`;
      p.className = "needs_review";
    }
    box.append(p);
  }
  show("resumed", done.length > 0);
}

/** Settles, at every biller, what an earlier visit left in flight. */
async function resumeLastVisit() {
  busy("Checking payments from your last visit…");
  const settled = await Promise.all(Object.keys(PLACEHOLDERS).map(async (biller) => {
    const collector = makeCollector(biller, "backend");
    try {
      return await collector.resume();
    } catch (error) {
      return [{ receipt: null, result: null, error }];
    } finally {
      collector.free();
    }
  }));
  resuming = false;
  idle();
  // The card payment this page just finished is shown already.
  lastVisit(settled.flat().filter((r) => r.receipt === null || r.receipt !== cardReceipt));
}

/** On a return from the bank's page (`?button=zoom&receipt=…&mode=…`): finish that payment. */
async function returnFromBank() {
  const query = new URLSearchParams(location.search);
  if (query.get("button") !== "zoom" || !query.get("receipt")) return;
  cardReceipt = query.get("receipt");
  const mode = query.get("mode") === "direct" ? "direct" : "backend";
  $("biller").value = "zoom";
  $("customer").value = EXAMPLE_CUSTOMER.zoom;
  collector = makeCollector("zoom", mode);
  await completeCard("button_complete");
}

$("biller").addEventListener("change", () => { $("customer").value = EXAMPLE_CUSTOMER[$("biller").value]; });
$("lookup-form").addEventListener("submit", lookup);
$("pay-form").addEventListener("submit", pay);
$("again").addEventListener("click", () => { show("receipt", false); $("lookup").focus(); });
$("pay-card").addEventListener("click", payByCard);
$("card-check").addEventListener("click", () => completeCard("button_complete"));
$("card-cancel").addEventListener("click", () => completeCard("button_abandon"));

for (const b of document.querySelectorAll("button")) b.disabled = true;
await init();
timings.instantiateMs = performance.now() - t0;
timings.readyAtMs = performance.now();
// Back from the bank's page: that payment first, then whatever else an earlier visit left.
await returnFromBank();
await resumeLastVisit();
document.body.dataset.ready = "true";
