// One casing on the JS surface: the core's types serialize their fields in snake_case (the
// CLI's `--json` and the payment journal keep that contract), while JS code expects camelCase,
// as the options already are. Results are renamed on the way out, requests on the way in.
// The values of `details` and `extra` are maps of the biller's own fields: their keys are data
// and pass verbatim.
const VERBATIM = new Set(["details", "extra"]);

function rename(value, key) {
  if (Array.isArray(value)) return value.map((v) => rename(v, key));
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [name, v] of Object.entries(value)) {
    out[key(name)] = VERBATIM.has(name) ? v : rename(v, key);
  }
  return out;
}

/** A result as JS sees it: `debt_id` becomes `debtId`. */
export function camelKeys(value) {
  return rename(value, (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()));
}

/** A request as the core reads it: `debtId` becomes `debt_id` (snake_case keys pass as they are). */
export function snakeKeys(value) {
  return rename(value, (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}
