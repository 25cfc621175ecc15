// A TypeScript consumer of the installed package, checked by `tsc` under moduleResolution
// `bundler`, `node16` and `nodenext` (cargo xtask wasm-test): the full entry and a biller's
// subpath resolve with their own declarations, every relative import in them included.
import init, {
  Collector,
  IndexedDbJournal,
  RecaudoError,
  type BillerOptions,
  type PaymentRequest,
  type PaymentResult,
  type RecaudoErrorCode,
  type Statement,
} from "recaudo";
import initUnicomer, { Collector as UnicomerCollector } from "recaudo/unicomer";

export async function payFirstDebt(options: BillerOptions, customer: string): Promise<string> {
  await init();
  const collector = Collector.connect(options, { journal: new IndexedDbJournal() });
  try {
    const statement: Statement = await collector.lookup(customer);
    const debt = statement.debts[0];
    if (debt === undefined) return "nothing owed";
    const request: PaymentRequest = {
      debtId: debt.debtId,
      amount: debt.amountDue.amount,
      receipt: "WEB-1",
      cashier: "WEB",
      location: "CHECKOUT",
    };
    const result: PaymentResult = await collector.pay(request);
    return result.outcome === "confirmed" ? (result.reference.paymentId ?? "pending") : result.outcome;
  } catch (e) {
    if (e instanceof RecaudoError) {
      const code: RecaudoErrorCode = e.code;
      return code;
    }
    throw e;
  }
}

export async function unicomerOnly(): Promise<string> {
  await initUnicomer();
  const collector = UnicomerCollector.connect({
    biller: "unicomer",
    connection: { baseUrl: "https://merchant.example/recaudo/unicomer/" },
    username: "via-backend",
    password: "via-backend",
    commerce: "EMPTEST",
  });
  return collector.biller;
}

export function subpathHoldsOneBiller(): void {
  // @ts-expect-error recaudo/unicomer declares Unicomer's options only
  UnicomerCollector.connect({ biller: "zoom", connection: { baseUrl: "https://x.example/" }, login: "l", password: "p" });
}

export async function unicomerServices(collector: UnicomerCollector, date: string): Promise<number> {
  // A biller's subpath has that biller's services object, its reply narrowed by the request.
  const services = collector.unicomer();
  if (services === null) return 0;
  const reply = await services.call({ service: "reconciliation", date });
  return reply.records.length;
}

export function subpathHoldsOneBillersServices(collector: UnicomerCollector): void {
  // @ts-expect-error recaudo/unicomer has no other biller's services
  void collector.zoom();
}
