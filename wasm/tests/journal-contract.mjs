// The journal contract, from JS over the wasm adapter: the scenarios every recaudo journal
// passes (save/load round trip, a torn write, a concurrent claim of one receipt, an unsaved
// outcome surfaced), run in the page against the package exactly as a page uses it.
//
// `journalContract` runs *inside* the browser (e2e.mjs hands it to `page.evaluate`, which sends
// its source), so it is self-contained: it imports the package from /pkg/ and reaches the
// simulator's control API on the page's own origin. `kind` picks the journal:
//   "indexeddb": the package's IndexedDbJournal (Web Locks);
//   "lease":     IndexedDbJournal with Web Locks hidden (its IndexedDB lease fallback);
//   "object":    a journal the page writes itself (a Map, with a claim of its own).
// Resolves with `{ passed: [names], failed: [{ name, error }] }`.
export async function journalContract({ kind }) {
  const pkg = await import("/pkg/index.js");
  await pkg.default();
  const { Collector, IndexedDbJournal, RecaudoError } = pkg;
  const origin = `${location.origin}/`;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  let counter = 0;
  const unique = () => `${Date.now() % 10000000}${Math.floor(Math.random() * 1000)}${counter++}`;

  if (kind === "lease") {
    // Hide Web Locks for this page only (the property is the prototype's getter).
    Object.defineProperty(navigator, "locks", { value: undefined, configurable: true });
  }

  function objectJournal() {
    const entries = new Map();
    const tails = new Map();
    const key = (biller, receipt) => JSON.stringify([biller, receipt]);
    return {
      async save(biller, receipt, entry) { entries.set(key(biller, receipt), entry); },
      async get(biller, receipt) { return entries.get(key(biller, receipt)) ?? null; },
      async entries() { return [...entries.values()]; },
      async claim(biller, receipt) {
        const k = key(biller, receipt);
        const before = tails.get(k) ?? Promise.resolve();
        let release;
        const mine = new Promise((resolve) => { release = resolve; });
        const tail = before.then(() => mine);
        tails.set(k, tail);
        await before;
        return () => {
          release();
          if (tails.get(k) === tail) tails.delete(k);
        };
      },
    };
  }

  const makeJournal = () =>
    kind === "object" ? objectJournal() : new IndexedDbJournal(`recaudo-contract-${kind}-${unique()}`);

  function check(condition, message) {
    if (!condition) throw new Error(message);
  }

  async function control(method, path, body) {
    const response = await fetch(`${origin}_sim/${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    check(response.ok, `control ${path}: ${text}`);
    return text ? JSON.parse(text) : null;
  }

  const state = async (biller) => (await control("GET", "state"))[biller];
  const arm = (biller, endpoint, kind, extra = {}) =>
    control("POST", "faults", { biller, endpoint, kind, times: 1, ...extra });
  const connection = (path) => ({ baseUrl: `${origin}${path}`, timeoutMs: 2000, retryDelayMs: 10, settleDelayMs: 10 });

  const unicomer = (journal) =>
    Collector.connect({ biller: "unicomer", connection: connection("unicomer/"), username: "cajero@recaudo.test",
      password: "fake-password-123", commerce: "EMPTEST" }, { journal });
  const zoom = (journal) =>
    Collector.connect({ biller: "zoom", connection: connection("zoom/"), login: "recaudador@recaudo.test",
      password: "clave-de-prueba-123" }, { journal });

  async function unicomerDebt(balance) {
    const cliente = `09${unique().slice(-8)}`;
    const id = Number(unique().slice(-9));
    await control("POST", "unicomer/customers", { cliente, invoices: [{ id, balance }] });
    return String(id);
  }

  async function zoomGuide(amount) {
    const nroDoc = `3${unique().slice(-9)}`;
    await control("POST", "zoom/documents", { tipoDoc: 1, nroDoc, montodoc: amount });
    return `guide:${nroDoc}`;
  }

  const request = (debtId, amount, receipt) =>
    ({ debtId, amount, receipt, cashier: "CAJA1", location: "WEB" });
  const zoomRequest = (debtId, amount, receipt) => ({
    ...request(debtId, amount, receipt),
    payer: { id: "V-00000001", name: "CLIENTE DE PRUEBA", email: "cliente@example.test" },
    extra: { bank_account: "213" },
  });

  const count = (list, key, value) => (list ?? []).filter((p) => p[key] === value).length;

  async function rejection(promise) {
    try {
      await promise;
    } catch (e) {
      check(e instanceof RecaudoError, `a RecaudoError, not ${e}`);
      return e;
    }
    throw new Error("resolved; expected a rejection");
  }

  const scenarios = {
    async "save/load round trip"() {
      // The storage itself: text in, the same text out, one entry per biller and receipt.
      const raw = makeJournal();
      check(await raw.get("unicomer", "NONE") === null, "an unknown receipt is null");
      await raw.save("unicomer", "R-1", "first text");
      await raw.save("zoom", "R-1", "other biller");
      await raw.save("unicomer", "R-1", "second text");
      check(await raw.get("unicomer", "R-1") === "second text", "save replaces, get reads back");
      check(await raw.get("zoom", "R-1") === "other biller", "keyed by biller and receipt");
      check((await raw.entries()).length === 2, "entries lists each key once");

      // Through the collector: the intent and outcome as exact decimal text.
      const journal = makeJournal();
      const debt = await unicomerDebt("300.00");
      const receipt = `JC-RT-${unique()}`;
      const paid = await unicomer(journal).pay(request(debt, "12.30", receipt));
      check(paid.outcome === "confirmed", `paid: ${JSON.stringify(paid)}`);
      const text = await journal.get("unicomer", receipt);
      check(typeof text === "string", "the entry is text");
      check(text.includes('"amount":"12.30"'), `the amount as exact decimal text: ${text}`);
      check(text.includes('"status":"resolved"'), `resolved: ${text}`);
      check((await journal.entries()).length === 1, "one entry");

      // A new page over the same journal: the receipt is the payment's identity.
      const before = (await state("unicomer")).requests.registrarpago;
      const again = unicomer(journal);
      const second = await again.pay(request(debt, "12.30", receipt));
      check(second.reference.paymentId === paid.reference.paymentId, "the recorded outcome");
      check((await again.resume()).length === 0, "nothing in flight");
      check((await state("unicomer")).requests.registrarpago === before, "nothing sent again");
      const refused = await rejection(again.pay(request(debt, "99.00", receipt)));
      check(refused.code === "invalid_input", `another payment under the receipt: ${refused.code}`);
    },

    async "torn write is reported, never ignored"() {
      const journal = makeJournal();
      const debt = await unicomerDebt("80.00");
      const receipt = `JC-TORN-${unique()}`;
      const collector = unicomer(journal);
      await collector.pay(request(debt, "5.00", receipt));
      const text = await journal.get("unicomer", receipt);
      // The write cut short, as a crash mid-write or a bad adapter would leave it.
      await journal.save("unicomer", receipt, text.slice(0, Math.floor(text.length / 2)));
      const before = (await state("unicomer")).requests.registrarpago;
      const resumed = await rejection(unicomer(journal).resume());
      check(resumed.code === "storage", `resume: ${resumed.code} ${resumed.message}`);
      check(/corrupt/.test(resumed.message), resumed.message);
      const paid = await rejection(unicomer(journal).pay(request(debt, "5.00", receipt)));
      check(paid.code === "storage", `pay: ${paid.code} ${paid.message}`);
      check(paid.mayHaveReachedBiller === false, "nothing sent");
      check((await state("unicomer")).requests.registrarpago === before, "nothing sent");
    },

    async "concurrent claim of one receipt serialises"() {
      const journal = makeJournal();
      const first = await journal.claim("zoom", "C-1");
      let granted = false;
      const second = journal.claim("zoom", "C-1").then((release) => { granted = true; return release; });
      const other = await Promise.race([journal.claim("zoom", "C-2"), sleep(3000).then(() => null)]);
      check(other !== null, "another receipt is not blocked");
      other();
      await sleep(300);
      check(!granted, "a second claim is granted only once the first is released");
      first();
      (await second)();
      check(granted, "granted after the release");

      // Two pages paying one receipt at once over one journal: one send at the biller.
      const debt = await zoomGuide("500.00");
      const receipt = `JC${unique()}`;
      await arm("zoom", "createPagoWs", "delay", { delay_ms: 800 });
      const before = (await state("zoom")).requests.createPagoWs;
      const [a, b] = await Promise.all([
        zoom(journal).pay(zoomRequest(debt, "10.00", receipt)),
        zoom(journal).pay(zoomRequest(debt, "10.00", receipt)),
      ]);
      check(a.outcome === "confirmed" && b.outcome === "confirmed", `${a.outcome} ${b.outcome}`);
      check(a.reference.paymentId === b.reference.paymentId, "one payment");
      const zoomState = await state("zoom");
      check(zoomState.requests.createPagoWs - before === 1, `sends: ${zoomState.requests.createPagoWs - before}`);
      check(count(zoomState.payments, "referencia", receipt) === 1, "one payment at the biller");
    },

    async "unsaved outcome is surfaced and resumed"() {
      const journal = makeJournal();
      // The outcome's write fails (storage full, say); the intent and send count were written.
      const failing = {
        save: (biller, receipt, entry) => entry.includes('"status":"resolved"')
          ? Promise.reject(new Error("quota exceeded")) : journal.save(biller, receipt, entry),
        get: (biller, receipt) => journal.get(biller, receipt),
        entries: () => journal.entries(),
        claim: (biller, receipt) => journal.claim(biller, receipt),
      };
      const debt = await unicomerDebt("90.00");
      const receipt = `JC-UNSAVED-${unique()}`;
      const paid = await unicomer(failing).pay(request(debt, "7.70", receipt));
      check(paid.outcome === "confirmed", `paid: ${paid.outcome}`);
      check(typeof paid.unsaved === "string" && paid.unsaved.includes("quota exceeded"),
        `unsaved: ${paid.unsaved}`);
      check((await journal.get("unicomer", receipt)).includes('"status":"in_flight"'), "still in flight");
      // The next page settles it from the biller, without sending it again.
      const [resumed, ...rest] = await unicomer(journal).resume();
      check(rest.length === 0 && resumed.receipt === receipt, "one payment resumed");
      check(resumed.error === null && resumed.result.outcome === "confirmed",
        `resumed: ${JSON.stringify(resumed.result)} ${resumed.error}`);
      check(resumed.result.sends === 1, `sends: ${resumed.result.sends}`);
      check((await journal.get("unicomer", receipt)).includes('"status":"resolved"'), "recorded");
      check(count((await state("unicomer")).payments, "num_recibo", receipt) === 1, "paid once");

      // A journal that cannot record the intent: nothing is sent.
      const broken = { ...failing, save: () => Promise.reject(new Error("read-only")) };
      const before = (await state("unicomer")).requests.registrarpago;
      const refused = await rejection(unicomer(broken).pay(request(debt, "1.00", `JC-RO-${unique()}`)));
      check(refused.code === "storage" && refused.mayHaveReachedBiller === false, refused.message);
      check((await state("unicomer")).requests.registrarpago === before, "nothing sent");
    },
  };

  const passed = [];
  const failed = [];
  for (const [name, run] of Object.entries(scenarios)) {
    try {
      await run();
      passed.push(name);
    } catch (e) {
      failed.push({ name, error: String(e?.stack ?? e) });
    }
  }
  return { passed, failed };
}
