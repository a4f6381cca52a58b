import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEMANTIC_THRESHOLD } from './defaults.js';
import { hashedEmbedding } from './hashed-embedder.js';
import { bestMatch } from './semantic-match.js';

const set = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../bench/cache/paraphrases.json'), 'utf8')) as { same: string[][]; different: string[][] };
const hits = ([stored, asked]: string[]) =>
  bestMatch({ question: asked, embedding: hashedEmbedding(asked), threshold: DEFAULT_SEMANTIC_THRESHOLD, candidates: [{ id: '1', question: stored, embedding: hashedEmbedding(stored), context: null, answer: null as never }] }) !== null;

describe('semantic threshold on the paraphrase set', () => {
  it('keeps false hits at or under 1% of the near-miss pairs', () => {
    expect(set.different.filter(hits).length / set.different.length).toBeLessThanOrEqual(0.01);
  });

  it('still answers most paraphrases', () => {
    expect(set.same.filter(hits).length / set.same.length).toBeGreaterThanOrEqual(0.6);
  });

  it('tells apart the classic near misses', () => {
    expect(hits(['What is the capital of France?', 'What is the capital of Germany?'])).toBe(false);
    expect(hits(['Convert 5 km to miles', 'Convert 5 miles to km'])).toBe(false);
    expect(hits(['Convert 5 km to miles', 'Convert 6 km to miles'])).toBe(false);
    expect(hits(['Is a tomato a fruit?', 'Is a tomato not a fruit?'])).toBe(false);
    expect(hits(['What is the capital of France?', "what's the capital of france"])).toBe(true);
  });
});
