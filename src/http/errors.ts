import { DocumentInputError } from '../documents/index.js';
import { APICallError } from '@ai-sdk/provider';
import { ChatInputError, NotFoundError } from '../chat/index.js';
import { ImportFormatError, MemoryInputError } from '../memory/index.js';
import { AllCandidatesFailedError, CircuitOpenError, ModelTimeoutError, NoModelConfiguredError, UnknownModelError } from '../models/index.js';
import { AuthError, ForbiddenError, UserInputError } from '../users/index.js';

/** Raised by routes for a malformed or invalid request body (HTTP 400 unless told). */
export class RequestError extends Error {
  readonly code: string;
  readonly status: 400 | 404 | 413 | 415;
  readonly param: string | null;
  constructor(message: string, options: { code?: string; status?: 400 | 404 | 413 | 415; param?: string | null } = {}) {
    super(message);
    this.name = 'RequestError';
    this.code = options.code ?? 'invalid_request';
    this.status = options.status ?? 400;
    this.param = options.param ?? null;
  }
}

/** An error as the edge reports it: the one place that maps error classes to HTTP statuses. */
export interface HttpError {
  status: number;
  code: string;
  message: string;
  /** OpenAI's error `type`. */
  type: string;
  param: string | null;
  retryAfter?: string;
}

/** An error's body on /v1, in OpenAI's shape, with the request id to quote in a report. */
export function openAIErrorBody(http: HttpError, requestId: string) {
  return { error: { message: http.message, type: http.type, param: http.param, code: http.code, request_id: requestId } };
}

/** Maps any error to its HTTP status and a message safe to show. Unknown errors become 500 with no internals. */
export function toHttpError(error: unknown): HttpError {
  const base = { param: null as string | null };
  if (error instanceof RequestError) return { status: error.status, code: error.code, message: error.message, type: 'invalid_request_error', param: error.param };
  if (error instanceof UnknownModelError) return { ...base, status: 404, code: error.code, message: error.message, type: 'invalid_request_error', param: 'model' };
  if (error instanceof NotFoundError) return { ...base, status: 404, code: error.code, message: error.message, type: 'invalid_request_error' };
  if (error instanceof ChatInputError) return { ...base, status: error.status, code: error.code, message: error.message, type: 'invalid_request_error' };
  if (error instanceof DocumentInputError) return { ...base, status: error.status, code: error.code, message: error.message, type: 'invalid_request_error' };
  if (error instanceof MemoryInputError || error instanceof ImportFormatError) return { ...base, status: 400, code: error.code, message: error.message, type: 'invalid_request_error' };
  if (error instanceof UserInputError) return { ...base, status: error.status, code: error.code, message: error.message, type: 'invalid_request_error' };
  if (error instanceof AuthError) return { ...base, status: 401, code: error.code, message: error.message, type: 'authentication_error' };
  if (error instanceof ForbiddenError) return { ...base, status: 403, code: error.code, message: error.message, type: 'permission_error' };
  if (error instanceof NoModelConfiguredError) return { ...base, status: 503, code: error.code, message: error.message, type: 'server_error' };
  if (error instanceof AllCandidatesFailedError) {
    // The status of the last failure tells the client what kind of trouble it was; the message lists every attempt.
    const last = error.cause === undefined ? null : toHttpError(error.cause);
    return { ...base, ...(last ?? { status: 502, code: 'upstream_error', type: 'server_error' }), message: error.message };
  }
  if (error instanceof CircuitOpenError) {
    return { ...base, status: 503, code: 'upstream_unavailable', message: `The model provider is failing, so Redline is not calling it for now (${error.key}); try again after ${new Date(error.retryAt).toISOString()}.`, type: 'server_error', retryAfter: String(Math.max(1, Math.ceil((error.retryAt - Date.now()) / 1000))) };
  }
  if (error instanceof ModelTimeoutError) return { ...base, status: 504, code: 'upstream_timeout', message: error.message, type: 'server_error' };
  if (APICallError.isInstance(error)) return upstreamHttpError(error);
  if (error instanceof Error && error.name === 'TimeoutError') {
    return { ...base, status: 504, code: 'upstream_timeout', message: 'The model provider did not answer in time.', type: 'server_error' };
  }
  if (error instanceof Error && /InvalidResponseData|JSONParse|TypeValidation|EmptyResponseBody/.test(error.name)) {
    return { ...base, status: 502, code: 'upstream_invalid_response', message: `The model provider sent an invalid response: ${error.message}`, type: 'server_error' };
  }
  if (error instanceof Error && (error as { code?: unknown }).code === 'local_model_unavailable') {
    return { ...base, status: 503, code: 'local_model_unavailable', message: error.message, type: 'server_error' };
  }
  return { ...base, status: 500, code: 'internal_error', message: 'Internal server error.', type: 'server_error' };
}

function upstreamHttpError(error: APICallError): HttpError {
  const status = error.statusCode;
  const detail = upstreamDetail(error);
  const base = { param: null, type: 'server_error' };
  if (status === undefined) return { ...base, status: 503, code: 'upstream_unreachable', message: `Could not reach the model provider: ${detail}` };
  if (status === 404) return { ...base, status: 404, code: 'model_not_found', message: `The model provider does not know this model: ${detail}`, type: 'invalid_request_error' };
  if (status === 429) {
    return { ...base, status: 429, code: 'rate_limit_exceeded', message: `The model provider is rate-limiting requests: ${detail}`, type: 'rate_limit_error', retryAfter: error.responseHeaders?.['retry-after'] };
  }
  if (status === 400 || status === 413 || status === 422) return { ...base, status: 400, code: 'upstream_rejected', message: `The model provider rejected the request: ${detail}`, type: 'invalid_request_error' };
  if (status === 408 || status === 504) return { ...base, status: 504, code: 'upstream_timeout', message: `The model provider timed out: ${detail}` };
  if (status === 503) return { ...base, status: 503, code: 'upstream_unavailable', message: `The model provider is unavailable: ${detail}` };
  return { ...base, status: 502, code: 'upstream_error', message: `The model provider failed (${status}): ${detail}` };
}

function upstreamDetail(error: APICallError): string {
  const body = error.responseBody;
  if (body) {
    try {
      const parsed = JSON.parse(body) as { error?: { message?: unknown } | string };
      const message = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message;
      if (typeof message === 'string') return message;
    } catch {
      return body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200) || error.message;
    }
  }
  const cause = error.cause as NodeJS.ErrnoException | undefined;
  return cause?.code ? `${cause.message} (${cause.code})` : error.message;
}
