import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { exactCacheKey, sha256, stableJson, withoutRedline } from './cache-key.js';
import { isPersonal, isTimeSensitive } from './time-sensitive.js';
import type { CacheHint, CacheSettings } from './types.js';

/** Which caches a call may use, with what it needs to look them up. */
export interface CachePlan {
  hint: CacheHint | null;
  exact: { key: string } | null;
  semantic: { question: string; context: string } | null;
}

// Longer texts are documents or pasted code, not the short questions the semantic cache is for.
const MAX_QUESTION_CHARS = 2000;

/** Reads `providerOptions.redline.cache`; null when absent or without a user. */
export function readHint(providerOptions: LanguageModelV3CallOptions['providerOptions']): CacheHint | null {
  const raw = providerOptions?.redline?.cache;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const { userId, mode, shared, standalone } = raw as Record<string, unknown>;
  if (typeof userId !== 'string' || !userId) return null;
  return {
    userId,
    mode: mode === 'force' || mode === 'skip' ? mode : 'auto',
    shared: shared === true,
    standalone: standalone === true,
  };
}

/** Decides, from the hint, the request and the settings, which caches apply. */
export function planCache(input: { modelId: string; options: LanguageModelV3CallOptions; settings: CacheSettings }): CachePlan {
  const { modelId, options, settings } = input;
  const hint = readHint(options.providerOptions);
  if (!settings.enabled || !hint || hint.mode === 'skip') return { hint, exact: null, semantic: null };
  // Only a deterministic request has one right answer to store, unless the caller asks for caching anyway.
  const deterministic = options.temperature === 0 || hint.mode === 'force';
  return {
    hint,
    exact: deterministic ? { key: exactCacheKey(modelId, options) } : null,
    semantic: settings.semantic.enabled && hint.standalone ? standaloneQuestion(options) : null,
  };
}

/**
 * The question of a stand-alone turn: system messages and then one text-only user message, no tools,
 * not about the time or the asker. Null otherwise. Its context hash covers what else shapes the answer.
 */
export function standaloneQuestion(options: LanguageModelV3CallOptions): { question: string; context: string } | null {
  if (options.tools?.length) return null;
  const system: string[] = [];
  let question: string | null = null;
  for (const message of options.prompt) {
    if (message.role === 'system' && question === null) system.push(message.content);
    else if (message.role === 'user' && question === null) {
      if (!message.content.every((p) => p.type === 'text')) return null;
      question = message.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n').trim();
    } else return null;
  }
  if (!question || question.length > MAX_QUESTION_CHARS || isTimeSensitive(question) || isPersonal(question)) return null;
  const context = sha256(stableJson({ system, responseFormat: options.responseFormat, maxOutputTokens: options.maxOutputTokens, stopSequences: options.stopSequences, providerOptions: withoutRedline(options.providerOptions), reasoning: options.providerOptions?.redline?.reasoning }));
  return { question, context };
}
