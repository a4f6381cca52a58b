import { defaultBreakerPolicy, type BreakerPolicy } from './circuit-breaker.js';
import { defaultHedgePolicy, type HedgePolicy } from './with-hedging.js';
import { defaultContinuationPolicy, type ContinuationPolicy } from './with-continuation.js';
import { defaultRetryPolicy, type RetryPolicy } from './with-retry.js';
import { defaultTimeoutPolicy, type TimeoutPolicy } from './with-timeouts.js';

/** Every knob of the resilience layer, in one object (the config file's `resilience` section). */
export interface ResiliencePolicy {
  retry: RetryPolicy;
  timeouts: TimeoutPolicy;
  breaker: BreakerPolicy;
  hedge: HedgePolicy;
  continuation: ContinuationPolicy;
}

/** A policy with any field left out; see `resolvePolicy`. */
export type ResiliencePolicyInput = { [K in keyof ResiliencePolicy]?: Partial<ResiliencePolicy[K]> };

/**
 * The defaults: 2 retries (250 ms base, 4 s cap, Retry-After honoured up to 10 s); 30 s to first token,
 * 30 s of silence, 600 s in all; circuits open after 5 consecutive failures or ≥ 50 % of ≥ 10 recent
 * calls, for 10 s; hedging off (p90 of time to first token, ≥ 50 ms, 1 s until 20 samples);
 * up to 2 continuations.
 */
export const defaultResiliencePolicy: ResiliencePolicy = {
  retry: defaultRetryPolicy,
  timeouts: defaultTimeoutPolicy,
  breaker: defaultBreakerPolicy,
  hedge: defaultHedgePolicy,
  continuation: defaultContinuationPolicy,
};

/** Fills a partial policy from the defaults, section by section (undefined fields keep the default). */
export function resolvePolicy(input: ResiliencePolicyInput = {}): ResiliencePolicy {
  return {
    retry: merge(defaultResiliencePolicy.retry, input.retry),
    timeouts: merge(defaultResiliencePolicy.timeouts, input.timeouts),
    breaker: merge(defaultResiliencePolicy.breaker, input.breaker),
    hedge: merge(defaultResiliencePolicy.hedge, input.hedge),
    continuation: merge(defaultResiliencePolicy.continuation, input.continuation),
  };
}

function merge<T extends object>(defaults: T, override: Partial<T> | undefined): T {
  const out = { ...defaults };
  if (override) for (const [key, value] of Object.entries(override)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}
