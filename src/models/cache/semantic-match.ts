import { words } from './hashed-embedder.js';
import type { SemanticCandidate } from './types.js';

/** Cosine similarity; 0 when either vector is all zeros or lengths differ. */
export function cosine(a: number[], b: number[]): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

// Roman numerals past I ("World War II"); a lone "i" is the pronoun.
const ROMAN = /^(ii|iii|iv|vi|vii|viii|ix|xi|xii)$/;
const NEGATION = /\b(not|no|never|without|none|nor|cannot|neither)\b|n[’']t\b/i;

/**
 * Facts an embedding can blur but an answer hinges on: the numbers in the question and whether it is negated.
 * Two questions that differ here never share an answer, however similar their vectors.
 */
export function sameHardFacts(a: string, b: string): boolean {
  if (NEGATION.test(a) !== NEGATION.test(b)) return false;
  const numbers = (text: string) => [...new Set(words(text).filter((w) => /\d/.test(w) || ROMAN.test(w)))].sort().join(' ');
  return numbers(a) === numbers(b);
}

/** The most similar candidate at or above `threshold` that passes the hard-fact guard, or null. */
export function bestMatch(input: { question: string; embedding: number[]; candidates: SemanticCandidate[]; threshold: number }): { candidate: SemanticCandidate; similarity: number } | null {
  let best: { candidate: SemanticCandidate; similarity: number } | null = null;
  for (const candidate of input.candidates) {
    const similarity = cosine(input.embedding, candidate.embedding);
    if (similarity < input.threshold || (best && similarity <= best.similarity)) continue;
    if (!sameHardFacts(input.question, candidate.question)) continue;
    best = { candidate, similarity };
  }
  return best;
}
