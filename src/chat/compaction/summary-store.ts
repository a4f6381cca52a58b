import { and, eq } from 'drizzle-orm';
import { schema, type Db } from '../../db/index.js';
import { deepestOnThread } from './thread-history.js';
import type { ThreadSummary } from './types.js';

const { conversationSummaries: s } = schema;

/** Rolling summaries of conversation threads. Every query is scoped by user id. */
export class SummaryStore {
  constructor(private readonly db: Db) {}

  /**
   * The deepest summary whose last message is one of `threadIds`. A conversation has a few summaries
   * and its thread hundreds of messages: reading the summaries' ids and picking in JS costs a fraction
   * of binding every message id into the query (2 ms of each turn for a 200-message thread).
   */
  async deepest(userId: string, conversationId: string, threadIds: string[]): Promise<ThreadSummary | null> {
    const scope = and(eq(s.userId, userId), eq(s.conversationId, conversationId));
    const heads = await this.db.select({ throughMessageId: s.throughMessageId, messageCount: s.messageCount }).from(s).where(scope);
    if (heads.length === 0) return null;
    const best = deepestOnThread(threadIds.map((id) => ({ id })), heads);
    if (!best) return null;
    const [row] = await this.db
      .select({ throughMessageId: s.throughMessageId, content: s.content, tokens: s.tokens, messageCount: s.messageCount, model: s.model })
      .from(s)
      .where(and(scope, eq(s.throughMessageId, best.throughMessageId)));
    return row ?? null;
  }

  /** Saves a summary; a summary through the same message already written (a concurrent job) is kept. */
  async save(userId: string, conversationId: string, summary: ThreadSummary): Promise<void> {
    await this.db
      .insert(s)
      .values({ ...summary, userId, conversationId })
      .onConflictDoNothing({ target: s.throughMessageId });
  }
}
