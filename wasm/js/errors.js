// The error every recaudo promise rejects with. Built by the wasm module from the core's error:
// `code` is the stable machine-readable code; the biller's own code and message are kept
// verbatim; nothing in it ever holds a credential.
export class RecaudoError extends Error {
  constructor(message, code, billerCode, billerMessage, httpStatus, mayHaveReachedBiller) {
    super(message);
    this.name = "RecaudoError";
    this.code = code;
    this.billerCode = billerCode;
    this.billerMessage = billerMessage;
    this.httpStatus = httpStatus;
    this.mayHaveReachedBiller = mayHaveReachedBiller;
  }
}
