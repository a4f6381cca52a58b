import { describe, expect, it } from 'vitest';
import { mapOptionsFor } from './map-options.js';
import { prompt } from './testing.js';

const everything = { prompt, temperature: 1.5, topK: 40, seed: 7, frequencyPenalty: 0.5, presencePenalty: 0.2, maxOutputTokens: 100 };

describe('mapOptionsFor', () => {
  it('anthropic: no penalties or seed, temperature 0–1, a token cap', () => {
    expect(mapOptionsFor('anthropic')(everything)).toEqual({ prompt, temperature: 1, topK: 40, maxOutputTokens: 100 });
    expect(mapOptionsFor('anthropic')({ prompt }).maxOutputTokens).toBe(4096);
  });

  it('openai and compatible servers: no top-k', () => {
    for (const kind of ['openai', 'openai-compatible', 'ollama'] as const) {
      expect(mapOptionsFor(kind)(everything)).toEqual({ prompt, temperature: 1.5, seed: 7, frequencyPenalty: 0.5, presencePenalty: 0.2, maxOutputTokens: 100 });
    }
  });

  it('clamps out-of-range temperatures', () => {
    expect(mapOptionsFor('google')({ prompt, temperature: 3 }).temperature).toBe(2);
    expect(mapOptionsFor('openai')({ prompt, temperature: -1 }).temperature).toBe(0);
  });

  it('returns the same object when nothing changes, and never edits the input', () => {
    const options = { prompt, temperature: 0.3 };
    expect(mapOptionsFor('local')(options)).toBe(options);
    const input = { ...everything };
    mapOptionsFor('anthropic')(input);
    expect(input).toEqual(everything);
  });

  it('turns a portable reasoning effort into each provider\'s own switch', () => {
    const think = { prompt, providerOptions: { redline: { reasoning: 'high' } } };
    expect(mapOptionsFor('openai', 'o4-mini')(think).providerOptions?.openai).toEqual({ reasoningEffort: 'high' });
    expect(mapOptionsFor('ollama', 'qwen3')(think).providerOptions?.openaiCompatible).toEqual({ reasoningEffort: 'high' });
    const claude = mapOptionsFor('anthropic', 'claude-sonnet-4-5')({ ...think, temperature: 0.5 });
    expect(claude.providerOptions?.anthropic).toEqual({ thinking: { type: 'enabled', budgetTokens: 16384 } });
    expect(claude.maxOutputTokens).toBe(16384 + 4096);
    expect(claude.temperature).toBeUndefined();
    expect(mapOptionsFor('google', 'gemini-2.5-flash')(think).providerOptions?.google).toEqual({ thinkingConfig: { thinkingBudget: 16384, includeThoughts: true } });
    expect(mapOptionsFor('local')(think)).toBe(think);
    // A model without reasoning would reject the option: it is left out (the chat asks in words).
    expect(mapOptionsFor('openai', 'gpt-4o')(think)).toBe(think);
    expect(mapOptionsFor('anthropic', 'claude-3-5-haiku-latest')(think).providerOptions?.anthropic).toBeUndefined();
    // Anything else is not an effort.
    const odd = { prompt, providerOptions: { redline: { reasoning: 'extreme' } } };
    expect(mapOptionsFor('openai')(odd)).toBe(odd);
  });
});
