import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { classifyError } from './classify-error.js';
import { CircuitOpenError } from './errors.js';
import { abortReason, openUntilContent, relayStream, sleep as defaultSleep, wrapModel } from './stream-utils.js';
import type { ResilienceEvents } from './types.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Backoff: a random delay in [0, min(maxDelayMs, baseDelayMs · 2^retry)) ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A provider's Retry-After is honoured up to this; longer, and the error is passed on so fallback can act. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 4000, maxRetryAfterMs: 10_000 };

export interface RetryOptions extends Partial<RetryPolicy> {
  /** Reported in onRetry ("provider:model"). */
  id?: string;
  events?: Pick<ResilienceEvents, 'onRetry'>;
  /** Test seams. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * Retries a model call that fails before producing output with a retryable error (429, 5xx, a dropped
 * connection, a timeout), with exponential backoff and full jitter, honouring Retry-After. Once the
 * stream has produced a content part, errors pass through untouched (continuation deals with them).
 * An open circuit is not retried: the same key would fail again, fallback should act instead.
 * Never retries after the caller's signal aborted, and the pause between attempts is abortable.
 *
 * @example withRetry(model, { maxRetries: 3, events: { onRetry: (e) => log.info(e, 'retry') } })
 */
export function withRetry(model: LanguageModelV3, options: RetryOptions = {}): LanguageModelV3 {
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? defaultRetryPolicy.maxRetries,
    baseDelayMs: options.baseDelayMs ?? defaultRetryPolicy.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? defaultRetryPolicy.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? defaultRetryPolicy.maxRetryAfterMs,
  };
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const id = options.id ?? `${model.provider}:${model.modelId}`;

  async function run<T>(callOptions: LanguageModelV3CallOptions, attempt: () => Promise<T>): Promise<T> {
    const signal = callOptions.abortSignal;
    let previous: unknown;
    for (let retry = 0; ; retry++) {
      if (signal?.aborted) throw abortReason(signal);
      try {
        return await attempt();
      } catch (error) {
        if (signal?.aborted) throw error;
        const delayMs = retryDelay(error, { retry, policy, random });
        // The circuit opened on our own failures: the provider's error says more than "circuit open".
        if (delayMs === undefined) throw previous !== undefined && error instanceof CircuitOpenError ? previous : error;
        previous = error;
        options.events?.onRetry?.({ id, attempt: retry + 1, delayMs, error });
        await sleep(delayMs, signal);
      }
    }
  }

  return wrapModel(model, {
    doGenerate: (callOptions) => run(callOptions, () => Promise.resolve(model.doGenerate(callOptions))),
    doStream: (callOptions) =>
      run(callOptions, async () => {
        const opened = await openUntilContent(model, callOptions);
        return { ...opened.result, stream: relayStream(opened) };
      }),
  });
}

/** The pause before retry number `retry + 1`, or undefined when the error must be passed on. */
export function retryDelay(error: unknown, ctx: { retry: number; policy: RetryPolicy; random: () => number }): number | undefined {
  const { retry, policy } = ctx;
  if (retry >= policy.maxRetries) return undefined;
  const { retryable, kind, retryAfterMs } = classifyError(error);
  if (!retryable || kind === 'circuit_open') return undefined;
  if (retryAfterMs !== undefined) return retryAfterMs > policy.maxRetryAfterMs ? undefined : retryAfterMs;
  return Math.floor(ctx.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry));
}
