import type { RecaudoJournal } from "./recaudo_wasm.js";

/**
 * The package's payment journal in IndexedDB (plain JS: nothing added to the .wasm). Give it to
 * a `Collector` (`{ journal: new IndexedDbJournal() }`) and call `collector.resume()` on page
 * load: a payment that a reloaded or closed page left in flight is then settled, never paid
 * again under a new receipt.
 *
 * Each `save` is a committed, `durability: "strict"` transaction before it resolves; `claim`
 * is a Web Lock per receipt (an IndexedDB lease where Web Locks are missing), so two tabs
 * paying one receipt never both send it.
 */
export declare class IndexedDbJournal implements RecaudoJournal {
  /** `name`: the IndexedDB database, `"recaudo-journal"` by default. */
  constructor(name?: string);
  readonly name: string;
  save(biller: string, receipt: string, entry: string): Promise<void>;
  get(biller: string, receipt: string): Promise<string | null>;
  entries(): Promise<string[]>;
  claim(biller: string, receipt: string): Promise<() => void>;
  /** Closes the database connection; the next call reopens it. */
  close(): void;
}
