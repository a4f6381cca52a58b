// Feature hashing of words and character trigrams: texts sharing words or spellings land near each other, and
// unrelated texts are near-orthogonal because each feature adds +1 or -1 to its bucket depending on one hash bit.

/** FNV-1a, 32 bits. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A deterministic, L2-normalised embedding of `dimensions` numbers; similar texts have a higher cosine.
 * @example cosine(embed('the cat sat'), embed('the cat sits')) > cosine(embed('the cat sat'), embed('tax law'))
 */
export function embed(text: string, dimensions = 64): number[] {
  const v = new Float64Array(dimensions);
  const add = (feature: string, weight: number): void => {
    const h = hash(feature);
    v[h % dimensions] += h & 0x80000000 ? weight : -weight;
  };
  const lower = text.toLowerCase();
  for (const word of lower.match(/[\p{L}\p{N}]+/gu) ?? []) add(`w:${word}`, 1);
  const padded = ` ${lower.replace(/\s+/g, ' ').trim()} `;
  for (let i = 0; i + 3 <= padded.length; i++) add(padded.slice(i, i + 3), 0.5);
  let norm = 0;
  for (const x of v) norm += x * x;
  // An empty text still gets a unit vector: a zero vector makes cosine distance NaN downstream.
  if (norm === 0) return Array.from({ length: dimensions }, (_, i) => (i === 0 ? 1 : 0));
  const scale = 1 / Math.sqrt(norm);
  return Array.from(v, (x) => x * scale);
}

/** Cosine similarity of two vectors of equal length. */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

/** The base64 of little-endian float32s, which the `openai` client asks for by default (`encoding_format: 'base64'`). */
export function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}
