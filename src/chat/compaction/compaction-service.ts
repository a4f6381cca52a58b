import type { Logger } from 'pino';
import type { Db } from '../../db/index.js';
import { PermanentJobError, type JobEnqueuer } from '../../jobs/index.js';
import { threadTo } from '../build-prompt.js';
import type { ConversationStore } from '../conversation-store.js';
import type { ThreadMessage } from '../types.js';
import { overTrigger, planCompaction } from './compaction-plan.js';
import { summarizeStep } from './summarize.js';
import { SummaryStore } from './summary-store.js';
import {
  COMPACTION_JOB_KIND,
  DEFAULT_COMPACTION_BUDGETS,
  type CompactionBudgets,
  type CompactionJobRegistrar,
  type CompactJobPayload,
  type SummaryModelResolver,
  type ThreadSummary,
  type TurnCompaction,
} from './types.js';

export interface CompactionServiceOptions {
  db: Db;
  store: ConversationStore;
  /** Where compaction jobs go; without it nothing is summarized and long threads are truncated. */
  jobs: JobEnqueuer | null;
  resolveModel: SummaryModelResolver;
  /** A small, fast model for summaries (the router's `fast`); null uses the conversation's model. */
  summaryModel: string | null;
  budgets: Pick<CompactionBudgets, 'historyTokens'> & Partial<CompactionBudgets>;
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Context compaction: when a thread's history passes its trigger, a background job folds its older
 * turns into a rolling summary (previous summary + next older turns, one bounded call at a time).
 * Prompts then carry the deepest summary on their thread and the turns after it.
 */
export class CompactionService implements TurnCompaction {
  readonly budgets: CompactionBudgets;
  private readonly summaries: SummaryStore;

  constructor(private readonly options: CompactionServiceOptions) {
    this.budgets = { ...DEFAULT_COMPACTION_BUDGETS, ...options.budgets };
    this.summaries = new SummaryStore(options.db);
  }

  async summaryFor(userId: string, conversationId: string, thread: ThreadMessage[]): Promise<ThreadSummary | null> {
    // A thread whose every turn fits under the trigger goes verbatim: no summary was written for it
    // (one from a longer sibling branch would only replace turns that fit), and no query is made.
    if (!overTrigger(thread, null, this.budgets)) return null;
    return this.summaries.deepest(userId, conversationId, thread.map((msg) => msg.id));
  }

  async afterTurn(userId: string, turn: { conversationId: string; thread: ThreadMessage[]; summary: ThreadSummary | null; model: string | null }): Promise<boolean> {
    const leaf = turn.thread.at(-1);
    if (!this.options.jobs || !leaf || !overTrigger(turn.thread, turn.summary, this.budgets)) return false;
    const payload: CompactJobPayload = { conversationId: turn.conversationId, leafId: leaf.id, model: turn.model };
    await this.options.jobs.enqueue(userId, COMPACTION_JOB_KIND, payload, { maxAttempts: this.budgets.maxAttempts });
    return true;
  }

  /** Registers the `chat.compact` handler on the job queue. */
  registerJobs(queue: CompactionJobRegistrar): void {
    queue.register<CompactJobPayload>(COMPACTION_JOB_KIND, async (job, { signal }) => void (await this.compact(job.userId, job.payload, signal)));
  }

  /**
   * The `chat.compact` job: writes the next summary of the thread ending at `leafId`, and enqueues
   * the step after it when one call could not take every due turn. Returns the summary written, or null.
   */
  async compact(userId: string, payload: CompactJobPayload, signal?: AbortSignal): Promise<ThreadSummary | null> {
    const messages = await this.options.store.messages(userId, payload.conversationId);
    // Deleted since (the conversation or the branch): nothing to do.
    if (!messages.some((msg) => msg.id === payload.leafId)) return null;
    const thread = threadTo(messages, payload.leafId).filter((msg) => msg.status !== 'streaming');
    const current = await this.summaryFor(userId, payload.conversationId, thread);
    const step = planCompaction(thread, current, this.budgets);
    if (!step) return null;
    const modelId = this.options.summaryModel ?? payload.model;
    const model = modelId ? this.options.resolveModel(modelId) : null;
    if (!modelId || !model) throw new PermanentJobError(`No model can write the summary (${modelId ?? 'none configured'}).`);
    const written = await summarizeStep(model, step, { maxOutputTokens: this.budgets.summaryMaxTokens, signal });
    const summary: ThreadSummary = { throughMessageId: step.through.id, content: written.content, tokens: written.tokens, messageCount: step.messageCount, model: modelId };
    await this.summaries.save(userId, payload.conversationId, summary);
    if (step.more && this.options.jobs) await this.options.jobs.enqueue(userId, COMPACTION_JOB_KIND, payload, { maxAttempts: this.budgets.maxAttempts });
    return summary;
  }
}
