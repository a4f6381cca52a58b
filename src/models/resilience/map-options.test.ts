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
});
