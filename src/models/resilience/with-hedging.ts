import type { LanguageModelV3 } from '@ai-sdk/provider';
import { hedgeThreshold, type HedgeThresholdPolicy, type LatencyRegistry } from './latency-tracker.js';
import { runCandidates } from './run-candidates.js';
import type { Candidate } from './types.js';
import { candidatesModel, type FallbackOptions } from './with-fallback.js';

export interface HedgePolicy extends HedgeThresholdPolicy {
  enabled: boolean;
}

export const defaultHedgePolicy: HedgePolicy = { enabled: false, minSamples: 20, floorMs: 50, defaultMs: 1000, quantile: 0.9 };

export interface HedgingOptions extends FallbackOptions {
  /** Time-to-first-token samples per candidate id (filled by `withObservation`). */
  latency: LatencyRegistry;
  policy?: Partial<HedgeThresholdPolicy>;
}

/**
 * Fallback with one hedge: the first healthy candidate is started; if it has no content part after
 * its own p90 time to first token (floored; a default until there are enough samples), the same
 * request is started on the next candidate. The first to produce content wins and the other is
 * aborted (its AbortSignal fires and its stream is cancelled). At most one hedge per request; when a
 * candidate fails before output, the next starts at once, as in `withFallback`.
 *
 * @example withHedging(candidates, { latency, policy: { defaultMs: 800 } })
 */
export function withHedging(candidates: Candidate[], options: HedgingOptions): LanguageModelV3 {
  const policy: HedgeThresholdPolicy = { ...defaultHedgePolicy, ...options.policy };
  const thresholdMs = (id: string) => hedgeThreshold(options.latency.get(id), policy);
  return candidatesModel(candidates, options, (ordered, callOptions) =>
    runCandidates({ candidates: ordered, callOptions, events: options.events, hedge: { thresholdMs } }),
  );
}
