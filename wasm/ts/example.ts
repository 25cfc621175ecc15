// A checkout page's use of recaudo, type-checked by `cargo xtask wasm-test` (tsc --strict)
// against the built package in wasm/pkg. Production set-up: the page talks to the merchant's
// backend, which holds the biller credentials; the page sends only its own session.
import init, {
  Collector,
  IndexedDbJournal,
  RecaudoError,
  type Debt,
  type PaymentRequest,
  type PaymentResult,
  type RecaudoErrorCode,
  type RecaudoJournal,
  type Resumed,
} from "../pkg/index.js";

async function sessionHeaders(): Promise<Record<string, string>> {
  return { "x-merchant-session": "the page's own session id" };
}

export async function checkout(customer: string, receipt: string): Promise<string> {
  await init();
  const collector = Collector.connect(
    {
      // The biller is data: `biller` picks it, the rest are its own settings. The merchant
      // backend forwards to Unicomer with the real credentials.
      biller: "unicomer",
      connection: { baseUrl: "https://merchant.example/recaudo/unicomer/", timeoutMs: 15000 },
      username: "via-backend",
      password: "via-backend",
      commerce: "EMPTEST",
    },
    // Every payment is written here before it is sent; it outlives a reload.
    { headers: sessionHeaders, journal: new IndexedDbJournal() },
  );
  try {
    const statement = await collector.lookup(customer);
    const debt: Debt | undefined = statement.debts[0];
    if (debt === undefined) return `${statement.customer.name} owes nothing`;
    const request: PaymentRequest = {
      debtId: debt.debtId,
      amount: debt.amountDue.amount, // a decimal string, never a number
      receipt,
      cashier: "WEB",
      location: "CHECKOUT",
      balance: debt.balance.amount,
    };
    const result: PaymentResult = await collector.pay(request);
    switch (result.outcome) {
      case "confirmed":
        return `paid ${result.reference.amount} ${result.currency}, id ${result.reference.paymentId ?? "pending"}`;
      case "rejected":
        return `refused: ${result.rejection?.message ?? "no reason given"}`;
      case "needs_review":
        return `needs review: ${result.evidence.map((e) => e.detail).join("; ")}`;
    }
  } catch (e) {
    if (e instanceof RecaudoError) {
      const code: RecaudoErrorCode = e.code;
      if (code === "timeout" || e.mayHaveReachedBiller) {
        return "no answer in time: check the payment's status before trying again";
      }
      return `${code}${e.billerCode ? ` (${e.billerCode})` : ""}: ${e.message} [HTTP ${e.httpStatus ?? "-"}]`;
    }
    throw e;
  } finally {
    collector.free();
  }
}

/** On page load: settle what an earlier visit of this page left in flight, and say so. */
export async function onLoad(collector: Collector): Promise<string[]> {
  const done: Resumed[] = await collector.resume();
  return done.map(({ receipt, result, error }) => {
    if (error !== null) return `${receipt}: not checked yet (${error.code})`;
    if (result === null) return `${receipt}: nothing known`;
    return result.outcome === "confirmed"
      ? `a payment from your last visit was confirmed: ${result.reference.amount} ${result.currency}`
      : `${receipt}: ${result.outcome}`;
  });
}

/** A journal of the page's own (here over the app's storage API): any object with these methods. */
export function appJournal(store: {
  put(key: string, text: string): Promise<void>;
  read(key: string): Promise<string | undefined>;
  all(): Promise<string[]>;
}): RecaudoJournal {
  const key = (biller: string, receipt: string) => `${biller}/${receipt}`;
  return {
    save: (biller, receipt, entry) => store.put(key(biller, receipt), entry),
    get: async (biller, receipt) => (await store.read(key(biller, receipt))) ?? null,
    entries: () => store.all(),
  };
}
