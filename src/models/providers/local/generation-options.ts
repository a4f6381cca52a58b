import type { LanguageModelV3CallOptions, SharedV3Warning } from '@ai-sdk/provider';
import type { GbnfJsonSchema, LLamaContextualRepeatPenalty, Llama, LlamaGrammar } from 'node-llama-cpp';
import { describeCause } from './errors.js';

/** The sampling and stopping options LlamaChat.generateResponse takes, derived from V3 call options. */
export interface LocalGenerationSettings {
  maxTokens: number;
  temperature: number;
  topP: number;
  topK: number;
  minP: number;
  seed?: number;
  customStopTriggers?: string[];
  repeatPenalty?: LLamaContextualRepeatPenalty;
  grammar?: LlamaGrammar;
}

/**
 * llama.cpp's own CLI defaults, used when the caller leaves a setting unset: node-llama-cpp's
 * default is greedy decoding, which makes small chat models loop.
 */
export const DEFAULT_SAMPLING = { temperature: 0.8, topP: 0.95, topK: 40, minP: 0.05 } as const;

/** Maps V3 call options to node-llama-cpp settings; unsupported features become warnings, never failures. */
export async function toGenerationSettings(
  options: LanguageModelV3CallOptions,
  env: { llama: Llama; contextSize: number },
): Promise<{ settings: LocalGenerationSettings; warnings: SharedV3Warning[] }> {
  const warnings: SharedV3Warning[] = [];
  if (options.tools?.length) {
    warnings.push({ type: 'unsupported', feature: 'tools', details: 'the local engine answers in text only; tools were ignored' });
  }
  const settings: LocalGenerationSettings = {
    // Without a cap, context shifting would let a model that never emits end-of-turn generate forever.
    maxTokens: Math.max(1, Math.min(options.maxOutputTokens ?? env.contextSize, env.contextSize)),
    temperature: options.temperature ?? DEFAULT_SAMPLING.temperature,
    topP: options.topP ?? DEFAULT_SAMPLING.topP,
    topK: options.topK ?? DEFAULT_SAMPLING.topK,
    minP: DEFAULT_SAMPLING.minP,
  };
  if (options.seed !== undefined) settings.seed = options.seed;
  const stops = options.stopSequences?.filter((stop) => stop !== '');
  if (stops?.length) settings.customStopTriggers = stops;

  const presencePenalty = clampPenalty('presencePenalty', options.presencePenalty, warnings);
  const frequencyPenalty = clampPenalty('frequencyPenalty', options.frequencyPenalty, warnings);
  if (presencePenalty !== undefined || frequencyPenalty !== undefined) {
    settings.repeatPenalty = { presencePenalty, frequencyPenalty };
  }

  if (options.responseFormat?.type === 'json') {
    settings.grammar = await jsonGrammar(env.llama, options.responseFormat.schema, warnings);
  }
  return { settings, warnings };
}

/** node-llama-cpp accepts penalties in [0, 1]; OpenAI-style callers send [-2, 2]. */
function clampPenalty(name: string, value: number | undefined, warnings: SharedV3Warning[]): number | undefined {
  if (value === undefined) return undefined;
  const clamped = Math.min(1, Math.max(0, value));
  if (clamped !== value) warnings.push({ type: 'other', message: `${name} ${value} was clamped to ${clamped}: the local engine accepts 0 to 1` });
  return clamped;
}

async function jsonGrammar(llama: Llama, schema: unknown, warnings: SharedV3Warning[]): Promise<LlamaGrammar> {
  if (schema !== undefined) {
    try {
      // The JSON Schema subset node-llama-cpp compiles to a grammar; anything outside it throws here.
      return await llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema as GbnfJsonSchema);
    } catch (error) {
      warnings.push({
        type: 'compatibility',
        feature: 'responseFormat.schema',
        details: `schema not expressible as a grammar (${describeCause(error)}); output is constrained to any JSON`,
      });
    }
  }
  return llama.getGrammarFor('json');
}
