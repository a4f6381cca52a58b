import { APICallError } from '@ai-sdk/provider';
import { AllCandidatesFailedError, CircuitOpenError, ModelTimeoutError } from '../models/index.js';

/** A short, user-readable description of why the model failed, with a stable code. */
export function describeModelError(error: unknown): { message: string; code: string } {
  if (error instanceof AllCandidatesFailedError) {
    const last = error.cause === undefined ? null : describeModelError(error.cause);
    return { message: error.attempts.length > 1 ? `Every model in the chain failed. ${error.message}` : (last?.message ?? error.message), code: last?.code ?? 'upstream_error' };
  }
  if (error instanceof CircuitOpenError) return { message: `The model provider keeps failing, so Redline paused calls to it (${error.key}). Try again shortly or pick another model.`, code: 'upstream_unavailable' };
  if (error instanceof ModelTimeoutError) return { message: `The model took too long to answer (${error.message}).`, code: 'upstream_timeout' };
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const detail = upstreamMessage(error.responseBody) ?? error.message;
    if (status === 429) return { message: `The model provider is rate-limiting requests (429): ${detail}`, code: 'upstream_rate_limited' };
    if (status === 401 || status === 403) return { message: `The model provider rejected Redline's credentials (${status}): ${detail}`, code: 'upstream_auth' };
    if (status) return { message: `The model provider answered ${status}: ${detail}`, code: 'upstream_error' };
    return { message: `Could not reach the model provider: ${causeMessage(error)}`, code: 'upstream_unreachable' };
  }
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return { message: 'The model took too long to answer.', code: 'upstream_timeout' };
    if (error.name === 'AI_InvalidResponseDataError' || error.name === 'AI_JSONParseError' || error.name === 'AI_TypeValidationError') {
      return { message: `The model provider sent an invalid response: ${error.message}`, code: 'upstream_invalid_response' };
    }
    if ((error as { code?: unknown }).code === 'model_not_found') return { message: error.message, code: 'model_not_found' };
    return { message: `The model failed: ${causeMessage(error)}`, code: (error as { code?: string }).code ?? 'model_error' };
  }
  return { message: `The model failed: ${String(error)}`, code: 'model_error' };
}

function upstreamMessage(body: string | undefined): string | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON (an HTML error page, say): show its start.
  }
  const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 200) : null;
}

function causeMessage(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${cause.message} (${code})` : cause.message;
  }
  return error.message;
}
