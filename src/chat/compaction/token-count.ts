import { decode, encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens } from '../../models/index.js';
import type { ThreadMessage } from '../types.js';

/**
 * Per-message framing tokens (role and separators) on top of the text. gpt-tokenizer's cl100k BPE is
 * the one tokenizer for budgets: a real tokenizer, close for every current model family (within a few
 * percent of o200k, Claude's and Llama's on prose), at half the memory of o200k's tables (37 MB, not 70).
 */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** Tokens a message costs in a prompt. */
export const messageTokens = (msg: Pick<ThreadMessage, 'content'>): number => countTokens(msg.content) + MESSAGE_OVERHEAD_TOKENS;

export const textTokens = (text: string): number => countTokens(text);

/** Messages that are sent to a model: user and assistant turns with text. */
export const isPromptable = (msg: ThreadMessage): boolean => msg.role !== 'system' && msg.content.length > 0;

/** The first `max` tokens of `text`, marked when cut. */
export function truncateTokens(text: string, max: number): string {
  const tokens = encode(text);
  if (tokens.length <= max) return text;
  return `${decode(tokens.slice(0, Math.max(0, max - 3)))} […]`;
}
