import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import type { ProviderConfig } from '../../config/index.js';
import type { LocalEngine } from './local/index.js';

/** Raised when a provider kind has no embeddings endpoint (Anthropic offers none). */
export class EmbeddingsUnsupportedError extends Error {
  readonly code = 'embeddings_unsupported';
  constructor(readonly provider: string, readonly kind: string) {
    super(`The provider "${provider}" (${kind}) cannot embed text: use an openai, openai-compatible, ollama, google or local provider for memory.embeddingModel.`);
    this.name = 'EmbeddingsUnsupportedError';
  }
}

/** Builds the AI SDK embedding model for one provider and model id, with the same official packages as chat. */
export function createEmbeddingModel(provider: ProviderConfig, modelId: string, local: () => LocalEngine): EmbeddingModelV3 {
  switch (provider.kind) {
    case 'openai':
      return createOpenAI({ apiKey: provider.apiKey, baseURL: provider.baseURL, headers: provider.headers }).embeddingModel(modelId);
    case 'openai-compatible':
      return createOpenAICompatible({ name: provider.id, baseURL: baseURL(provider), apiKey: provider.apiKey, headers: provider.headers }).embeddingModel(modelId);
    case 'ollama':
      // Ollama serves OpenAI's /v1/embeddings next to its chat endpoint.
      return createOpenAICompatible({ name: provider.id, baseURL: `${baseURL(provider)}/v1`, headers: provider.headers }).embeddingModel(modelId);
    case 'google':
      return createGoogleGenerativeAI({ apiKey: provider.apiKey, baseURL: provider.baseURL, headers: provider.headers }).embeddingModel(modelId);
    case 'local': {
      const files = provider.models && !Array.isArray(provider.models) ? provider.models : {};
      return local().embeddingModel(files[modelId] ?? modelId);
    }
    case 'anthropic':
      throw new EmbeddingsUnsupportedError(provider.id, provider.kind);
  }
}

function baseURL(provider: ProviderConfig): string {
  if (!provider.baseURL) throw new Error(`Provider "${provider.id}" (${provider.kind}) needs a baseURL.`);
  return provider.baseURL.replace(/\/+$/, '');
}
