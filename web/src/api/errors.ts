/** The server answered with an error status; carries the `{ error: { message, code } }` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly path: string;

  constructor(options: { message: string; status: number; code: string; path: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.path = options.path;
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

/** The request never got an answer (server down, connection dropped). */
export class NetworkError extends Error {
  readonly path: string;

  constructor(options: { path: string; cause: unknown }) {
    super(`Cannot reach the server (${describe(options.cause)})`, { cause: options.cause });
    this.name = 'NetworkError';
    this.path = options.path;
  }
}

/** The stream broke the SSE contract (bad JSON, unknown shape). */
export class StreamProtocolError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StreamProtocolError';
  }
}

/** An answer's stream ended without `done` or `error`: the connection closed early. */
export class StreamClosedError extends Error {
  constructor() {
    super('The answer stopped before it was complete (the connection closed early).');
    this.name = 'StreamClosedError';
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** A message fit for a banner, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function describe(cause: unknown): string {
  if (cause instanceof Error && cause.message) return cause.message;
  return 'network error';
}
