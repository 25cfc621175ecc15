// The default payment journal of the browser package: IndexedDB, in plain JS (it adds nothing
// to the .wasm). A `Collector` given one writes each payment here before sending it, so that
// `resume()` on the next page load settles a payment a reloaded or closed page left in flight.
//
// - One object store, `entries`, keyed by [biller, receipt]; each record holds the entry's JSON
//   text exactly as recaudo wrote it (never parsed here: amounts stay decimal text).
// - `save` is one readwrite transaction with `durability: "strict"` and resolves on its
//   `complete` event, once the entry is on disk: recaudo sends the payment only after that.
// - `claim` is the payment's lock across tabs: a Web Lock (`navigator.locks`) named after the
//   database, biller and receipt, held until released or until the page holding it goes away.
//   Where Web Locks are missing (browsers before 2022, pages that are not a secure context) it
//   falls back to a lease in the `leases` store, taken in a readwrite transaction (IndexedDB runs
//   those one at a time), renewed while held, and taken over once expired (a closed tab's).
const STORE = "entries";
const LEASES = "leases";
const LEASE_MS = 10000;
const RETRY_MS = 100;

const done = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

const committed = (tx) =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("the journal's transaction was aborted"));
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class IndexedDbJournal {
  /** `name`: the IndexedDB database (one per journal; pages sharing it share payments). */
  constructor(name = "recaudo-journal") {
    this.name = name;
    this.db = null;
  }

  open() {
    if (!this.db) {
      const request = indexedDB.open(this.name, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: ["biller", "receipt"] });
        request.result.createObjectStore(LEASES);
      };
      this.db = done(request).then((db) => {
        // Another page upgrading or deleting the database: let it, and reopen on the next call.
        db.onversionchange = () => this.close();
        db.onclose = () => { this.db = null; };
        return db;
      });
      this.db.catch(() => { this.db = null; });
    }
    return this.db;
  }

  async tx(store, mode) {
    const db = await this.open();
    return db.transaction(store, mode, { durability: "strict" });
  }

  async save(biller, receipt, entry) {
    const tx = await this.tx(STORE, "readwrite");
    tx.objectStore(STORE).put({ biller, receipt, entry });
    await committed(tx);
  }

  async get(biller, receipt) {
    const tx = await this.tx(STORE, "readonly");
    const record = await done(tx.objectStore(STORE).get([biller, receipt]));
    return record === undefined ? null : record.entry;
  }

  async entries() {
    const tx = await this.tx(STORE, "readonly");
    return (await done(tx.objectStore(STORE).getAll())).map((record) => record.entry);
  }

  claim(biller, receipt) {
    const name = `recaudo-journal:${this.name}:${biller}:${receipt}`;
    const locks = globalThis.navigator?.locks;
    if (!locks) return this.lease(name);
    return new Promise((granted, failed) => {
      locks
        .request(name, () => new Promise((release) => granted(() => release())))
        .catch(failed);
    });
  }

  /** The fallback lock: a lease record, taken only when absent or expired. */
  async lease(name) {
    const owner = `${Date.now()}-${Math.random()}`;
    const take = async () => {
      const tx = await this.tx(LEASES, "readwrite");
      const leases = tx.objectStore(LEASES);
      const held = await done(leases.get(name));
      const free = held === undefined || held.owner === owner || held.until < Date.now();
      if (free) leases.put({ owner, until: Date.now() + LEASE_MS }, name);
      await committed(tx);
      return free;
    };
    while (!(await take())) await sleep(RETRY_MS);
    const renew = setInterval(() => take().catch(() => {}), LEASE_MS / 3);
    return () => {
      clearInterval(renew);
      this.tx(LEASES, "readwrite")
        .then(async (tx) => {
          const leases = tx.objectStore(LEASES);
          if ((await done(leases.get(name)))?.owner === owner) leases.delete(name);
        })
        .catch(() => {});
    };
  }

  /** Closes the database connection (it reopens on the next call). */
  close() {
    this.db?.then((db) => db.close(), () => {});
    this.db = null;
  }
}
