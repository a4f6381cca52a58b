import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../../models/index.js';
import { buildPrompt } from '../build-prompt.js';
import { messageTokens } from './token-count.js';
import { filler, makeThread } from './test-thread.js';
import type { ThreadSummary } from './types.js';

const texts = (prompt: LanguageModelV3Prompt) =>
  prompt.map((msg) => (typeof msg.content === 'string' ? msg.content : msg.content.map((part) => ('text' in part ? part.text : '')).join('')));

const long = () => makeThread(['My locker code is 4417. ' + filler(0), ...Array.from({ length: 19 }, (_, i) => filler(i + 1)), 'What is my locker code?']);

describe('buildPrompt with a rolling summary', () => {
  it('sends the summary as a labelled context block, then the turns after it, and not the summarized turns', () => {
    const thread = long();
    const summary: ThreadSummary = { throughMessageId: thread[11].id, content: "- The user's locker code is 4417.", tokens: 10, messageCount: 12, model: 'fake:fast' };
    const prompt = buildPrompt(thread, { maxTokens: 4000, summary });
    const all = texts(prompt);
    expect(prompt[1].role).toBe('system');
    expect(all[1]).toMatch(/^Summary of the earlier part of this conversation/);
    expect(all[1]).toContain('4417');
    expect(prompt[2].role).toBe('user');
    expect(all[2]).toBe(thread[12].content);
    expect(all.at(-1)).toBe('What is my locker code?');
    // The summarized turns are gone, though the budget had room for them.
    expect(all.join('\n')).not.toContain('Turn 5 sentence');
    expect(prompt).toHaveLength(2 + thread.length - 12);
  });

  it('without a summary, falls back to the newest turns that fit (the early fact is dropped, nothing waits)', () => {
    const thread = long();
    const prompt = buildPrompt(thread, { maxTokens: 600 });
    const all = texts(prompt);
    expect(prompt.length).toBeLessThan(thread.length / 2);
    expect(all.join('\n')).not.toContain('4417');
    expect(all.at(-1)).toBe('What is my locker code?');
    expect(prompt[1].role).toBe('user');
  });

  it('ignores a summary through a message that is not on this branch', () => {
    const thread = long();
    const other = makeThread(['x', 'y']);
    const summary: ThreadSummary = { throughMessageId: other[1].id, content: 'OTHER BRANCH', tokens: 3, messageCount: 2, model: null };
    expect(texts(buildPrompt(thread, { maxTokens: 600, summary })).join('\n')).not.toContain('OTHER BRANCH');
  });

  it('keeps the prompt prefix byte-identical across turns until a new summary is written', () => {
    const thread = long();
    const summary: ThreadSummary = { throughMessageId: thread[11].id, content: '- Locker code 4417.', tokens: 8, messageCount: 12, model: null };
    const before = buildPrompt(thread, { maxTokens: 4000, summary });
    const next = [...thread, ...makeThread(['It is 4417.', 'Thanks! And the gym hours?']).map((msg, i) => ({ ...msg, role: i === 0 ? ('assistant' as const) : ('user' as const) }))];
    const after = buildPrompt(next, { maxTokens: 4000, summary });
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('subtracts the summary from the budget: fewer verbatim turns fit beside a long summary', () => {
    const thread = long();
    const short: ThreadSummary = { throughMessageId: thread[1].id, content: 'short', tokens: 1, messageCount: 2, model: null };
    const big: ThreadSummary = { ...short, content: filler(99, 30) };
    expect(buildPrompt(thread, { maxTokens: 1500, summary: big }).length).toBeLessThan(buildPrompt(thread, { maxTokens: 1500, summary: short }).length);
  });

  it('fits as many turns beside a long system prompt as its real token count allows', () => {
    const thread = long();
    // Long words of many bytes each: far fewer tokens than bytes, so a byte count would keep fewer turns.
    const system = 'Remember these: ' + Array.from({ length: 120 }, (_, i) => `extraordinarily${i}`).join(' ');
    const systemTokens = countTokens(system);
    const historyTokens = thread.map((m) => messageTokens(m));
    // Room for the newest turns from a user message on (a thread does not start with an answer).
    const fit = thread[thread.length - 8].role === 'user' ? 8 : 9;
    const maxTokens = systemTokens + historyTokens.slice(-fit).reduce((a, b) => a + b, 0);
    const kept = buildPrompt(thread, { maxTokens, system }).length - 1;
    expect(Buffer.byteLength(system)).toBeGreaterThan(systemTokens * 2);
    expect(kept).toBe(fit);
    // With room for all of it, the whole history goes.
    expect(buildPrompt(thread, { maxTokens: 100_000, system }).length - 1).toBe(thread.length);
  });
});
