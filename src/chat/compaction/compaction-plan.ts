import type { ThreadMessage } from '../types.js';
import { historyAfter } from './thread-history.js';
import { MESSAGE_OVERHEAD_TOKENS, messageTokens } from './token-count.js';
import type { CompactionBudgets, ThreadSummary } from './types.js';

/** The next summarization of a thread: fold `turns` into `previous`, ending at `through`. */
export interface CompactionStep {
  previous: ThreadSummary | null;
  turns: ThreadMessage[];
  /** Last message the new summary covers (an assistant answer, so the verbatim part starts with a question). */
  through: ThreadMessage;
  /** Thread messages, root first, through `through`. */
  messageCount: number;
  /** Tokens one turn may take in the summarizer's input; longer turns are cut to this. */
  perTurnTokens: number;
  /** True when more turns are due than one bounded call takes: another step follows. */
  more: boolean;
}

/** History tokens the prompt would carry: the summary plus every verbatim turn after it. */
export function historyTokens(thread: ThreadMessage[], summary: ThreadSummary | null): number {
  const split = historyAfter(thread, summary);
  let total = split.summary ? split.summary.tokens + MESSAGE_OVERHEAD_TOKENS : 0;
  for (const msg of split.turns) total += messageTokens(msg);
  return total;
}

/** True when the history is past the compaction trigger (newest first, stopping as soon as it is). */
export function overTrigger(thread: ThreadMessage[], summary: ThreadSummary | null, budgets: CompactionBudgets): boolean {
  const split = historyAfter(thread, summary);
  const trigger = budgets.historyTokens * budgets.triggerRatio;
  let total = split.summary ? split.summary.tokens + MESSAGE_OVERHEAD_TOKENS : 0;
  for (let i = split.turns.length - 1; i >= 0 && total <= trigger; i--) total += messageTokens(split.turns[i]);
  return total > trigger;
}

/**
 * Plans the next rolling summary, or null when the thread is within its trigger. The newest turns
 * (up to `keepRecentRatio` of the budget, and always the last exchange) stay verbatim; the older ones
 * after the current summary are folded into it, as many as one bounded summarizer call takes.
 */
export function planCompaction(thread: ThreadMessage[], summary: ThreadSummary | null, budgets: CompactionBudgets): CompactionStep | null {
  if (!overTrigger(thread, summary, budgets)) return null;
  const { summary: previous, turns } = historyAfter(thread, summary);
  const costs = turns.map(messageTokens);

  // The verbatim tail: newest first while it fits the keep share, never less than the last exchange.
  const keep = budgets.historyTokens * budgets.keepRecentRatio;
  let firstKept = turns.length;
  for (let kept = 0; firstKept > 0; ) {
    const cost = costs[firstKept - 1];
    if (kept + cost > keep && turns.length - firstKept >= 2) break;
    kept += cost;
    firstKept--;
  }
  // The verbatim part starts with a question: an answer at its edge is folded in with its question.
  while (firstKept < turns.length - 2 && turns[firstKept].role !== 'user') firstKept++;
  let due = lastAnswerBefore(turns, firstKept);
  if (due < 0) return null;

  // One call's input: the previous summary plus turns, each cut to half the rest so a question and its answer always fit.
  const input = Math.max(200, budgets.summaryInputTokens - (previous?.tokens ?? 0));
  const perTurnTokens = Math.floor(input / 2);
  let used = 0;
  let end = 0;
  while (end <= due && used + Math.min(costs[end], perTurnTokens) <= input) used += Math.min(costs[end++], perTurnTokens);
  const bounded = lastAnswerBefore(turns, end);
  const more = bounded < due;
  if (bounded >= 0) due = bounded;
  else return null;

  const through = turns[due];
  return { previous, turns: turns.slice(0, due + 1), through, messageCount: thread.indexOf(through) + 1, perTurnTokens, more };
}

/** Index of the last assistant turn before `end`, or -1. */
function lastAnswerBefore(turns: ThreadMessage[], end: number): number {
  for (let i = end - 1; i >= 0; i--) if (turns[i].role === 'assistant') return i;
  return -1;
}
