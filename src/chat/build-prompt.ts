import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { historyAfter, summaryBlock } from './compaction/thread-history.js';
import { countTokens } from '../models/index.js';
import { messageTokens } from './compaction/token-count.js';
import type { ThreadSummary } from './compaction/types.js';
import type { ThreadMessage } from './types.js';

export const SYSTEM_PROMPT =
  'You are Redline, a helpful, accurate assistant. Answer in Markdown. When you are not sure, say so instead of guessing.';

/** The thread from the root to `leafId` (inclusive), oldest first. */
export function threadTo<T extends Pick<ThreadMessage, 'id' | 'parentId'>>(messages: T[], leafId: string): T[] {
  const byId = new Map(messages.map((msg) => [msg.id, msg]));
  const thread: T[] = [];
  for (let node = byId.get(leafId); node; node = node.parentId ? byId.get(node.parentId) : undefined) {
    thread.push(node);
    if (thread.length > byId.size) break; // a cycle cannot happen through the API; never loop forever on bad data
  }
  return thread.reverse();
}

/**
 * Builds the model prompt for a thread: a stable system prompt first (so providers' prompt caches
 * hit), then the history: the thread's rolling summary when it has one (it changes only when a new
 * one is written, so the prefix stays stable across turns) and the newest turns after it that fit in
 * `maxTokens`, counted with a real BPE tokenizer. Without a summary, older turns are simply dropped.
 */
export function buildPrompt(thread: ThreadMessage[], options: { maxTokens: number; system?: string; summary?: ThreadSummary | null }): LanguageModelV3Prompt {
  const system = options.system ?? SYSTEM_PROMPT;
  const history = historyAfter(thread, options.summary ?? null);
  const context = history.summary ? summaryBlock(history.summary) : null;
  const contextCost = context ? countTokens(context) + 4 : 0;
  // No token is shorter than a byte, so the system prompt's size in bytes bounds its count. Its exact
  // count (BPE over the turn's personal context, new text every turn) matters only when the history
  // does not fit under that bound; when it does, it fits under the exact count too.
  let systemCost = Buffer.byteLength(system);
  const costs = history.turns.map(messageTokens);
  const historyCost = costs.reduce((sum, cost) => sum + cost, 0);
  if (options.maxTokens - systemCost - contextCost < historyCost) systemCost = countTokens(system);
  let budget = options.maxTokens - systemCost - contextCost;
  const kept: ThreadMessage[] = [];
  for (let i = history.turns.length - 1; i >= 0; i--) {
    const msg = history.turns[i];
    const cost = costs[i];
    // The newest user message always goes in, even alone over budget: the provider then says it is too long.
    if (cost > budget && kept.length > 0) break;
    budget -= cost;
    kept.push(msg);
  }
  kept.reverse();
  // A thread must not start with an assistant turn for some providers (Anthropic, Gemini).
  while (kept.length > 1 && kept[0].role === 'assistant') kept.shift();
  const prompt: LanguageModelV3Prompt = [{ role: 'system', content: system }];
  if (context) prompt.push({ role: 'system', content: context });
  for (const msg of kept) {
    if (msg.role === 'user') prompt.push({ role: 'user', content: [{ type: 'text', text: msg.content }] });
    else prompt.push({ role: 'assistant', content: [{ type: 'text', text: msg.content }] });
  }
  return prompt;
}
