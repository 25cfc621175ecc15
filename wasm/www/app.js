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

function makeCollector(biller, mode) {
  if (mode === "backend") {
    const connection = { ...CONNECTION, baseUrl: `${ORIGIN}merchant/${biller}/` };
    return Collector.connect({ biller, connection, ...PLACEHOLDERS[biller] }, { headers: async () => SESSION, journal });
  }
  const connection = { ...CONNECTION, baseUrl: `${ORIGIN}${biller}/` };
  return Collector.connect({ biller, connection, ...FAKE[biller] }, { journal });
}

function show(id, on) { $(id).hidden = !on; }

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

async function pay(event) {
  event.preventDefault();
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
  const dl = $("receipt-fields");
  dl.replaceChildren();
  for (const [k, v] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    dl.append(dt, dd);
  }
  show("pay-form", false);
  show("receipt", true);
}

/** What `resume()` settled, in the customer's words. */
function lastVisit(done) {
  const box = $("resumed");
  box.replaceChildren();
  for (const { receipt, result, error } of done) {
    const p = document.createElement("p");
    if (result) {
      const what = `${result.reference.amount} ${result.currency}, receipt ${receipt}`;
      p.textContent = {
        confirmed: `A payment from your last visit was confirmed: ${what}.`,
        rejected: `A payment from your last visit was not made (${result.rejection?.message ?? "refused"}): ${what}.`,
        needs_review: `A payment from your last visit needs review: ${what}. Do not pay it again; we are checking it with the biller.`,
      }[result.outcome];
      p.className = result.outcome;
    } else {
      const code = error instanceof RecaudoError ? error.code : "error";
      p.textContent = `A payment from your last visit (receipt ${receipt ?? "?"}) could not be checked yet ` +
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
  lastVisit(settled.flat());
}

$("biller").addEventListener("change", () => { $("customer").value = EXAMPLE_CUSTOMER[$("biller").value]; });
$("lookup-form").addEventListener("submit", lookup);
$("pay-form").addEventListener("submit", pay);
$("again").addEventListener("click", () => { show("receipt", false); $("lookup").focus(); });

for (const b of document.querySelectorAll("button")) b.disabled = true;
await init();
timings.instantiateMs = performance.now() - t0;
timings.readyAtMs = performance.now();
await resumeLastVisit();
document.body.dataset.ready = "true";
