/** Which clock ran out: before the first content part, between parts, or for the whole call. */
export type TimeoutPhase = 'first-token' | 'idle' | 'total';

/** A model call ran out of time; the underlying request has been aborted. Retryable: another attempt may be faster. */
export class ModelTimeoutError extends Error {
  readonly code = 'timeout';
  readonly retryable = true;
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;
  /** The candidate ("provider:model") that timed out, when known. */
  readonly provider: string | undefined;

  constructor(options: { phase: TimeoutPhase; timeoutMs: number; provider?: string }) {
    const what = options.phase === 'first-token' ? 'no first token' : options.phase === 'idle' ? 'the stream went silent' : 'the call took too long';
    super(`Model timeout (${options.phase}): ${what} within ${options.timeoutMs} ms${options.provider ? ` from ${options.provider}` : ''}.`);
    this.name = 'ModelTimeoutError';
    this.phase = options.phase;
    this.timeoutMs = options.timeoutMs;
    this.provider = options.provider;
  }
}

/** The circuit for `key` is open (or its one probe is in flight): the call failed without touching the network. */
export class CircuitOpenError extends Error {
  readonly code = 'circuit_open';
  /** Retryable in the sense that another candidate may answer; retrying this key now is pointless. */
  readonly retryable = true;
  readonly key: string;
  /** Epoch ms after which a probe will be let through. */
  readonly retryAt: number;

  constructor(options: { key: string; retryAt: number }) {
    super(`The circuit for ${options.key} is open; next attempt after ${new Date(options.retryAt).toISOString()}.`);
    this.name = 'CircuitOpenError';
    this.key = options.key;
    this.retryAt = options.retryAt;
  }
}

/** Every candidate of a fallback chain failed before producing output. `cause` is the last error. */
export class AllCandidatesFailedError extends Error {
  readonly code = 'all_candidates_failed';
  readonly retryable: boolean;
  readonly attempts: { id: string; error: unknown }[];

  constructor(attempts: { id: string; error: unknown }[], retryable: boolean) {
    const summary = attempts.map((a) => `${a.id}: ${errorSummary(a.error)}`).join('; ');
    super(`All ${attempts.length} model candidates failed (${summary}).`, { cause: attempts.at(-1)?.error });
    this.name = 'AllCandidatesFailedError';
    this.attempts = attempts;
    this.retryable = retryable;
  }
}

/** A short, single-line description of an error for logs and metadata ("HTTP 503", "timeout (first-token)"). */
export function errorSummary(error: unknown): string {
  if (error instanceof ModelTimeoutError) return `timeout (${error.phase})`;
  if (error instanceof CircuitOpenError) return 'circuit open';
  if (error && typeof error === 'object') {
    const e = error as { statusCode?: unknown; code?: unknown; name?: unknown; message?: unknown };
    if (typeof e.statusCode === 'number') return `HTTP ${e.statusCode}`;
    const label = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'error';
    const message = typeof e.message === 'string' ? e.message : '';
    return message ? `${label}: ${message.slice(0, 120)}` : label;
  }
  return String(error).slice(0, 120);
}
