import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

/** Counts of rows that break the store's invariants; all zero in a healthy store. */
export interface StoreCheck {
  messages: number;
  conversations: number;
  badStatus: number;
  /** Assistant rows without a parent, or whose parent is not in the same conversation. */
  orphanAssistants: number;
  /** Any row whose parent_id names no message of its conversation. */
  danglingParents: number;
  /** Conversations whose current leaf is not one of their messages. */
  missingLeaves: number;
  /** Rows still `streaming` after a clean stop. */
  streaming: number;
  /** Acknowledged user message ids that are not in the store. */
  lostUserMessages: number;
}

const VALID = ['complete', 'streaming', 'stopped', 'interrupted', 'failed'];

/**
 * Opens the embedded store of a stopped Redline (PGlite is single-process: never while it runs) and
 * checks every row, not just what the API shows.
 */
export async function checkStore(dataDir: string, acknowledgedUserIds: string[]): Promise<StoreCheck> {
  const db = await PGlite.create({ dataDir: path.join(dataDir, 'db'), extensions: { vector } });
  try {
    const count = async (query: string, params: unknown[] = []) => Number((await db.query<{ n: number }>(`select count(*)::int as n ${query}`, params)).rows[0].n);
    const found = await db.query<{ id: string }>(`select id::text as id from messages where role = 'user' and id::text = any($1)`, [acknowledgedUserIds]);
    return {
      messages: await count('from messages'),
      conversations: await count('from conversations'),
      badStatus: await count(`from messages where status <> all($1)`, [VALID]),
      orphanAssistants: await count(
        `from messages a where a.role = 'assistant' and (a.parent_id is null or not exists (select 1 from messages p where p.id = a.parent_id and p.conversation_id = a.conversation_id))`,
      ),
      danglingParents: await count(`from messages a where a.parent_id is not null and not exists (select 1 from messages p where p.id = a.parent_id and p.conversation_id = a.conversation_id)`),
      missingLeaves: await count(`from conversations c where c.current_leaf_id is not null and not exists (select 1 from messages m where m.id = c.current_leaf_id and m.conversation_id = c.id)`),
      streaming: await count(`from messages where status = 'streaming'`),
      lostUserMessages: acknowledgedUserIds.length - found.rows.length,
    };
  } finally {
    await db.close();
  }
}
