import type { ProviderConfig } from '../../config/index.js';
import { definedOnly, type BreakerRegistry, type LatencyRegistry, type ResilienceEvents, type ResiliencePolicy, type TimeoutPolicy } from '../resilience/index.js';

/** Provider kinds that speak OpenAI's chat-completions wire, so a /v1 request can go out as it came in. */
const WIRE_KINDS = new Set<ProviderConfig['kind']>(['openai', 'openai-compatible', 'ollama']);

/** One upstream of a relay: where to send the request and which model name to put in it. */
export interface RelayTarget {
  /** "provider:model": the breaker and latency key, as in the resilience layer. */
  id: string;
  /** The upstream's chat-completions URL. */
  url: URL;
  headers: Record<string, string>;
  /** The model name the upstream knows. */
  model: string;
  timeouts: TimeoutPolicy;
}

/** A fallback chain the relay can serve, with the policy and shared health of the resilience layer. */
export interface RelayRoute {
  targets: RelayTarget[];
  policy: ResiliencePolicy;
  breakers: BreakerRegistry;
  latency: LatencyRegistry;
  events?: ResilienceEvents;
  /** Whether, and how often per request, a stream that breaks after output is continued on the full model path. */
  continuation: { enabled: boolean; max: number };
}

/** The relay target for one provider model, or null when the provider does not speak the wire (or is load-balanced). */
export function relayTarget(provider: ProviderConfig, link: { ref: string; modelId: string; timeouts: TimeoutPolicy }): RelayTarget | null {
  const { ref, modelId, timeouts } = link;
  if (!WIRE_KINDS.has(provider.kind) || provider.endpoints?.length) return null;
  const base = provider.kind === 'ollama' ? `${provider.baseURL?.replace(/\/+$/, '')}/v1` : (provider.baseURL ?? (provider.kind === 'openai' ? 'https://api.openai.com/v1' : undefined));
  if (!base) return null;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream', ...provider.headers };
  if (provider.apiKey && provider.kind !== 'ollama') headers.authorization = `Bearer ${provider.apiKey}`;
  return { id: ref, url: new URL(`${base.replace(/\/+$/, '')}/chat/completions`), headers, model: modelId, timeouts: { ...timeouts, ...definedOnly(provider.timeouts) } };
}
