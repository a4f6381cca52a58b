import type { EmbeddingModelV3, LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import type { AliasConfig, ProviderConfig, ResilienceConfig } from '../config/index.js';
import { UnknownModelError } from './errors.js';
import { createEmbeddingModel } from './providers/create-embedding-model.js';
import { createLanguageModel } from './providers/create-language-model.js';
import { listProviderModels } from './providers/list-provider-models.js';
import type { LocalEngine } from './providers/local/index.js';
import { BreakerRegistry, createResilientModel, LatencyRegistry, resolvePolicy, type ResilienceEvents, type ResilientCandidate } from './resilience/index.js';
import { relayTarget, type RelayRoute } from './relay/index.js';
import { planCache } from './cache/cache-plan.js';
import { hotExactAnswer, withResponseCache, type CachedAnswer, type ResponseCache } from './cache/index.js';
import { createRouterModel, type Route } from './router/index.js';
import type { ModelInfo, ResolvedModel } from './types.js';

/** The model id that routes each turn to a fast or a strong model. */
export const AUTO = 'auto';

export interface ModelRegistryOptions {
  providers: ProviderConfig[];
  /** alias → fallback chain of "provider:model" refs, with its hedging and continuation switches. */
  aliases: Record<string, AliasConfig>;
  /** Targets of the `auto` model; `auto` is offered only when set. */
  router?: { fast: string; strong: string; reasoning?: string } | null;
  /** Called for each routing decision of `auto` (metrics). */
  onRoute?: (e: { route: Route; model: string; reason: string }) => void;
  /** Every model is served through the resilience layer, sharing provider health across chains. */
  resilience?: { policy: ResilienceConfig; breakers: BreakerRegistry; latency: LatencyRegistry; events?: ResilienceEvents };
  defaultModel: string | null;
  /** Exact and semantic response caches, outermost around every resolved model (callers opt in per call). */
  cache?: ResponseCache | null;
  /** The in-process engine, created on first use so servers without local models never load it. */
  localEngine: () => LocalEngine;
  /** Per-provider budget for listing models. */
  listTimeoutMs?: number;
  /** How long a provider's model list is reused before it is fetched again in the background. */
  listTtlMs?: number;
}

interface CachedList {
  ids: string[];
  complete: boolean;
  fetchedAt: number;
  refreshing: Promise<void> | null;
}

/** Resolves model ids ("provider:model", aliases, bare names) to AI SDK models, and lists what is available. */
export class ModelRegistry {
  private readonly providers = new Map<string, ProviderConfig>();
  /** Provider models by "provider:model" (and endpoint), and the resilient models built over them by requested id. */
  private readonly models = new Map<string, LanguageModelV3>();
  private readonly resilient = new Map<string, ResolvedModel>();
  /** The same models without the cache: the router's targets (the cache sits once, outside the router). */
  private readonly uncached = new Map<string, LanguageModelV3>();
  private readonly lists = new Map<string, CachedList>();
  /** Relay routes by requested id; null where the chain cannot be relayed. */
  private readonly relays = new Map<string, RelayRoute | null>();
  private readonly listTimeoutMs: number;
  private readonly listTtlMs: number;

  private readonly resilience: NonNullable<ModelRegistryOptions['resilience']>;

  constructor(private readonly options: ModelRegistryOptions) {
    this.resilience = options.resilience ?? { policy: {}, breakers: new BreakerRegistry(), latency: new LatencyRegistry() };
    for (const provider of options.providers) this.providers.set(provider.id, provider);
    this.listTimeoutMs = options.listTimeoutMs ?? 1500;
    this.listTtlMs = options.listTtlMs ?? 60_000;
  }

  /** Adds a provider found at run time (Ollama detected, local model downloaded). */
  addProvider(provider: ProviderConfig): void {
    this.providers.set(provider.id, provider);
    this.lists.delete(provider.id);
    for (const key of this.models.keys()) if (key.startsWith(`${provider.id}:`)) this.models.delete(key);
    this.resilient.clear();
    this.uncached.clear();
    this.relays.clear();
  }

  hasProviders(): boolean {
    return this.providers.size > 0;
  }

  providerList(): ProviderConfig[] {
    return [...this.providers.values()];
  }

  /**
   * Resolves an id to a callable model: an alias's fallback chain, or one "provider:model", always
   * wrapped in the resilience layer (timeouts, breaker, retry, continuation; fallback and hedging for
   * chains). Throws UnknownModelError (404) when nothing matches.
   */
  resolve(id: string): ResolvedModel {
    const cached = this.resilient.get(id);
    if (cached) return cached;
    if (id === AUTO && this.options.router) return this.resolveAuto(this.options.router);
    const alias = this.options.aliases[id];
    const refs = alias ? alias.models : [this.qualify(id)];
    const candidates = refs.flatMap((ref) => this.candidate(ref) ?? []);
    if (candidates.length === 0) throw new UnknownModelError(id, this.knownIds());
    const { policy, breakers, latency, events } = this.resilience;
    const model = createResilientModel({
      candidates,
      modelId: id,
      policy: {
        ...policy,
        hedge: { ...policy.hedge, ...(alias?.hedge !== undefined ? { enabled: alias.hedge } : {}) },
        continuation: { ...policy.continuation, ...(alias?.continuation !== undefined ? { enabled: alias.continuation } : {}) },
      },
      breakers,
      latency,
      events,
    });
    const first = candidates[0];
    const resolved: ResolvedModel = { id, ref: first.id, provider: first.id.slice(0, first.id.indexOf(':')), kind: first.kind, model: this.cached(model, alias ? id : refs[0]) };
    // Ids come from requests: bound the cache so arbitrary model names cannot grow it without limit.
    if (this.resilient.size >= 1000) {
      this.resilient.clear();
      this.uncached.clear();
    }
    this.resilient.set(id, resolved);
    this.uncached.set(id, model);
    return resolved;
  }

  /**
   * The byte relay for a streaming /v1 request to `id`, or null when the request needs the full model
   * path: `auto`, a hedged alias, a provider that does not speak OpenAI's wire or is load-balanced,
   * or a request the response cache would look up. The relay and the full path share breakers,
   * latency trackers and policy, so provider health is one picture.
   */
  relayRoute(id: string, callOptions: LanguageModelV3CallOptions): RelayRoute | null {
    const route = this.relayRouteOf(id);
    const cache = this.options.cache;
    if (!route || !cache) return route;
    const plan = planCache({ modelId: this.options.aliases[id] ? id : this.qualify(id), options: callOptions, settings: cache.settings });
    return plan.exact || plan.semantic ? null : route;
  }

  /**
   * The exact-cache answer to a call to `id` that this process holds in memory, for the /v1 fast path to
   * write without the model path; null when the full path must decide (see hotExactAnswer). Only ids the
   * relay takes come here, so the cache key's model id is the one `resolve` gives their cache.
   */
  hotCachedAnswer(id: string, callOptions: LanguageModelV3CallOptions): CachedAnswer | null {
    const cache = this.options.cache;
    return cache ? hotExactAnswer(cache, { modelId: this.options.aliases[id] ? id : this.qualify(id), options: callOptions }) : null;
  }

  /** Whether streams to `id` can take the byte relay at all, before any request's cache hints are known. */
  canRelay(id: string): boolean {
    return this.relayRouteOf(id) !== null;
  }

  private relayRouteOf(id: string): RelayRoute | null {
    let route = this.relays.get(id);
    if (route === undefined) {
      route = this.buildRelayRoute(id);
      // Ids come from requests: bounded like the resolved models.
      if (this.relays.size >= 1000) this.relays.clear();
      this.relays.set(id, route);
    }
    return route;
  }

  private buildRelayRoute(id: string): RelayRoute | null {
    if (id === AUTO && this.options.router) return null;
    const alias = this.options.aliases[id];
    const refs = alias ? alias.models : [this.qualify(id)];
    const { breakers, latency, events } = this.resilience;
    const policy = resolvePolicy(this.resilience.policy);
    const hedged = (alias?.hedge ?? policy.hedge.enabled) && refs.length > 1;
    if (hedged) return null;
    const targets = [];
    for (const ref of refs) {
      const colon = ref.indexOf(':');
      const provider = colon > 0 ? this.providers.get(ref.slice(0, colon)) : undefined;
      // A chain may name providers without keys: they are skipped, as resolve() skips them.
      if (!provider) continue;
      const target = relayTarget(provider, { ref, modelId: ref.slice(colon + 1), timeouts: policy.timeouts });
      if (!target) return null;
      targets.push(target);
    }
    if (targets.length === 0) return null;
    const continuation = { enabled: alias?.continuation ?? policy.continuation.enabled, max: policy.continuation.maxContinuations };
    return { targets, policy, breakers, latency, events, continuation };
  }

  /**
   * The embedding model for "provider:model" (memory's hybrid search). Throws UnknownModelError when
   * the provider is not configured, EmbeddingsUnsupportedError for a kind with no embeddings API.
   */
  embeddingModel(ref: string): EmbeddingModelV3 {
    const qualified = this.qualify(ref);
    const colon = qualified.indexOf(':');
    const provider = colon > 0 ? this.providers.get(qualified.slice(0, colon)) : undefined;
    if (!provider) throw new UnknownModelError(ref, [...this.providers.keys()].map((id) => `${id}:…`));
    return createEmbeddingModel(provider, qualified.slice(colon + 1), this.options.localEngine);
  }

  /** `auto`: a router over resilient models, itself cached like any other id. */
  private resolveAuto(router: { fast: string; strong: string; reasoning?: string }): ResolvedModel {
    const target = (id: string) => {
      const resolved = this.resolve(id);
      return { id: resolved.ref, model: this.uncached.get(resolved.id) ?? resolved.model };
    };
    const fast = this.resolve(router.fast);
    const model = createRouterModel(
      { fast: target(router.fast), strong: target(router.strong), reasoning: router.reasoning ? target(router.reasoning) : undefined },
      { onRoute: this.options.onRoute },
    );
    const resolved: ResolvedModel = { ...fast, id: AUTO, model: this.cached(model, AUTO) };
    this.resilient.set(AUTO, resolved);
    return resolved;
  }

  /** Keyed by the requested id once qualified, so "gpt-4o" and "openai:gpt-4o" share entries. */
  private cached(model: LanguageModelV3, modelId: string): LanguageModelV3 {
    return this.options.cache ? withResponseCache(model, { cache: this.options.cache, modelId }) : model;
  }

  /** One link of a chain; null when its provider is not configured (a chain may name providers without keys). */
  private candidate(ref: string): ResilientCandidate | null {
    const colon = ref.indexOf(':');
    const provider = colon > 0 ? this.providers.get(ref.slice(0, colon)) : undefined;
    if (!provider) return null;
    const modelId = ref.slice(colon + 1);
    const candidate: ResilientCandidate = { id: ref, kind: provider.kind, timeouts: provider.timeouts };
    if (provider.endpoints?.length) {
      candidate.endpoints = provider.endpoints.map((endpoint, index) => {
        const key = `${ref}@${endpoint.id ?? index + 1}`;
        const server: ProviderConfig = { ...provider, baseURL: endpoint.baseURL, apiKey: endpoint.apiKey ?? provider.apiKey, endpoints: undefined };
        return { id: key, model: this.providerModel(key, server, modelId), weight: endpoint.weight };
      });
    } else {
      candidate.model = this.providerModel(ref, provider, modelId);
    }
    return candidate;
  }

  private providerModel(key: string, provider: ProviderConfig, modelId: string): LanguageModelV3 {
    let model = this.models.get(key);
    if (!model) {
      model = createLanguageModel(provider, modelId, this.options.localEngine);
      this.models.set(key, model);
    }
    return model;
  }

  /**
   * Like resolve(), and also rejects a model its provider does not list, when the provider's list
   * is complete (fetched from it or configured): a typo is a 404 before anything is written.
   */
  async resolveListed(id: string): Promise<ResolvedModel> {
    if (!this.options.aliases[id] && !(id === AUTO && this.options.router)) {
      const ref = this.qualify(id);
      const colon = ref.indexOf(':');
      const provider = colon > 0 ? this.providers.get(ref.slice(0, colon)) : undefined;
      if (provider) {
        await this.providerModels(provider);
        const list = this.lists.get(provider.id);
        if (list?.complete && list.ids.length > 0 && !list.ids.includes(ref.slice(colon + 1))) throw new UnknownModelError(id, this.knownIds());
      }
    }
    return this.resolve(id);
  }

  /** All models of all providers plus the aliases; never waits longer than the listing budget. */
  async list(): Promise<ModelInfo[]> {
    const perProvider = await Promise.all([...this.providers.values()].map(async (p) => ({ provider: p, ids: await this.providerModels(p) })));
    const infos: ModelInfo[] = Object.keys(this.options.aliases).map((alias) => ({ id: alias, provider: 'alias', name: alias, kind: 'alias' }));
    if (this.options.router) infos.unshift({ id: AUTO, provider: 'alias', name: 'Auto (picks a model per message)', kind: 'alias' });
    for (const { provider, ids } of perProvider) {
      for (const name of ids) infos.push({ id: `${provider.id}:${name}`, provider: provider.id, name, kind: provider.kind });
    }
    return infos;
  }

  /** The configured default, else the first alias, else the first listed model. */
  async defaultModelId(): Promise<string | null> {
    if (this.options.defaultModel) return this.options.defaultModel;
    const first = (await this.list())[0];
    return first?.id ?? null;
  }

  /** Bare names ("gpt-4o") are accepted when one provider is configured or one provider lists them. */
  private qualify(id: string): string {
    const colon = id.indexOf(':');
    if (colon > 0 && this.providers.has(id.slice(0, colon))) return id;
    if (this.providers.size === 1) return `${[...this.providers.keys()][0]}:${id}`;
    for (const [providerId, list] of this.lists) if (list.ids.includes(id)) return `${providerId}:${id}`;
    return id;
  }

  private knownIds(): string[] {
    const ids = Object.keys(this.options.aliases);
    for (const [providerId, list] of this.lists) for (const name of list.ids) ids.push(`${providerId}:${name}`);
    return ids;
  }

  private async providerModels(provider: ProviderConfig): Promise<string[]> {
    const cached = this.lists.get(provider.id);
    if (cached) {
      // Stale-while-revalidate: the picker answers from the cache while a refresh runs.
      if (Date.now() - cached.fetchedAt > this.listTtlMs && !cached.refreshing) {
        cached.refreshing = this.fetchList(provider).then(() => undefined);
      }
      return cached.ids;
    }
    return this.fetchList(provider);
  }

  private async fetchList(provider: ProviderConfig): Promise<string[]> {
    const previous = this.lists.get(provider.id);
    let list: { ids: string[]; complete: boolean };
    try {
      list = await listProviderModels(provider, this.listTimeoutMs);
    } catch {
      // Unreachable now: keep what we knew, and do not reject models on the strength of an empty list.
      list = { ids: previous?.ids ?? [], complete: false };
    }
    this.lists.set(provider.id, { ...list, fetchedAt: Date.now(), refreshing: null });
    return list.ids;
  }
}
