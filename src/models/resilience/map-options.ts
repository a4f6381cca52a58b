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

/**
 * Adapts call options written for one provider to another kind, so a fallback does not fail (or warn)
 * on a setting the next provider lacks. Returns the same object when nothing needs changing.
 *
 * @example withFallback([{ id: 'anthropic:claude', model, mapOptions: mapOptionsFor('anthropic') }])
 */
export function mapOptionsFor(kind: ProviderKind): MapCallOptions {
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
    return out ?? options;
  };
}
