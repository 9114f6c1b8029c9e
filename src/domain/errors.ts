/**
 * Typed errors with stable codes. Thrown anywhere, turned into a message, an exit code
 * or an HTTP answer in one place (the CLI entry and the web error handler).
 */
export class PaperboyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PaperboyError';
  }
}

/** Input a user or a source gave us that we cannot accept. */
export class InvalidInputError extends PaperboyError {
  constructor(message: string, code = 'invalid_input') {
    super(code, message);
    this.name = 'InvalidInputError';
  }
}

/** A remote service answered with something we cannot use (after retries). */
export class UpstreamError extends PaperboyError {
  constructor(
    message: string,
    readonly status?: number,
    code = 'upstream_error',
  ) {
    super(code, message);
    this.name = 'UpstreamError';
  }
}
