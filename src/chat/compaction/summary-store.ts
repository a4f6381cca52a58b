import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '../../db/index.js';
import { deepestOnThread } from './thread-history.js';
import type { ThreadSummary } from './types.js';

const { conversationSummaries: s } = schema;

// Postgres takes at most 65,535 bind parameters; long threads are looked up in slices.
const IDS_PER_QUERY = 5000;

/** Rolling summaries of conversation threads. Every query is scoped by user id. */
export class SummaryStore {
  constructor(private readonly db: Db) {}

  /** The deepest summary whose last message is one of `threadIds` (one query for any thread under 5,000 messages). */
  async deepest(userId: string, conversationId: string, threadIds: string[]): Promise<ThreadSummary | null> {
    const found: ThreadSummary[] = [];
    for (let i = 0; i < threadIds.length; i += IDS_PER_QUERY) {
      const rows = await this.db
        .select({ throughMessageId: s.throughMessageId, content: s.content, tokens: s.tokens, messageCount: s.messageCount, model: s.model })
        .from(s)
        .where(and(eq(s.userId, userId), eq(s.conversationId, conversationId), inArray(s.throughMessageId, threadIds.slice(i, i + IDS_PER_QUERY))));
      found.push(...rows);
    }
    return deepestOnThread(threadIds.map((id) => ({ id })), found);
  }

  /** Saves a summary; a summary through the same message already written (a concurrent job) is kept. */
  async save(userId: string, conversationId: string, summary: ThreadSummary): Promise<void> {
    await this.db
      .insert(s)
      .values({ ...summary, userId, conversationId })
      .onConflictDoNothing({ target: s.throughMessageId });
  }
}
