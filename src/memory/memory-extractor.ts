import type { JSONSchema7, LanguageModelV3 } from '@ai-sdk/provider';
import { decode, encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { z } from 'zod';
import { classifyMemory } from './explicit-commands.js';
import { generateStructured } from './structured-output.js';
import { MEMORY_KINDS, UnusableModelOutputError, type MemoryKind, type MemoryProposal } from './types.js';

export interface ExtractionOptions {
  /** Tokens of the exchange sent to the model, user and assistant together (default 1200). */
  maxInputTokens?: number;
  /** Proposals kept from one exchange (default 5). */
  maxProposals?: number;
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

const SYSTEM = (max: number) => `You extract long-term memories about the user from one exchange of a chat.
Keep only durable, personal information that the USER states or confirms about themselves:
- fact: where they live, their work, studies, skills, possessions, circumstances they chose to share
- preference: likes, dislikes, and how they want Redline to answer (language, length, tone, format)
- goal: plans, projects, things they are learning or working towards
- relationship: people in their life, with names and roles
Do not keep: anything only the assistant said, general knowledge, one-off requests, the topic of a question, content the user pasted from elsewhere, and secrets (passwords, card or account numbers).
Write each memory as one short, self-contained sentence in the third person that starts with "User" ("User lives in Lisbon", "User's sister is named Ana", "User prefers short answers").
Return at most ${max} memories, and an empty list when nothing is worth remembering, which is the usual case.`;

const SCHEMA: JSONSchema7 = {
  type: 'object',
  properties: {
    memories: {
      type: 'array',
      items: {
        type: 'object',
        properties: { kind: { type: 'string', enum: [...MEMORY_KINDS] }, content: { type: 'string' } },
        required: ['kind', 'content'],
        additionalProperties: false,
      },
    },
  },
  required: ['memories'],
  additionalProperties: false,
};

const proposal = z.object({ kind: z.string().optional(), content: z.string() });
/** Lenient on purpose: a bare array, or a missing or unknown kind, is still usable. */
const ANSWER = z.union([z.object({ memories: z.array(proposal) }), z.array(proposal).transform((memories) => ({ memories }))]);

/** Never stored, whatever the model proposes. */
const SECRET = /\b(?:password|passcode|passphrase|pin code|api key|secret key|private key|social security|ssn|cvv|iban)\b|\b(?:\d[ -]?){13,19}\b/i;

/**
 * Proposes memories from one exchange with a JSON-schema structured call. The exchange is cut to a
 * token budget first, so a long message can never become a runaway request. Throws
 * UnusableModelOutputError when the answer is not the expected JSON (the job retries, bounded).
 */
export async function extractMemories(model: LanguageModelV3, exchange: { user: string; assistant: string }, options: ExtractionOptions = {}): Promise<MemoryProposal[]> {
  const maxProposals = options.maxProposals ?? 5;
  const { user, assistant } = budgetExchange({ user: withoutPastedDocuments(exchange.user), assistant: exchange.assistant }, options.maxInputTokens ?? 1200);
  if (!user.trim()) return [];
  const prompt = `<user_message>\n${user}\n</user_message>\n<assistant_message>\n${assistant}\n</assistant_message>\n\nAnswer with JSON: {"memories": [{"kind": "fact" | "preference" | "goal" | "relationship", "content": "User …"}]}`;
  const result = await generateStructured(model, {
    system: SYSTEM(maxProposals),
    prompt,
    schema: SCHEMA,
    name: 'memories',
    parse: ANSWER,
    maxOutputTokens: options.maxOutputTokens ?? 400,
    signal: options.signal,
  });
  if (!result.ok) throw new UnusableModelOutputError(`Memory extraction: the model's answer was unusable (${result.reason}).`, { model: `${model.provider}:${model.modelId}`, text: result.text.slice(0, 500) });
  const seen = new Set<string>();
  const proposals: MemoryProposal[] = [];
  for (const item of result.value.memories) {
    const content = item.content.replace(/\s+/g, ' ').trim();
    const key = content.toLowerCase();
    if (content.length < 4 || content.length > 300 || SECRET.test(content) || seen.has(key)) continue;
    seen.add(key);
    const kind = MEMORY_KINDS.includes(item.kind as MemoryKind) ? (item.kind as MemoryKind) : classifyMemory(content);
    proposals.push({ kind, content });
    if (proposals.length >= maxProposals) break;
  }
  return proposals;
}

/** Text the UI marked as pasted from elsewhere (`<document>…</document>`) is not the user speaking. */
export function withoutPastedDocuments(text: string): string {
  return text.replace(/<document\b[^>]*>[\s\S]*?(?:<\/document>|$)/gi, ' ').trim();
}

/**
 * Cuts an exchange to `maxTokens` (real BPE tokens): the user's message gets up to two thirds and
 * keeps its beginning and end; the assistant's answer gets the rest and keeps its beginning.
 */
export function budgetExchange(exchange: { user: string; assistant: string }, maxTokens: number): { user: string; assistant: string } {
  const userBudget = Math.floor((maxTokens * 2) / 3);
  const user = truncateTokens(exchange.user, userBudget, 'both');
  const assistant = truncateTokens(exchange.assistant, maxTokens - tokenCount(user), 'head');
  return { user, assistant };
}

const tokenCount = (text: string) => encode(text).length;

/** `text` cut to `maxTokens`, keeping its head, or its head and tail around an ellipsis. */
export function truncateTokens(text: string, maxTokens: number, keep: 'head' | 'both'): string {
  if (maxTokens <= 0) return '';
  // Tokens are rarely shorter than a character: no need to encode megabytes to keep a thousand.
  const bounded = text.length > maxTokens * 16 ? (keep === 'head' ? text.slice(0, maxTokens * 16) : `${text.slice(0, maxTokens * 8)}${text.slice(-maxTokens * 8)}`) : text;
  const tokens = encode(bounded);
  if (tokens.length <= maxTokens && bounded === text) return text;
  if (keep === 'head') return `${decode(tokens.slice(0, maxTokens - 1))}…`;
  const half = Math.floor((maxTokens - 1) / 2);
  return `${decode(tokens.slice(0, half))} … ${decode(tokens.slice(tokens.length - half))}`;
}
