import { countTokens as countUncached } from 'gpt-tokenizer/encoding/cl100k_base';

/**
 * Tokens of a text, remembered: every turn counts the whole thread again to fit its budget, and
 * BPE over a 200-message history was a millisecond of each turn. A pure function of the text, so a
 * cache shared between users shows nothing; bounded in entries and characters, emptied when full.
 */
export function countTokens(text: string): number {
  if (text.length < MIN_CACHED_CHARS || text.length > MAX_CACHED_CHARS) return countUncached(text);
  let count = counts.get(text);
  if (count === undefined) {
    count = countUncached(text);
    if (counts.size >= MAX_ENTRIES || cachedChars + text.length > MAX_TOTAL_CHARS) {
      counts.clear();
      cachedChars = 0;
    }
    counts.set(text, count);
    cachedChars += text.length;
  }
  return count;
}

const counts = new Map<string, number>();
let cachedChars = 0;
const MIN_CACHED_CHARS = 16;
const MAX_CACHED_CHARS = 64_000;
const MAX_ENTRIES = 20_000;
const MAX_TOTAL_CHARS = 8_000_000;
