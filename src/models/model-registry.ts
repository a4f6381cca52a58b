import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { ProviderConfig } from '../config/index.js';
import { UnknownModelError } from './errors.js';
import { createLanguageModel } from './providers/create-language-model.js';
import { listProviderModels } from './providers/list-provider-models.js';
import type { LocalEngine } from './providers/local/index.js';
import type { ModelInfo, ResolvedModel } from './types.js';

export interface ModelRegistryOptions {
  providers: ProviderConfig[];
  /** alias → chain of "provider:model" refs; the first is used (fallback comes with the resilience layer). */
  aliases: Record<string, string[]>;
  defaultModel: string | null;
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
  private readonly models = new Map<string, LanguageModelV3>();
  private readonly lists = new Map<string, CachedList>();
  private readonly listTimeoutMs: number;
  private readonly listTtlMs: number;

  constructor(private readonly options: ModelRegistryOptions) {
    for (const provider of options.providers) this.providers.set(provider.id, provider);
    this.listTimeoutMs = options.listTimeoutMs ?? 1500;
    this.listTtlMs = options.listTtlMs ?? 60_000;
  }

  /** Adds a provider found at run time (Ollama detected, local model downloaded). */
  addProvider(provider: ProviderConfig): void {
    this.providers.set(provider.id, provider);
    this.lists.delete(provider.id);
    for (const key of this.models.keys()) if (key.startsWith(`${provider.id}:`)) this.models.delete(key);
  }

  hasProviders(): boolean {
    return this.providers.size > 0;
  }

  providerList(): ProviderConfig[] {
    return [...this.providers.values()];
  }

  /** Resolves an id to a callable model; throws UnknownModelError (404) when nothing matches. */
  resolve(id: string): ResolvedModel {
    const alias = this.options.aliases[id];
    const ref = alias ? alias[0] : this.qualify(id);
    const colon = ref.indexOf(':');
    const provider = colon > 0 ? this.providers.get(ref.slice(0, colon)) : undefined;
    if (!provider) throw new UnknownModelError(id, this.knownIds());
    const modelId = ref.slice(colon + 1);
    let model = this.models.get(ref);
    if (!model) {
      model = createLanguageModel(provider, modelId, this.options.localEngine);
      this.models.set(ref, model);
    }
    return { id, ref, provider: provider.id, kind: provider.kind, model };
  }

  /**
   * Like resolve(), and also rejects a model its provider does not list, when the provider's list
   * is complete (fetched from it or configured): a typo is a 404 before anything is written.
   */
  async resolveListed(id: string): Promise<ResolvedModel> {
    const resolved = this.resolve(id);
    const provider = this.providers.get(resolved.provider);
    if (provider) await this.providerModels(provider);
    const list = this.lists.get(resolved.provider);
    const modelId = resolved.ref.slice(resolved.provider.length + 1);
    if (list?.complete && list.ids.length > 0 && !list.ids.includes(modelId)) throw new UnknownModelError(id, this.knownIds());
    return resolved;
  }

  /** All models of all providers plus the aliases; never waits longer than the listing budget. */
  async list(): Promise<ModelInfo[]> {
    const perProvider = await Promise.all([...this.providers.values()].map(async (p) => ({ provider: p, ids: await this.providerModels(p) })));
    const infos: ModelInfo[] = Object.keys(this.options.aliases).map((alias) => ({ id: alias, provider: 'alias', name: alias, kind: 'alias' }));
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
