import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { JobHandler } from '../../jobs/index.js';
import type { ThreadMessage } from '../types.js';

/** The job kind that writes the next rolling summary of a thread. */
export const COMPACTION_JOB_KIND = 'chat.compact';

/** A rolling summary of a thread from the root through `throughMessageId` (it serves every branch through that message). */
export interface ThreadSummary {
  throughMessageId: string;
  content: string;
  /** Tokens of `content` (gpt-tokenizer, the prompt budget's tokenizer). */
  tokens: number;
  /** Thread messages, root first, that the summary replaces. */
  messageCount: number;
  model: string | null;
}

/** Token budgets of compaction; every summarization is bounded by them. */
export interface CompactionBudgets {
  /** The history budget of a prompt (the same number buildPrompt gets). */
  historyTokens: number;
  /** Compact once summary + verbatim turns pass this share of the budget, so the summary is ready before turns are dropped. */
  triggerRatio: number;
  /** Share of the budget kept as verbatim recent turns after compacting; the gap to the trigger is what keeps the prefix stable for many turns. */
  keepRecentRatio: number;
  /** Tokens of previous summary + turns sent to one summarization call. */
  summaryInputTokens: number;
  /** Longest summary the model may write. */
  summaryMaxTokens: number;
  /** Attempts of one compaction job. */
  maxAttempts: number;
}

export const DEFAULT_COMPACTION_BUDGETS: Omit<CompactionBudgets, 'historyTokens'> = {
  triggerRatio: 0.8,
  keepRecentRatio: 0.4,
  summaryInputTokens: 6000,
  summaryMaxTokens: 1000,
  maxAttempts: 3,
};

/** Payload of a `chat.compact` job: compact the thread ending at `leafId`. */
export interface CompactJobPayload {
  conversationId: string;
  leafId: string;
  /** The conversation's model, used when no fast model is configured. */
  model: string | null;
}

/** What a turn asks of compaction: the summary for its prompt, and a look after it finishes. */
export interface TurnCompaction {
  /** The deepest summary whose last message is on `thread`, or null. */
  summaryFor(userId: string, conversationId: string, thread: ThreadMessage[]): Promise<ThreadSummary | null>;
  /** After a finished answer: enqueues a compaction job when the thread is over its trigger. True when one was enqueued. */
  afterTurn(userId: string, turn: { conversationId: string; thread: ThreadMessage[]; summary: ThreadSummary | null; model: string | null }): Promise<boolean>;
}

/** The registering side of the job queue. */
export interface CompactionJobRegistrar {
  register<P>(kind: string, handler: JobHandler<P>): void;
}

/** Finds the model that writes summaries; null when none can be called. */
export type SummaryModelResolver = (modelId: string) => LanguageModelV3 | null;
