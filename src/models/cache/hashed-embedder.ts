import { createHash } from 'node:crypto';
import type { TextEmbedder } from './types.js';

const DIMENSIONS = 384;
const BIGRAM_WEIGHT = 0.8;

// Function words carry little meaning alone; they still shape the bigrams that keep word order.
const STOPWORDS = new Set(
  'a an the of to in on at for from by with about as into is are was were be been being do does did can could would should will shall may might must please tell me give show explain i you it its that this these those there their they them he she his her we us and or but if then so than too very just also some any much many really kindly know want like need have has had get got use one'.split(' '),
);

// Question words change the question ("when" vs "where was X born"); a few synonyms fold together.
const SYNONYMS: Record<string, string> = { which: 'what', whats: 'what', whos: 'who', wheres: 'where', hows: 'how', kilometer: 'km', kilometre: 'km', kilometers: 'km', kilometres: 'km', mi: 'mile', metre: 'meter', metres: 'meter', city: '', capitol: 'capital', nation: 'country', define: 'definition', meaning: 'definition', mean: 'definition' };

/** Lower-case words with contractions, possessives and plurals folded; synonyms mapped. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().replace(/[’']s\b/g, '').replace(/[’']/g, '').split(/[^\p{L}\p{N}.]+/u)) {
    const token = raw.replace(/^\.+|\.+$/g, '');
    if (!token) continue;
    const mapped = SYNONYMS[token] ?? SYNONYMS[stem(token)] ?? stem(token);
    if (mapped) out.push(mapped);
  }
  return out;
}

function stem(word: string): string {
  if (/^\d/.test(word) || word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && /(ch|sh|x|ss|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/** Content words: what the question is about. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w));
}

/**
 * The built-in embedder: hashed features in 384 dimensions, L2-normalized. Content words weigh 1,
 * ordered content-word bigrams 0.8 (so "5 km to miles" differs from "5 miles to km"), and character trigrams
 * 0.25 for spelling variants. Deterministic, no model, microseconds per question; it sees words, not meaning,
 * which is why its threshold is high (docs/decisions/006-response-cache.md).
 */
export function hashedEmbedding(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  const add = (feature: string, weight: number) => {
    const h = createHash('md5').update(feature).digest();
    const index = h.readUInt32LE(0) % DIMENSIONS;
    // A signed hash keeps collisions from adding up to false similarity.
    vector[index] += (h[4] & 1 ? 1 : -1) * weight;
  };
  const content = contentWords(text);
  for (const word of content) {
    add(`w:${word}`, 1);
    if (word.length > 3) for (let i = 0; i + 3 <= word.length; i++) add(`c:${word.slice(i, i + 3)}`, 0.25);
  }
  for (let i = 0; i + 1 < content.length; i++) add(`b:${content[i]}_${content[i + 1]}`, BIGRAM_WEIGHT);
  const norm = Math.sqrt(vector.reduce((s, x) => s + x * x, 0));
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

/** The built-in TextEmbedder over hashedEmbedding. */
export const hashedEmbedder: TextEmbedder = {
  id: 'redline:hashed-ngrams-v1',
  embed: async (texts) => texts.map(hashedEmbedding),
};
