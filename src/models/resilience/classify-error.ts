import { APICallError } from '@ai-sdk/provider';
import { CircuitOpenError, ModelTimeoutError } from './errors.js';

/** Why an error happened, as far as resilience decisions go. */
export type ErrorKind = 'rate_limit' | 'server' | 'network' | 'timeout' | 'circuit_open' | 'abort' | 'client' | 'content_filter' | 'unknown';

export interface ErrorClassification {
  kind: ErrorKind;
  /** Another attempt (same model after a pause, or another candidate) may succeed. */
  retryable: boolean;
  status?: number;
  /** From `retry-after-ms` / `Retry-After`, when the provider sent one. */
  retryAfterMs?: number;
}

const RETRYABLE_STATUS = new Set([408, 409, 429]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ConnectionRefused',
  'ConnectionClosed',
  'FailedToOpenSocket',
]);
const NETWORK_MESSAGES = /^(fetch failed|failed to fetch|terminated|socket hang up|other side closed)$/i;
const CONTENT_FILTER = /content[_ -]?(filter|policy|management)|responsible ?ai policy/i;

/**
 * Decides whether an error is worth another attempt: 408/409/429/5xx, dropped connections and our own
 * timeouts and open circuits are; 4xx client errors, content-filter refusals and aborts are not.
 * Walks `cause` chains, since network failures arrive wrapped (APICallError → TypeError → SocketError).
 *
 * @example classifyError(new APICallError({ message: 'busy', url, requestBodyValues: {}, statusCode: 429 })).retryable // true
 */
export function classifyError(error: unknown): ErrorClassification {
  const seen = new Set<unknown>();
  let current: unknown = error;
  let fallback: ErrorClassification = { kind: 'unknown', retryable: false };
  for (let depth = 0; current != null && depth < 10 && !seen.has(current); depth++) {
    seen.add(current);
    const found = classifyOne(current);
    if (found === 'continue') {
      current = (current as { cause?: unknown }).cause;
      continue;
    }
    if (found.kind !== 'unknown') return found;
    fallback = found;
    current = (current as { cause?: unknown }).cause;
  }
  return fallback;
}

/** Shorthand for `classifyError(error).retryable`. */
export function isRetryableError(error: unknown): boolean {
  return classifyError(error).retryable;
}

function classifyOne(error: unknown): ErrorClassification | 'continue' {
  if (error instanceof ModelTimeoutError) return { kind: 'timeout', retryable: true };
  if (error instanceof CircuitOpenError) return { kind: 'circuit_open', retryable: true };
  if (APICallError.isInstance(error)) return classifyApiCall(error);
  if (typeof error !== 'object') return 'continue';
  const e = error as { name?: unknown; code?: unknown; message?: unknown; retryable?: unknown };
  if (e.name === 'AbortError' || e.name === 'ResponseAborted') return { kind: 'abort', retryable: false };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return { kind: 'network', retryable: true };
  if (typeof e.message === 'string' && NETWORK_MESSAGES.test(e.message)) return { kind: 'network', retryable: true };
  // Our own error classes say it themselves (e.g. AllCandidatesFailedError).
  if (typeof e.retryable === 'boolean' && typeof e.code === 'string') return { kind: e.retryable ? 'server' : 'client', retryable: e.retryable };
  return 'continue';
}

function classifyApiCall(error: APICallError): ErrorClassification | 'continue' {
  const status = error.statusCode;
  const retryAfterMs = parseRetryAfter(error.responseHeaders);
  if (status === undefined) {
    // No response: a network failure, described further down the cause chain.
    return error.isRetryable ? { kind: 'network', retryable: true } : 'continue';
  }
  if (CONTENT_FILTER.test(error.responseBody ?? '') && status < 500) return { kind: 'content_filter', retryable: false, status };
  if (status === 429) return { kind: 'rate_limit', retryable: true, status, retryAfterMs };
  if (RETRYABLE_STATUS.has(status) || status >= 500) return { kind: 'server', retryable: true, status, retryAfterMs };
  if (status >= 400) return { kind: 'client', retryable: false, status };
  return { kind: error.isRetryable ? 'server' : 'unknown', retryable: error.isRetryable, status, retryAfterMs };
}

/**
 * Milliseconds to wait from `retry-after-ms` (OpenAI, Azure) or `Retry-After` (seconds or an HTTP date).
 * Header names are matched case-insensitively; undefined when absent or unparseable.
 */
export function parseRetryAfter(headers: Record<string, string | undefined> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  let ms: string | undefined;
  let seconds: string | undefined;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'retry-after-ms') ms = value;
    else if (lower === 'retry-after') seconds = value;
  }
  if (ms !== undefined) {
    const parsed = Number(ms.trim());
    if (ms.trim() !== '' && Number.isFinite(parsed) && parsed >= 0) return parsed;
  }
  if (seconds === undefined) return undefined;
  const trimmed = seconds.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
