import { createHash } from 'node:crypto';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';

/**
 * sha256 of everything in a request that can change the answer: model, prompt, tools, sampling, response
 * format, provider options (ours removed but the reasoning effort). Key order does not matter; the abort signal and headers do not count.
 */
export function exactCacheKey(modelId: string, options: LanguageModelV3CallOptions): string {
  const { prompt, tools, toolChoice, responseFormat, temperature, topP, topK, maxOutputTokens, stopSequences, seed, presencePenalty, frequencyPenalty } = options;
  return sha256(
    stableJson({
      v: 1,
      modelId,
      prompt,
      tools,
      toolChoice,
      responseFormat,
      sampling: { temperature, topP, topK, maxOutputTokens, stopSequences, seed, presencePenalty, frequencyPenalty },
      providerOptions: withoutRedline(options.providerOptions),
      // The one option of ours that changes the answer.
      reasoning: options.providerOptions?.redline?.reasoning,
    }),
  );
}

/** sha256 of a string, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The call's provider options without our own `redline` key, or undefined when nothing else is left. */
export function withoutRedline(providerOptions: LanguageModelV3CallOptions['providerOptions']): LanguageModelV3CallOptions['providerOptions'] {
  if (!providerOptions || !('redline' in providerOptions)) return providerOptions;
  const { redline: _ours, ...rest } = providerOptions;
  return Object.keys(rest).length ? rest : undefined;
}

/** The call's provider options without our cache hint (the reasoning effort stays: the model below needs it). */
export function withoutCacheHint(providerOptions: LanguageModelV3CallOptions['providerOptions']): LanguageModelV3CallOptions['providerOptions'] {
  if (!providerOptions?.redline || !('cache' in providerOptions.redline)) return providerOptions;
  const { cache: _hint, ...ours } = providerOptions.redline;
  const { redline: _all, ...rest } = providerOptions;
  if (Object.keys(ours).length) return { ...rest, redline: ours };
  return Object.keys(rest).length ? rest : undefined;
}

/** JSON with sorted object keys; bytes (file parts) as base64, URLs as text, undefined dropped. */
export function stableJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (value instanceof URL) return value.href;
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalize(v);
    }
    return out;
  }
  return value;
}
