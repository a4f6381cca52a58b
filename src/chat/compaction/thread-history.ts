import type { ThreadMessage } from '../types.js';
import { isPromptable } from './token-count.js';
import type { ThreadSummary } from './types.js';

/**
 * Splits a thread at its summary: the summary (when its last message is on this thread) and the
 * promptable turns after it. Without a usable summary, every promptable turn.
 */
export function historyAfter(thread: ThreadMessage[], summary: ThreadSummary | null): { summary: ThreadSummary | null; turns: ThreadMessage[] } {
  const at = summary ? thread.findIndex((msg) => msg.id === summary.throughMessageId) : -1;
  return { summary: at >= 0 ? summary : null, turns: thread.slice(at + 1).filter(isPromptable) };
}

/** The deepest of `summaries` on `thread` (most messages replaced), or null. */
export function deepestOnThread<S extends Pick<ThreadSummary, 'throughMessageId' | 'messageCount'>>(thread: Pick<ThreadMessage, 'id'>[], summaries: S[]): S | null {
  const onThread = new Set(thread.map((msg) => msg.id));
  let best: S | null = null;
  for (const summary of summaries) {
    if (onThread.has(summary.throughMessageId) && (!best || summary.messageCount > best.messageCount)) best = summary;
  }
  return best;
}

const SUMMARY_HEADING = 'Summary of the earlier part of this conversation (those messages are not shown; rely on this summary for them):';

/** The context block the summary goes into, right before the verbatim turns. */
export const summaryBlock = (summary: ThreadSummary): string => `${SUMMARY_HEADING}\n${summary.content}`;
