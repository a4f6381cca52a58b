import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { ProviderConfig } from '../../config/index.js';
import type { LocalEngine } from './local/index.js';

/** Builds the AI SDK model for one provider and model id. Each provider kind is one official package. */
export function createLanguageModel(provider: ProviderConfig, modelId: string, local: () => LocalEngine): LanguageModelV3 {
  switch (provider.kind) {
    case 'openai':
      // Chat Completions, not Responses: the dialect every OpenAI-compatible server also speaks.
      return createOpenAI({ apiKey: provider.apiKey, baseURL: provider.baseURL, headers: provider.headers }).chat(modelId);
    case 'openai-compatible':
      return createOpenAICompatible({
        name: provider.id,
        baseURL: requireBaseURL(provider),
        apiKey: provider.apiKey,
        headers: provider.headers,
        includeUsage: true,
        // vLLM, llama.cpp, LM Studio, Ollama and OpenRouter accept `json_schema`: memory extraction relies on it.
        supportsStructuredOutputs: true,
      }).chatModel(modelId);
    case 'ollama':
      return createOpenAICompatible({ name: provider.id, baseURL: `${requireBaseURL(provider)}/v1`, headers: provider.headers, includeUsage: true, supportsStructuredOutputs: true }).chatModel(modelId);
    case 'anthropic':
      return createAnthropic({ apiKey: provider.apiKey, baseURL: provider.baseURL, headers: provider.headers }).languageModel(modelId);
    case 'google':
      return createGoogleGenerativeAI({ apiKey: provider.apiKey, baseURL: provider.baseURL, headers: provider.headers }).languageModel(modelId);
    case 'local': {
      const files = provider.models && !Array.isArray(provider.models) ? provider.models : {};
      return local().languageModel(files[modelId] ?? modelId);
    }
  }
}

function requireBaseURL(provider: ProviderConfig): string {
  if (!provider.baseURL) throw new Error(`Provider "${provider.id}" (${provider.kind}) needs a baseURL.`);
  return provider.baseURL.replace(/\/+$/, '');
}
