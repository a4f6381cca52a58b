import type { LanguageModelV3 } from '@ai-sdk/provider';
import { generateWithCandidates, runCandidates } from './run-candidates.js';
import type { Candidate, ResilienceEvents } from './types.js';

export interface FallbackOptions {
  /** The returned model's modelId (an alias, say); defaults to the candidate ids joined by "|". */
  modelId?: string;
  events?: ResilienceEvents;
  /** Candidates reported unhealthy (an open circuit) are tried last, after the healthy ones. */
  isHealthy?: (id: string) => boolean;
}

/**
 * Tries candidates in order until one produces output. A candidate that fails before its first
 * content part with a retryable error (429, 5xx, network, timeout, open circuit) hands over to the
 * next, with its call options mapped by `mapOptions`; a non-retryable error (400, 401…) is thrown
 * as is. The stream names the candidate that answered: a `response-metadata` part with
 * `modelId` = its id, and `providerMetadata.redline = { provider, attempts }` on the finish part.
 *
 * @example withFallback([{ id: 'openai:gpt-4o', model: a }, { id: 'anthropic:claude-sonnet-4', model: b, mapOptions: mapOptionsFor('anthropic') }])
 */
export function withFallback(candidates: Candidate[], options: FallbackOptions = {}): LanguageModelV3 {
  return candidatesModel(candidates, options, (ordered, callOptions) => runCandidates({ candidates: ordered, callOptions, events: options.events }));
}

/** A model over several candidates; `stream` decides how they are run. */
export function candidatesModel(
  candidates: Candidate[],
  options: FallbackOptions,
  stream: (ordered: Candidate[], callOptions: Parameters<LanguageModelV3['doStream']>[0]) => ReturnType<LanguageModelV3['doStream']>,
): LanguageModelV3 {
  const ordered = () => (options.isHealthy ? healthyFirst(candidates, options.isHealthy) : candidates);
  return {
    specificationVersion: 'v3',
    provider: 'redline',
    modelId: options.modelId ?? candidates.map((c) => c.id).join('|'),
    // Not every candidate downloads URLs itself: let the caller inline files.
    supportedUrls: {},
    doGenerate: (callOptions) => generateWithCandidates({ candidates: ordered(), callOptions, events: options.events }),
    doStream: (callOptions) => stream(ordered(), callOptions),
  };
}

/** Candidates reported unhealthy move to the end, each group in its own order. */
export function healthyFirst<T extends { id: string }>(candidates: T[], isHealthy: (id: string) => boolean): T[] {
  const healthy: T[] = [];
  const unhealthy: T[] = [];
  for (const candidate of candidates) (isHealthy(candidate.id) ? healthy : unhealthy).push(candidate);
  return unhealthy.length === 0 ? candidates : [...healthy, ...unhealthy];
}
