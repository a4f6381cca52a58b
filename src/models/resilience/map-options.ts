import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import type { ProviderKind } from '../../config/index.js';
import type { MapCallOptions } from './types.js';

/** What a provider kind accepts, as far as portable call settings go. */
interface KindLimits {
  drop: readonly ('topK' | 'seed' | 'frequencyPenalty' | 'presencePenalty')[];
  maxTemperature: number;
  /** Providers that reject a request without a token cap. */
  defaultMaxOutputTokens?: number;
}

const LIMITS: Record<ProviderKind, KindLimits> = {
  // Chat Completions has no top-k.
  openai: { drop: ['topK'], maxTemperature: 2 },
  'openai-compatible': { drop: ['topK'], maxTemperature: 2 },
  ollama: { drop: ['topK'], maxTemperature: 2 },
  // Messages API: no penalties, no seed, temperature 0–1, max_tokens required.
  anthropic: { drop: ['seed', 'frequencyPenalty', 'presencePenalty'], maxTemperature: 1, defaultMaxOutputTokens: 4096 },
  google: { drop: [], maxTemperature: 2 },
  // node-llama-cpp takes every setting (it clamps penalties itself).
  local: { drop: [], maxTemperature: 2 },
};

/** A portable reasoning effort, set by callers as `providerOptions.redline.reasoning`. */
export type ReasoningEffort = 'low' | 'medium' | 'high';

const THINKING_BUDGET: Record<ReasoningEffort, number> = { low: 2048, medium: 8192, high: 16384 };

/**
 * The provider's own options for a reasoning effort: OpenAI's and compatible servers'
 * `reasoning_effort`, Anthropic's extended thinking budget, Gemini's thinking budget with thoughts
 * returned. Local GGUF models have no such switch (the chat asks them to think in words instead).
 */
function reasoningOptions(kind: ProviderKind, effort: ReasoningEffort, options: LanguageModelV3CallOptions): Partial<LanguageModelV3CallOptions> | null {
  switch (kind) {
    case 'openai':
      return { providerOptions: { ...options.providerOptions, openai: { ...options.providerOptions?.openai, reasoningEffort: effort } } };
    case 'openai-compatible':
    case 'ollama':
      return { providerOptions: { ...options.providerOptions, openaiCompatible: { ...options.providerOptions?.openaiCompatible, reasoningEffort: effort } } };
    case 'anthropic': {
      const budgetTokens = THINKING_BUDGET[effort];
      // Thinking tokens count against max_tokens, which must leave room for the answer.
      return {
        maxOutputTokens: Math.max(options.maxOutputTokens ?? 0, budgetTokens + 4096),
        temperature: undefined,
        providerOptions: { ...options.providerOptions, anthropic: { ...options.providerOptions?.anthropic, thinking: { type: 'enabled', budgetTokens } } },
      };
    }
    case 'google':
      return { providerOptions: { ...options.providerOptions, google: { ...options.providerOptions?.google, thinkingConfig: { thinkingBudget: THINKING_BUDGET[effort], includeThoughts: true } } } };
    case 'local':
      return null;
  }
}

const EFFORTS = new Set<string>(['low', 'medium', 'high']);

/** Model families that reason on their own and take an effort (the others reject the option or ignore it). */
const NATIVE: Partial<Record<ProviderKind, RegExp>> = {
  openai: /^(o\d|gpt-5|codex)/i,
  anthropic: /^claude-(3-7|(opus|sonnet|haiku)-[4-9]|[4-9])/i,
  google: /^gemini-(2\.5|[3-9])/i,
};

/**
 * Whether a model reasons natively and streams that reasoning. OpenAI-compatible servers and Ollama
 * are unknown: they get the effort option (servers that do not know it ignore it) and, as well, the
 * "think harder" instruction; whatever reasoning they stream is shown either way.
 */
export function reasonsNatively(kind: ProviderKind, modelName: string): boolean {
  return NATIVE[kind]?.test(modelName) ?? false;
}

const sendsReasoningOption = (kind: ProviderKind, modelName: string) => kind === 'openai-compatible' || kind === 'ollama' || reasonsNatively(kind, modelName);

/** The portable effort in call options, if any. */
export function reasoningEffortOf(options: LanguageModelV3CallOptions): ReasoningEffort | null {
  const value = options.providerOptions?.redline?.reasoning;
  return typeof value === 'string' && EFFORTS.has(value) ? (value as ReasoningEffort) : null;
}

/**
 * Adapts call options written for one provider to another kind, so a fallback does not fail (or warn)
 * on a setting the next provider lacks, and turns a portable reasoning effort into the model's own
 * switch where it has one. Returns the same object when nothing needs changing.
 *
 * @example withFallback([{ id: 'anthropic:claude', model, mapOptions: mapOptionsFor('anthropic') }])
 */
export function mapOptionsFor(kind: ProviderKind, modelName = ''): MapCallOptions {
  const limits = LIMITS[kind];
  return (options) => {
    let out: LanguageModelV3CallOptions | undefined;
    const edit = () => (out ??= { ...options });
    for (const key of limits.drop) if (options[key] !== undefined) delete edit()[key];
    const { temperature } = options;
    if (temperature !== undefined && (temperature < 0 || temperature > limits.maxTemperature)) {
      edit().temperature = Math.min(limits.maxTemperature, Math.max(0, temperature));
    }
    if (limits.defaultMaxOutputTokens !== undefined && options.maxOutputTokens === undefined) {
      edit().maxOutputTokens = limits.defaultMaxOutputTokens;
    }
    const effort = reasoningEffortOf(options);
    const reasoning = effort && sendsReasoningOption(kind, modelName) ? reasoningOptions(kind, effort, out ?? options) : null;
    if (reasoning) Object.assign(edit(), reasoning);
    return out ?? options;
  };
}
