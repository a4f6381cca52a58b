import type { ParsedDocument, Section } from '../parse/index.js';
import { splitBlocks } from './blocks.js';
import { blockPieces, type Piece } from './pieces.js';
import { splitSentences } from './sentences.js';
import { splitByTokens, tokenCount } from './tokens.js';
import type { Chunk, ChunkOptions } from './types.js';

type Budget = { target: number; max: number; overlap: number };

/** Every joiner ("\n\n", "\n", " ") is one cl100k token. */
const JOINER_TOKENS = 1;

/**
 * Cuts a parsed document into chunks along its structure. Each section is chunked on its own, so a
 * chunk never spans a heading or a page. Within a section, paragraphs are packed up to `targetTokens`;
 * a paragraph (or code block) that fits under `maxTokens` stays whole; a longer one is split at
 * sentences (lines for code), and only text with neither is cut at token boundaries. Consecutive chunks
 * of a section share up to `overlapTokens` of whole sentences (or lines of code).
 *
 * @example
 * const chunks = chunkDocument(await parseDocument(upload), { targetTokens: 300 });
 * chunks[0]; // { ordinal: 0, text: '…', heading: 'Install > Linux', page: null, tokens: 287 }
 */
export function chunkDocument(doc: ParsedDocument, options: ChunkOptions = {}): Chunk[] {
  const budget = resolveBudget(options);
  const chunks: Chunk[] = [];
  for (const section of doc.sections) {
    for (const text of chunkSection(section, { budget, code: doc.format === 'code' })) {
      chunks.push({ ordinal: chunks.length, text, heading: section.heading, page: section.page, tokens: tokenCount(text) });
    }
  }
  return chunks;
}

function resolveBudget({ targetTokens = 350, maxTokens = 500, overlapTokens = 50 }: ChunkOptions): Budget {
  if (!(targetTokens > 0 && maxTokens >= targetTokens)) {
    throw new RangeError(`chunkDocument needs 0 < targetTokens <= maxTokens (got ${targetTokens} and ${maxTokens})`);
  }
  if (!(overlapTokens >= 0 && overlapTokens < targetTokens)) {
    throw new RangeError(`chunkDocument needs 0 <= overlapTokens < targetTokens (got ${overlapTokens})`);
  }
  return { target: targetTokens, max: maxTokens, overlap: overlapTokens };
}

function chunkSection(section: Section, opts: { budget: Budget; code: boolean }): string[] {
  const { budget } = opts;
  const pieces = splitBlocks(section.text, { code: opts.code }).flatMap((block) => blockPieces(block, budget));
  const texts: string[] = [];
  let current: Piece[] = [];
  let tokens = 0;
  // The overlap carried into `current` is not new content: a chunk of only overlap is never emitted.
  let fresh = 0;

  for (const piece of pieces) {
    const cost = piece.tokens + (current.length > 0 ? JOINER_TOKENS : 0);
    if (fresh > 0 && tokens + cost > budget.target) {
      const text = joinPieces(current);
      texts.push(text);
      const found = overlapPiece(current[current.length - 1], budget.overlap);
      // Repeating a whole chunk is duplication, not overlap.
      const overlap = found && found.text !== text ? found : null;
      current = overlap ? [overlap] : [];
      tokens = overlap?.tokens ?? 0;
      fresh = 0;
    }
    if (fresh === 0 && current.length > 0 && tokens + JOINER_TOKENS + piece.tokens > budget.max) {
      current = [];
      tokens = 0;
    }
    tokens += piece.tokens + (current.length > 0 ? JOINER_TOKENS : 0);
    current.push(piece);
    fresh++;
  }
  if (fresh > 0) texts.push(joinPieces(current));
  // Joiner estimates are an upper bound in practice; the exact count is checked all the same.
  return texts.flatMap((text) => (tokenCount(text) <= budget.max ? [text] : splitByTokens(text, budget.max)));
}

function joinPieces(pieces: Piece[]): string {
  return pieces.map((piece, i) => (i === 0 ? piece.text : piece.joiner + piece.text)).join('');
}

/** The end of a chunk's last piece to repeat at the start of the next: whole sentences or lines, within `max` tokens. */
function overlapPiece(last: Piece, max: number): Piece | null {
  if (max === 0 || last.tail === 'none') return null;
  const units = last.tail === 'sentences' ? splitSentences(last.text) : last.text.split('\n');
  const joiner = last.tail === 'sentences' ? ' ' : '\n';
  const kept: string[] = [];
  let tokens = 0;
  for (let i = units.length - 1; i >= 0; i--) {
    const unitTokens = tokenCount(units[i]) + (kept.length > 0 ? JOINER_TOKENS : 0);
    if (tokens + unitTokens > max) break;
    kept.unshift(units[i]);
    tokens += unitTokens;
  }
  const text = kept.join(joiner);
  if (!text.trim()) return null;
  return { text, tokens: tokenCount(text), joiner: last.joiner, tail: 'none' };
}
