import type { ServerResponse } from 'node:http';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { cacheHintFromHeaders } from './cache-hints.js';
import type { ChatCompletionRequest } from './request-schema.js';
import { toCallOptions } from './to-call-options.js';

export interface ChatCaller {
  userId: string;
  headers: Pick<Headers, 'get'>;
  /** On Node: the response, whose close before its end means the client left. */
  outgoing?: ServerResponse;
  /** Elsewhere: the request's signal. */
  signal?: AbortSignal;
}

/**
 * The model call one /v1 chat request makes: its options, with the caller's cache hint, and the
 * abort that fires when the client leaves. On Node the response's close says so directly; the
 * request's web signal would cost an AbortController and a listener on every request.
 */
export function chatCall(body: ChatCompletionRequest, caller: ChatCaller): { options: LanguageModelV3CallOptions; abort: AbortController } {
  const abort = new AbortController();
  const { outgoing, signal } = caller;
  if (outgoing) {
    // Gone already (while the body was read or the key checked): its close event has fired.
    if (outgoing.destroyed) abort.abort();
    else outgoing.once('close', () => outgoing.writableFinished || abort.abort());
  } else {
    signal?.addEventListener('abort', () => abort.abort(), { once: true });
  }
  const options = toCallOptions(body, abort.signal);
  // The cache is scoped to the caller; the model layer knows users only as this id.
  options.providerOptions = { ...options.providerOptions, redline: { ...options.providerOptions?.redline, cache: cacheHintFromHeaders(caller.headers, caller.userId) } };
  return { options, abort };
}
