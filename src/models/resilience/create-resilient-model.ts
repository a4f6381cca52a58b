import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { ProviderKind } from '../../config/index.js';
import type { BreakerRegistry, CircuitBreaker } from './circuit-breaker.js';
import type { LatencyRegistry } from './latency-tracker.js';
import { mapOptionsFor } from './map-options.js';
import { resolvePolicy, type ResiliencePolicyInput } from './policy.js';
import type { Candidate, MapCallOptions, ResilienceEvents } from './types.js';
import { withCircuitBreaker } from './with-circuit-breaker.js';
import { withContinuation } from './with-continuation.js';
import { withFallback } from './with-fallback.js';
import { withHedging } from './with-hedging.js';
import { withLoadBalancing, type Endpoint } from './with-load-balancing.js';
import { withObservation } from './with-observation.js';
import { withRetry } from './with-retry.js';
import { withTimeouts, type TimeoutPolicy } from './with-timeouts.js';

/** One entry of a fallback chain, as the registry resolves it. */
export interface ResilientCandidate {
  /** "provider:model": breaker key, latency key, and what metadata and events report. */
  id: string;
  kind: ProviderKind;
  /** The provider's model; leave out when `endpoints` is given. */
  model?: LanguageModelV3;
  /** Several servers of the same model, load-balanced; each endpoint id is its own breaker key. */
  endpoints?: Endpoint[];
  /** Per-provider clocks over `policy.timeouts` (a local model may need longer to its first token). */
  timeouts?: Partial<TimeoutPolicy>;
  /** Overrides `mapOptionsFor(kind)`. */
  mapOptions?: MapCallOptions;
}

export interface CreateResilientModelOptions {
  candidates: ResilientCandidate[];
  /** The returned model's modelId (the alias or ref the caller asked for). */
  modelId?: string;
  policy?: ResiliencePolicyInput;
  /** Shared across models so every chain sees the same provider health. */
  breakers: BreakerRegistry;
  latency: LatencyRegistry;
  events?: ResilienceEvents;
  /** Test seams for retry backoff. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * Builds one model over a fallback chain with every resilience mechanism, innermost first:
 *
 * per candidate (per endpoint where there are several):
 *   1. timeouts: innermost, so each HTTP attempt has its own clocks and a timeout aborts exactly that
 *      request; the breaker then sees the timeout as a failure and retry as retryable.
 *   2. circuit breaker: counts every real attempt, retries included (each one is evidence about the
 *      provider), and fails fast without touching the network while open.
 *   (load balancing: across endpoints' breakers, so a retry can land on another server)
 *   3. retry: backoff on the same candidate for transient failures; stops at once on an open circuit
 *      or a Retry-After beyond its cap, so the chain moves on instead of waiting.
 *   4. observation: time to first token and outcome per candidate call (feeds hedging thresholds).
 * across candidates:
 *   5. fallback, or hedging when `policy.hedge.enabled`: only failures before output, with call
 *      options mapped per provider kind; candidates with open circuits are tried last.
 *   6. continuation: outermost, because only it sees breaks after output, and it continues on the
 *      per-candidate stacks above, so a continuation also has timeouts, a breaker and retries.
 *
 * @example
 * const model = createResilientModel({ candidates: [{ id: 'openai:gpt-4o', kind: 'openai', model }], breakers, latency, events });
 */
export function createResilientModel(options: CreateResilientModelOptions): LanguageModelV3 {
  const policy = resolvePolicy(options.policy);
  const { breakers, latency, events } = options;
  if (options.candidates.length === 0) throw new Error('createResilientModel needs at least one candidate.');
  const guards = new Map<string, CircuitBreaker[]>();

  const guard = (model: LanguageModelV3, key: string, timeouts: Partial<TimeoutPolicy> | undefined): LanguageModelV3 =>
    withCircuitBreaker(withTimeouts(model, { ...policy.timeouts, ...definedOnly(timeouts), id: key }), { breaker: breakers.get(key, policy.breaker) });

  const stacks: Candidate[] = options.candidates.map((candidate) => {
    let base: LanguageModelV3;
    if (candidate.endpoints?.length) {
      const endpoints = candidate.endpoints.map((e) => ({ ...e, model: guard(e.model, e.id, candidate.timeouts) }));
      guards.set(candidate.id, candidate.endpoints.map((e) => breakers.get(e.id, policy.breaker)));
      base = withLoadBalancing(endpoints, { modelId: candidate.id, isAvailable: (id) => breakers.get(id, policy.breaker).canRequest() });
    } else if (candidate.model) {
      base = guard(candidate.model, candidate.id, candidate.timeouts);
      guards.set(candidate.id, [breakers.get(candidate.id, policy.breaker)]);
    } else {
      throw new Error(`Candidate "${candidate.id}" needs a model or endpoints.`);
    }
    const retried = withRetry(base, { ...policy.retry, id: candidate.id, events, sleep: options.sleep, random: options.random });
    return {
      id: candidate.id,
      model: withObservation(retried, { id: candidate.id, events, latency }),
      mapOptions: candidate.mapOptions ?? mapOptionsFor(candidate.kind, candidate.id.slice(candidate.id.indexOf(':') + 1)),
    };
  });

  const isHealthy = (id: string) => guards.get(id)?.some((breaker) => breaker.canRequest()) ?? true;
  const across =
    policy.hedge.enabled && stacks.length > 1
      ? withHedging(stacks, { modelId: options.modelId, events, isHealthy, latency, policy: policy.hedge })
      : withFallback(stacks, { modelId: options.modelId, events, isHealthy });
  if (!policy.continuation.enabled) return across;
  return withContinuation(across, { candidates: stacks, maxContinuations: policy.continuation.maxContinuations, events });
}

/** The fields of `value` that are set, so spreading it over defaults keeps the defaults for the rest. */
export function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
