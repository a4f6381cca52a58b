import type { Block } from './blocks.js';
import { splitSentences } from './sentences.js';
import { splitByTokens, tokenCount } from './tokens.js';

/**
 * The atom of packing: a block, or part of one too large to keep whole.
 * `joiner` goes between it and the piece before it in a chunk; `tail` says how an overlap may be cut
 * from its end (by sentences, by lines, or not at all for code fences and token-cut fragments).
 */
export type Piece = { text: string; tokens: number; joiner: '\n\n' | '\n' | ' '; tail: 'sentences' | 'lines' | 'none' };

export type PieceBudget = { target: number; max: number };

/** A block as pieces of at most `max` tokens: whole when it fits, else at sentences or lines, tokens last. */
export function blockPieces(block: Block, budget: PieceBudget): Piece[] {
  const tokens = tokenCount(block.text);
  const tail = block.kind === 'prose' ? 'sentences' : block.kind === 'lines' ? 'lines' : 'none';
  if (tokens <= budget.max) return [{ text: block.text, tokens, joiner: '\n\n', tail }];

  const parts = block.kind === 'fence' ? splitFence(block.text, budget.target) : splitParts(block, budget);
  return parts.map((part, i) => ({ ...part, joiner: i === 0 ? '\n\n' : part.joiner }));
}

function splitParts(block: Block, budget: PieceBudget): Piece[] {
  const prose = block.kind === 'prose';
  const units = prose ? splitSentences(block.text) : block.text.split('\n').filter((line) => line.trim());
  const joiner = prose ? ' ' : '\n';
  return units.flatMap((unit): Piece[] => {
    const tokens = tokenCount(unit);
    if (tokens <= budget.max) return [{ text: unit, tokens, joiner, tail: prose ? 'sentences' : 'lines' }];
    return splitByTokens(unit, budget.target).map((text) => ({ text, tokens: tokenCount(text), joiner, tail: 'none' }));
  });
}

/** A code fence too long for one chunk, as fences of consecutive lines, each opened and closed again. */
function splitFence(text: string, budget: number): Piece[] {
  const lines = text.split('\n');
  const open = lines[0];
  const marker = /^ {0,3}(`{3,}|~{3,})/.exec(open)?.[1] ?? '```';
  const closed = lines.length > 1 && lines[lines.length - 1].trim().startsWith(marker);
  const body = lines.slice(1, closed ? -1 : undefined);
  const wrap = (code: string[]): string => `${open}\n${code.join('\n')}\n${marker}`;
  const frame = tokenCount(wrap([]));
  const room = Math.max(1, budget - frame - 1);

  const pieces: Piece[] = [];
  let part: string[] = [];
  let partTokens = 0;
  const emit = (): void => {
    if (part.some((line) => line.trim())) {
      const code = wrap(part);
      pieces.push({ text: code, tokens: tokenCount(code), joiner: '\n\n', tail: 'none' });
    }
    part = [];
    partTokens = 0;
  };
  for (const line of body) {
    const lineTokens = tokenCount(line) + 1;
    if (lineTokens > room) {
      emit();
      for (const slice of splitByTokens(line, room)) {
        part = [slice];
        emit();
      }
      continue;
    }
    if (partTokens + lineTokens > room) emit();
    part.push(line);
    partTokens += lineTokens;
  }
  emit();
  return pieces;
}
