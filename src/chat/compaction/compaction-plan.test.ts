import { describe, expect, it } from 'vitest';
import { historyTokens, overTrigger, planCompaction } from './compaction-plan.js';
import { filler, makeThread } from './test-thread.js';
import { messageTokens } from './token-count.js';
import { DEFAULT_COMPACTION_BUDGETS, type CompactionBudgets, type ThreadSummary } from './types.js';

const budgets = (over: Partial<CompactionBudgets> = {}): CompactionBudgets => ({ ...DEFAULT_COMPACTION_BUDGETS, historyTokens: 1000, ...over });
// 20 messages of ~100 tokens each: ~2,000 tokens of history.
const longTexts = () => ['My locker code is 4417. ' + filler(0), ...Array.from({ length: 19 }, (_, i) => filler(i + 1))];

describe('planCompaction', () => {
  it('does nothing while the history is under its trigger', () => {
    const thread = makeThread(['hello', 'hi there', 'how are you?', 'fine']);
    expect(overTrigger(thread, null, budgets())).toBe(false);
    expect(planCompaction(thread, null, budgets())).toBeNull();
  });

  it('folds the oldest turns, keeps the newest verbatim within the keep share, and ends on an answer', () => {
    const thread = makeThread(longTexts());
    const step = planCompaction(thread, null, budgets())!;
    expect(step).not.toBeNull();
    expect(step.previous).toBeNull();
    expect(step.turns[0].content).toContain('locker code is 4417');
    expect(step.through.role).toBe('assistant');
    expect(step.messageCount).toBe(thread.findIndex((msg) => msg.id === step.through.id) + 1);
    const kept = thread.slice(step.messageCount);
    expect(kept[0].role).toBe('user');
    // What stays verbatim fits the keep share (40% of 1,000 tokens), so compaction is not due again next turn.
    expect(kept.reduce((sum, msg) => sum + messageTokens(msg), 0)).toBeLessThanOrEqual(400);
    expect(step.more).toBe(false);
  });

  it('rolls: with a summary, only the turns after it are folded into it', () => {
    const thread = makeThread([...longTexts(), ...Array.from({ length: 10 }, (_, i) => filler(100 + i))]);
    const summary: ThreadSummary = { throughMessageId: thread[13].id, content: '- The user\'s locker code is 4417.', tokens: 12, messageCount: 14, model: 'fake:model' };
    const step = planCompaction(thread, summary, budgets())!;
    expect(step.previous).toBe(summary);
    expect(step.turns[0]).toBe(thread[14]);
    expect(step.messageCount).toBeGreaterThan(14);
  });

  it('ignores a summary of another branch', () => {
    const thread = makeThread(longTexts());
    const elsewhere: ThreadSummary = { throughMessageId: 'not-on-this-thread', content: 'x', tokens: 1, messageCount: 10, model: null };
    expect(planCompaction(thread, elsewhere, budgets())!.turns[0]).toBe(thread[0]);
  });

  it('bounds one call: turns past the input budget wait for the next step', () => {
    const thread = makeThread(longTexts());
    const step = planCompaction(thread, null, budgets({ summaryInputTokens: 450 }))!;
    expect(step.more).toBe(true);
    expect(step.turns.reduce((sum, msg) => sum + messageTokens(msg), 0)).toBeLessThanOrEqual(450);
    expect(step.through.role).toBe('assistant');
  });

  it('cuts a single huge turn to its share instead of exceeding the input budget', () => {
    const huge = filler(1, 400); // ~5,000 tokens
    const thread = makeThread([huge, 'ok', ...Array.from({ length: 6 }, (_, i) => filler(i, 4))]);
    const step = planCompaction(thread, null, budgets({ summaryInputTokens: 1000 }))!;
    expect(step.turns[0].content).toBe(huge);
    expect(step.perTurnTokens).toBe(500);
  });

  it('counts the summary in the history it replaces', () => {
    const thread = makeThread(['a', 'b', 'c', 'd']);
    const summary: ThreadSummary = { throughMessageId: thread[1].id, content: 'sum', tokens: 50, messageCount: 2, model: null };
    expect(historyTokens(thread, summary)).toBe(50 + 4 + messageTokens(thread[2]) + messageTokens(thread[3]));
  });
});
