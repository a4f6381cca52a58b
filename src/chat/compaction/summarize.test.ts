import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { planCompaction } from './compaction-plan.js';
import { EmptySummaryError, summarizeStep } from './summarize.js';
import { SUMMARIZER_MARKER } from './summarizer-prompt.js';
import { filler, makeThread } from './test-thread.js';
import { textTokens } from './token-count.js';
import { DEFAULT_COMPACTION_BUDGETS, type ThreadSummary } from './types.js';

const answer = (text: string) => ({
  content: [{ type: 'text' as const, text }],
  finishReason: { unified: 'stop' as const, raw: 'stop' },
  usage: { inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 1, text: 1, reasoning: undefined } },
  warnings: [],
});

const promptOf = (options: LanguageModelV3CallOptions) =>
  options.prompt.map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => ('text' in p ? p.text : '')).join(''))).join('\n');

const budgets = { ...DEFAULT_COMPACTION_BUDGETS, historyTokens: 1000 };

describe('summarizeStep', () => {
  const thread = makeThread(['My locker code is 4417. ' + filler(0), ...Array.from({ length: 19 }, (_, i) => filler(i + 1))]);
  const previous: ThreadSummary = { throughMessageId: thread[1].id, content: '- The user is called Ada.', tokens: 8, messageCount: 2, model: null };

  it('sends the previous summary and the next turns with instructions to keep facts, and returns the bounded summary', async () => {
    const model = new MockLanguageModelV3({ doGenerate: async () => answer('- Ada\'s locker code is 4417.') });
    const step = planCompaction(thread, previous, budgets)!;
    const result = await summarizeStep(model, step, { maxOutputTokens: 200 });
    expect(result).toEqual({ content: "- Ada's locker code is 4417.", tokens: textTokens("- Ada's locker code is 4417.") });
    const call = model.doGenerateCalls[0];
    const sent = promptOf(call);
    expect(sent).toContain(SUMMARIZER_MARKER);
    expect(sent).toMatch(/numbers?/);
    expect(sent).toContain('- The user is called Ada.');
    expect(sent).toContain(`User: ${thread[2].content}`);
    expect(sent).not.toContain('locker code is 4417'); // turn 0 is inside the previous summary, not sent again
    expect(call.temperature).toBe(0);
    expect(call.maxOutputTokens).toBe(200);
  });

  it('cuts a summary longer than its bound (a model that ignores maxOutputTokens)', async () => {
    const model = new MockLanguageModelV3({ doGenerate: async () => answer(filler(1, 100)) });
    const result = await summarizeStep(model, planCompaction(thread, null, budgets)!, { maxOutputTokens: 50 });
    expect(result.tokens).toBeLessThanOrEqual(52);
  });

  it('throws (so the job retries) on an empty summary', async () => {
    const model = new MockLanguageModelV3({ doGenerate: async () => answer('  ') });
    await expect(summarizeStep(model, planCompaction(thread, null, budgets)!, { maxOutputTokens: 50 })).rejects.toBeInstanceOf(EmptySummaryError);
  });
});
