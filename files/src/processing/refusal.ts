export type RefusalStatus = 400 | 403 | 404 | 413 | 415 | 422;

/** Why an upload (or a request about a file) was refused, with the status and code clients act on. */
export class FileRefused extends Error {
  readonly statusCode: RefusalStatus;
  readonly code: string;
  /** The request field at fault, when one is. */
  readonly field: string | undefined;

  constructor(statusCode: RefusalStatus, code: string, message: string, field?: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.field = field;
  }
}
