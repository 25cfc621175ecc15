// The declarations are precise: each line marked @ts-expect-error must be a type error, or
// tsc fails ("unused @ts-expect-error"). Checked with example.ts by `cargo xtask wasm-test`.
import {
  Collector,
  IndexedDbJournal,
  RecaudoError,
  type BillerOptions,
  type PaymentRequest,
  type PaymentResult,
  type RecaudoJournal,
  type Resumed,
} from "../pkg/index.js";

export function amountsAreStrings(debtId: string): PaymentRequest {
  return {
    debtId,
    // @ts-expect-error an amount is a decimal string, never a number
    amount: 25.5,
    receipt: "R-1",
    cashier: "C",
    location: "L",
  };
}

export function outcomesAreClosed(result: PaymentResult): boolean {
  // @ts-expect-error there is no "paid" outcome
  return result.outcome === "paid";
}

export function codesAreClosed(e: RecaudoError): boolean {
  // @ts-expect-error no such error code
  return e.code === "bogus";
}

export function optionsAreChecked(): Collector {
  // @ts-expect-error Unicomer needs a commerce
  return Collector.connect({ biller: "unicomer", connection: { baseUrl: "https://x.example/" }, username: "u", password: "p" });
}

export function billersAreClosed(): Collector {
  // @ts-expect-error no such biller
  return Collector.connect({ biller: "nobody", connection: { baseUrl: "https://x.example/" } });
}

export function optionsFollowTheirBiller(): Collector {
  // @ts-expect-error Zoom's settings are a login and password, not Unicomer's username
  return Collector.connect({ biller: "zoom", connection: { baseUrl: "https://x.example/" }, username: "u", password: "p" });
}

export function billerOptionsAreOneType(options: BillerOptions): Collector {
  return Collector.connect(options, { journal: new IndexedDbJournal() });
}

export async function resultsAreTyped(c: Collector): Promise<string> {
  const statement = await c.lookup("1");
  // @ts-expect-error amounts in results are strings too
  const n: number = statement.debts[0].amountDue.amount;
  return String(n);
}

export function journalsAreChecked(): RecaudoJournal {
  // @ts-expect-error a journal must list its entries
  return { save: async () => {}, get: async () => null };
}

export function entriesAreText(): RecaudoJournal {
  return {
    save: async () => {},
    // @ts-expect-error an entry is JSON text, never a parsed object
    get: async () => ({ amount: "1.00" }),
    entries: async () => [],
  };
}

export function resumedIsTyped(r: Resumed): string {
  // @ts-expect-error the result may be null (the payment could not be settled yet)
  return r.result.outcome;
}

export function resultsAreCamelCase(r: PaymentResult): string | null {
  // @ts-expect-error one casing on the JS surface: paymentId, never payment_id
  const snake: string | null = r.reference.payment_id;
  return snake ?? r.reference.paymentId;
}

export function requestsAreCamelCase(): PaymentRequest {
  // @ts-expect-error a request names its debt debtId, as results do
  return { debt_id: "1", amount: "1.00", receipt: "R-1", cashier: "C", location: "L" };
}
