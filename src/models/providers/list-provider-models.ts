import type { ProviderConfig } from '../../config/index.js';

/** Models we offer when a hosted provider cannot be asked (no list endpoint reachable). */
const knownModels: Partial<Record<ProviderConfig['kind'], string[]>> = {
  openai: ['gpt-4.1-mini', 'gpt-4.1', 'gpt-4o-mini', 'gpt-4o', 'o4-mini'],
  anthropic: ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'],
  google: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite'],
};

/**
 * Lists a provider's models: its static list when configured, else its list endpoint within
 * `timeoutMs` (a slow provider must never hold up the model picker), else the known defaults.
 */
export async function listProviderModels(provider: ProviderConfig, timeoutMs: number): Promise<ProviderModelList> {
  if (provider.models) return { ids: Array.isArray(provider.models) ? provider.models : Object.keys(provider.models), complete: true };
  switch (provider.kind) {
    case 'openai':
    case 'openai-compatible':
      return { ids: await fetchOpenAIModels(provider, `${(provider.baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/, '')}/models`, timeoutMs), complete: provider.kind === 'openai-compatible' };
    case 'ollama':
      return { ids: await fetchOpenAIModels(provider, `${provider.baseURL}/v1/models`, timeoutMs), complete: true };
    case 'anthropic':
    case 'google':
    case 'local':
      return { ids: knownModels[provider.kind] ?? [], complete: false };
  }
}

/** A provider's models; `complete` when the list is the provider's own (so anything else is unknown). */
export interface ProviderModelList {
  ids: string[];
  complete: boolean;
}

async function fetchOpenAIModels(provider: ProviderConfig, url: string, timeoutMs: number): Promise<string[]> {
  const headers: Record<string, string> = { ...provider.headers };
  if (provider.apiKey) headers.authorization = `Bearer ${provider.apiKey}`;
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const body = (await response.json()) as { data?: { id?: unknown }[] };
  const ids = (body.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
  return ids.length > 0 || provider.kind !== 'openai' ? ids.sort() : (knownModels.openai ?? []);
}

/** True when an Ollama server answers at `baseURL` within the timeout. */
export async function probeOllama(baseURL: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`${baseURL}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok;
  } catch {
    return false;
  }
}
