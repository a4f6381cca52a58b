/** Authentication failed: missing or wrong credentials (HTTP 401). */
export class AuthError extends Error {
  readonly code: string;
  constructor(message: string, code = 'invalid_credentials') {
    super(message);
    this.name = 'AuthError';
    this.code = code;
  }
}

/** The signed-in user may not do this (HTTP 403). */
export class ForbiddenError extends Error {
  readonly code = 'forbidden';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}
