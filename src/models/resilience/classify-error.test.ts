import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { classifyError, parseRetryAfter } from './classify-error.js';
import { AllCandidatesFailedError, CircuitOpenError, ModelTimeoutError } from './errors.js';
import { apiError, networkError, terminated } from './testing.js';

describe('classifyError', () => {
  it.each([408, 409, 429, 500, 502, 503, 504, 529])('retries HTTP %i', (status) => {
    expect(classifyError(apiError(status))).toMatchObject({ retryable: true, status });
  });

  it.each([400, 401, 403, 404, 413, 422])('never retries HTTP %i', (status) => {
    expect(classifyError(apiError(status))).toMatchObject({ retryable: false, kind: 'client', status });
  });

  it('ignores an upstream isRetryable that contradicts a client status', () => {
    const error = new APICallError({ message: 'bad', url: 'u', requestBodyValues: {}, statusCode: 400, isRetryable: true });
    expect(classifyError(error).retryable).toBe(false);
  });

  it('does not retry content-filter refusals', () => {
    const error = new APICallError({
      message: 'filtered',
      url: 'u',
      requestBodyValues: {},
      statusCode: 429,
      responseBody: '{"error":{"code":"content_filter","message":"The response was filtered"}}',
    });
    expect(classifyError(error)).toMatchObject({ kind: 'content_filter', retryable: false });
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'UND_ERR_SOCKET', 'EPIPE', 'ETIMEDOUT'])('retries %s, found down the cause chain', (code) => {
    expect(classifyError(networkError(code))).toMatchObject({ kind: 'network', retryable: true });
    const bare = new Error('wrapped', { cause: new Error('deeper', { cause: Object.assign(new Error('x'), { code }) }) });
    expect(classifyError(bare)).toMatchObject({ kind: 'network', retryable: true });
  });

  it('retries "fetch failed" and "terminated" (a socket closed mid-body)', () => {
    expect(classifyError(new TypeError('fetch failed')).retryable).toBe(true);
    expect(classifyError(terminated()).retryable).toBe(true);
  });

  it('retries our own timeouts and open circuits; not aborts', () => {
    expect(classifyError(new ModelTimeoutError({ phase: 'first-token', timeoutMs: 1 }))).toMatchObject({ kind: 'timeout', retryable: true });
    expect(classifyError(new CircuitOpenError({ key: 'a:b', retryAt: 0 }))).toMatchObject({ kind: 'circuit_open', retryable: true });
    expect(classifyError(new DOMException('aborted', 'AbortError'))).toMatchObject({ kind: 'abort', retryable: false });
  });

  it('reads our own error classes and is safe on junk and cycles', () => {
    expect(classifyError(new AllCandidatesFailedError([{ id: 'a', error: apiError(503) }], true)).retryable).toBe(true);
    expect(classifyError('boom')).toEqual({ kind: 'unknown', retryable: false });
    expect(classifyError(undefined).retryable).toBe(false);
    const a: { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(classifyError(a).retryable).toBe(false);
  });

  it('carries Retry-After from the response headers', () => {
    expect(classifyError(apiError(429, { 'retry-after': '3' })).retryAfterMs).toBe(3000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads seconds, an HTTP date, and retry-after-ms (which wins)', () => {
    expect(parseRetryAfter({ 'Retry-After': '2' }, now)).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': '1.5' }, now)).toBe(1500);
    expect(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5000);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 31 Dec 2025 00:00:05 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': '30', 'retry-after-ms': '120' }, now)).toBe(120);
  });

  it('ignores absent and unparseable values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter({})).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': 'x', 'retry-after': '1' })).toBe(1000);
  });
});
