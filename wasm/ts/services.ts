// A checkout page's use of a biller's own services, type-checked by `cargo xtask wasm-test`
// (tsc --strict) against the built package in wasm/pkg: Zoom's pay button (card payment through
// the bank's page) and its payment records. Each reply is narrowed by its `service` tag, from
// the request's tag (no cast) or by a `switch` on a reply of the whole union.
import {
  Collector,
  type PaymentRequest,
  type ZoomServiceReply,
  type ZoomServices,
} from "../pkg/index.js";

/** Opens a card payment and answers the bank's page to send the customer to. */
export async function startCardPayment(
  collector: Collector,
  payment: PaymentRequest,
  returnUrl: string,
): Promise<string> {
  const zoom: ZoomServices | null = collector.zoom();
  if (zoom === null) throw new Error(`card payment is Zoom's; this collector is ${collector.biller}'s`);
  const reply = await zoom.call({ service: "button_start", payment, returnUrl });
  // Narrowed from the request's tag: the reply is `button_start`'s.
  const service: "button_start" = reply.service;
  // @ts-expect-error: `outcome` belongs to `button_complete`'s reply, not this one
  void reply.outcome;
  return `${service}: control ${reply.checkout.control}, ${reply.checkout.amount.amount} ${reply.checkout.amount.currency}: ${reply.checkout.pageUrl}`;
}

/** Back from the bank's page: what the customer is told. */
export async function finishCardPayment(collector: Collector, receipt: string): Promise<string> {
  const zoom = collector.zoom();
  if (zoom === null) return "not a Zoom collector";
  const { outcome } = await zoom.call({ service: "button_complete", receipt });
  switch (outcome.state) {
    case "paid":
      return `paid: ${outcome.result?.reference.amount ?? "?"} ${outcome.result?.currency ?? ""}`;
    case "declined":
      return `declined by the bank: ${outcome.detail}`;
    case "pending":
      // The customer may still be at the bank's page, or left it: ask, or abandon.
      return (await zoom.call({ service: "button_abandon", receipt })).outcome.state;
    case "abandoned":
      return "abandoned: nothing was charged";
  }
}

/** Any of Zoom's replies, narrowed by `switch` on its tag. */
export function describe(reply: ZoomServiceReply): string {
  switch (reply.service) {
    case "payment_records":
      return reply.records.map((r) => `${r.paymentId} ${r.reference} ${r.amount.amount}`).join("\n");
    case "button_start":
      return reply.checkout.pageUrl;
    case "button_complete":
    case "button_abandon":
      return `${reply.outcome.receipt}: ${reply.outcome.state}`;
  }
}

/** Zoom's payment records for a receipt, and what another biller's object refuses to type. */
export async function records(collector: Collector, receipt: string): Promise<string> {
  const zoom = collector.zoom();
  if (zoom === null) return "";
  // @ts-expect-error: Zoom's services take Zoom's requests only
  void collector.unicomer()?.call({ service: "payment_records", query: {} });
  // @ts-expect-error: a request names its service
  void zoom.call({ receipt });
  return describe(await zoom.call({ service: "payment_records", query: { reference: receipt } }));
}
