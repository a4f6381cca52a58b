import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import { splitByTokens, tokenCount } from './tokens.js';

describe('splitByTokens', () => {
  it('keeps every piece within budget and prefers to cut at whitespace', () => {
    const text = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitByTokens(text, 30);
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces) expect(countTokens(piece)).toBeLessThanOrEqual(30);
    expect(pieces.join(' ')).toBe(text);
  });

  it('never cuts inside a multi-byte character', () => {
    const text = '日本語のテキスト🙂'.repeat(40);
    const pieces = splitByTokens(text, 7);
    for (const piece of pieces) {
      expect(piece).not.toContain('\uFFFD');
      expect(countTokens(piece)).toBeLessThanOrEqual(7);
    }
    expect(pieces.join('')).toBe(text);
  });

  it('returns short text as is', () => {
    expect(splitByTokens('  short  ', 10)).toEqual(['short']);
  });
});

describe('tokenCount', () => {
  it('is exact on ordinary text', () => {
    const text = 'Redline streams every token. ' + 'Naïve café, 日本語, emoji 🙂 and code `a += 1`. '.repeat(50);
    expect(tokenCount(text)).toBe(countTokens(text));
  });

  it('counts very long runs in linear time, as an upper bound', () => {
    const run = 'ACGT'.repeat(50_000).toLowerCase().replace(/c/g, 'x');
    const started = performance.now();
    const count = tokenCount(`start ${run} end`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(count).toBeGreaterThanOrEqual(countTokens(`start ${run.slice(0, 4096)} end`));
  });

  it('lets a huge unbroken run be chunked quickly within bounds', () => {
    const started = performance.now();
    const pieces = splitByTokens('x'.repeat(100_000), 300);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(pieces.join('')).toBe('x'.repeat(100_000));
    for (const piece of pieces.slice(0, 3)) expect(countTokens(piece)).toBeLessThanOrEqual(300);
  });
});
