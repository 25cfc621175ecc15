// Kept equal to recaudo-core's `ErrorCode` (both ways) by a test in wasm/src/error.rs.
/** The stable codes of {@link RecaudoError.code}. */
export type RecaudoErrorCode =
  | "invalid_input"
  | "invalid_amount"
  | "config"
  | "insecure_url"
  | "timeout"
  | "connect"
  | "network"
  | "auth"
  | "biller"
  | "http_status"
  | "decode"
  | "unsupported"
  | "storage"
  | "internal";

/** The error every recaudo promise rejects with. Never holds a credential. */
export declare class RecaudoError extends Error {
  readonly name: "RecaudoError";
  /** Stable machine-readable code. */
  readonly code: RecaudoErrorCode;
  /** The biller's own status or code, verbatim, when the biller answered with one. */
  readonly billerCode: string | null;
  /** The biller's own message, verbatim. */
  readonly billerMessage: string | null;
  /** The HTTP status, when there was a reply. */
  readonly httpStatus: number | null;
  /** False only when the request certainly did not reach the biller. */
  readonly mayHaveReachedBiller: boolean;
}
