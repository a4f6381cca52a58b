import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Db } from '../../db/index.js';
import { normalizeTree } from './message-tree.js';
import { ImportFormatError, type ImportedConversation } from './types.js';

/**
 * Redline's own export: every conversation with its whole message tree (branches included) and,
 * optionally, the user's memories. `currentLeafId` is the branch the conversation shows.
 *
 * @example
 * { "format": "redline.export", "version": 1, "exportedAt": "2025-01-01T00:00:00.000Z",
 *   "conversations": [{ "id": "…", "title": "Trip", "model": "openai:gpt-4.1", "createdAt": "…", "updatedAt": "…",
 *     "currentLeafId": "m2", "messages": [{ "id": "m1", "parentId": null, "role": "user", "content": "Hi", "model": null, "createdAt": "…" },
 *                                          { "id": "m2", "parentId": "m1", "role": "assistant", "content": "Hello!", "model": "openai:gpt-4.1", "createdAt": "…" }] }],
 *   "memories": [{ "kind": "fact", "content": "User lives in Lisbon", "status": "active", "createdAt": "…" }] }
 */
export const redlineExportSchema = z.object({
  format: z.literal('redline.export'),
  version: z.literal(1),
  exportedAt: z.string(),
  conversations: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      model: z.string().nullable(),
      createdAt: z.coerce.date(),
      updatedAt: z.coerce.date(),
      currentLeafId: z.string().nullable(),
      messages: z.array(
        z.object({
          id: z.string(),
          parentId: z.string().nullable(),
          role: z.enum(['user', 'assistant', 'system']),
          content: z.string(),
          model: z.string().nullable().default(null),
          createdAt: z.coerce.date(),
        }),
      ),
    }),
  ),
  memories: z
    .array(z.object({ kind: z.enum(['fact', 'preference', 'goal', 'relationship']), content: z.string(), status: z.enum(['active', 'superseded', 'deleted']), createdAt: z.coerce.date() }))
    .default([]),
});

export type RedlineExport = z.input<typeof redlineExportSchema>;

/** True when `json` says it is a Redline export. */
export function isRedlineExport(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { format?: unknown }).format === 'redline.export';
}

/** Reads a Redline export (validated as a whole: it is our own format). */
export function parseRedlineExport(json: unknown): { conversations: ImportedConversation[]; memories: { kind: 'fact' | 'preference' | 'goal' | 'relationship'; content: string; createdAt: Date }[] } {
  const parsed = redlineExportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ImportFormatError(`Not a valid Redline export: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}.`);
  }
  const conversations = parsed.data.conversations.map((c): ImportedConversation => {
    const nodes = c.messages.map((m) => ({
      id: m.id,
      parentId: m.parentId,
      message: m.role === 'system' ? null : { role: m.role, content: m.content, model: m.model, createdAt: m.createdAt },
    }));
    const { messages, currentMessageId } = normalizeTree(nodes, { currentId: c.currentLeafId, fallbackTime: c.createdAt });
    return { sourceId: c.id, title: c.title, model: c.model, createdAt: c.createdAt, updatedAt: c.updatedAt, currentMessageId, messages };
  });
  const memories = parsed.data.memories.filter((m) => m.status === 'active').map(({ kind, content, createdAt }) => ({ kind, content, createdAt }));
  return { conversations, memories };
}

/** Builds the user's export: every conversation with its message tree, and their active memories. */
export async function buildRedlineExport(db: Db, userId: string): Promise<z.output<typeof redlineExportSchema>> {
  const { conversations: c, messages: m, memories: mem } = schema;
  // Temporary chats are not kept, so they are not exported either.
  const conversations = await db.select().from(c).where(and(eq(c.userId, userId), eq(c.temporary, false))).orderBy(asc(c.createdAt));
  const out: z.output<typeof redlineExportSchema>['conversations'] = [];
  // A page of conversations at a time keeps one query's result bounded.
  for (let i = 0; i < conversations.length; i += 100) {
    const page = conversations.slice(i, i + 100);
    const rows = await db
      .select({ id: m.id, conversationId: m.conversationId, parentId: m.parentId, role: m.role, content: m.content, model: m.model, createdAt: m.createdAt })
      .from(m)
      .where(and(eq(m.userId, userId), inArray(m.conversationId, page.map((conv) => conv.id))))
      .orderBy(asc(m.createdAt), asc(m.id));
    for (const conv of page) {
      out.push({
        id: conv.id,
        title: conv.title,
        model: conv.model,
        createdAt: conv.createdAt,
        updatedAt: conv.updatedAt,
        currentLeafId: conv.currentLeafId,
        messages: rows.filter((row) => row.conversationId === conv.id).map(({ conversationId: _c, ...row }) => row),
      });
    }
  }
  const memories = await db
    .select({ kind: mem.kind, content: mem.content, status: mem.status, createdAt: mem.createdAt })
    .from(mem)
    .where(and(eq(mem.userId, userId), eq(mem.status, 'active')))
    .orderBy(asc(mem.createdAt));
  return { format: 'redline.export', version: 1, exportedAt: new Date().toISOString(), conversations: out, memories };
}
