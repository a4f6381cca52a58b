// Leading whitespace belongs to the next word (like BPE tokens: "Hello", " world"); trailing whitespace is its own chunk.
const CHUNK = /\s*\S+|\s+/g;

/**
 * Splits text into the chunks the fake streams, one chunk counting as one token; joining them gives the text back.
 * @example tokenize('Hello world') // ['Hello', ' world']
 */
export function tokenize(text: string): string[] {
  return text.match(CHUNK) ?? [];
}

/** Number of chunks `tokenize` would produce, without allocating them. */
export function countTokens(text: string): number {
  let n = 0;
  CHUNK.lastIndex = 0;
  while (CHUNK.exec(text) !== null) n++;
  return n;
}
