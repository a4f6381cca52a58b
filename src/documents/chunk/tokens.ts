import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';

/**
 * Runs the tokenizer cannot split before BPE (letters, punctuation or whitespace, one pre-token each)
 * cost quadratic time: 80k repeated letters take seconds. A DNA sequence or a line of 10,000 dashes
 * is real input, so such runs are counted in slices of this size instead.
 */
const LONG_RUN = /[\p{L}\p{M}]{256,}|[^\s\p{L}\p{N}]{256,}|\s{256,}/gu;
const HAS_LONG_RUN = new RegExp(LONG_RUN.source, 'u');
const RUN_SLICE = 256;

/**
 * Tokens of `text` in cl100k, the tokenizer `chat/` budgets prompts with. Exact for ordinary text; for
 * text with runs longer than 256 characters, the sum over 256-character slices of each run, which is a
 * close upper bound (no token spans a slice boundary) and keeps counting linear.
 */
export function tokenCount(text: string): number {
  if (!HAS_LONG_RUN.test(text)) return countTokens(text);
  let total = 0;
  let last = 0;
  for (const match of text.matchAll(LONG_RUN)) {
    total += countTokens(text.slice(last, match.index));
    for (let i = 0; i < match[0].length; i += RUN_SLICE) total += countTokens(match[0].slice(i, i + RUN_SLICE));
    last = match.index + match[0].length;
  }
  return total + countTokens(text.slice(last));
}

/** A window of this many characters per token of budget is sure to hold more than the budget. */
const CHARS_PER_TOKEN_BOUND = 16;

/**
 * The last resort for text with no sentence or line to split at (a long URL, base64, an unbroken line):
 * pieces of at most `budget` tokens, cut at the last whitespace in the second half of each window when
 * there is one, and never inside a character. Cuts are found on the string (binary search on the prefix
 * length), not by decoding token slices, which yields U+FFFD for a character split across tokens.
 */
export function splitByTokens(text: string, budget: number): string[] {
  const window = budget * CHARS_PER_TOKEN_BOUND;
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest) {
    if (rest.length <= window && tokenCount(rest) <= budget) {
      pieces.push(rest);
      break;
    }
    let cut = rest.slice(0, longestPrefixWithin(rest, { budget, window }));
    const space = cut.search(/\s\S*$/);
    if (space > cut.length / 2) cut = cut.slice(0, space);
    pieces.push(cut.trim());
    rest = rest.slice(cut.length).trimStart();
  }
  return pieces.filter(Boolean);
}

/** The length of the longest prefix of `text` within `budget` tokens (at least one character), not ending inside a surrogate pair. */
function longestPrefixWithin(text: string, opts: { budget: number; window: number }): number {
  let lo = 1;
  let hi = Math.min(text.length, opts.window);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (tokenCount(text.slice(0, mid)) <= opts.budget) lo = mid;
    else hi = mid - 1;
  }
  const high = text.charCodeAt(lo - 1);
  if (high >= 0xd800 && high <= 0xdbff) lo = lo > 1 ? lo - 1 : lo + 1;
  return lo;
}
