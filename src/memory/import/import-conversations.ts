import { randomUUID } from 'node:crypto';
import { schema, type Db } from '../../db/index.js';
import { isChatGptExport, parseChatGptExport } from './chatgpt-export.js';
import { isRedlineExport, parseRedlineExport } from './redline-export.js';
import { ImportFormatError, type ImportedConversation, type ImportResult, type ImportSource } from './types.js';

const INSERT_CHUNK = 500;

class AlreadyImported extends Error {}

/** What a parsed export holds, whichever format it was. */
export interface ParsedExport {
  source: ImportSource;
  conversations: ImportedConversation[];
  memories: { kind: 'fact' | 'preference' | 'goal' | 'relationship'; content: string; createdAt: Date }[];
  invalid: { index: number; title: string; error: string }[];
}

/** Reads a ChatGPT `conversations.json` or a Redline export, told apart by their shape. */
export function parseExport(json: unknown): ParsedExport {
  if (isRedlineExport(json)) return { source: 'redline', ...parseRedlineExport(json), invalid: [] };
  if (isChatGptExport(json)) return { source: 'chatgpt', memories: [], ...parseChatGptExport(json) };
  throw new ImportFormatError('This file is neither a ChatGPT export (conversations.json) nor a Redline export.');
}

/**
 * Writes imported conversations into the user's history, one transaction per conversation (a bad one
 * does not stop the others). New ids are given; the tree, the branches and the current leaf are kept.
 * A conversation imported before from the same source is skipped.
 */
export async function importConversations(db: Db, userId: string, input: { source: ImportSource; conversations: ImportedConversation[] }): Promise<ImportResult> {
  const result: ImportResult = { imported: [], skipped: [], failed: [] };
  for (const conversation of input.conversations) {
    if (conversation.messages.length === 0) {
      result.skipped.push({ sourceId: conversation.sourceId, title: conversation.title, reason: 'empty' });
      continue;
    }
    try {
      const conversationId = await writeConversation(db, { userId, source: input.source, conversation });
      result.imported.push({ sourceId: conversation.sourceId, conversationId, title: conversation.title, messages: conversation.messages.length });
    } catch (error) {
      if (error instanceof AlreadyImported) result.skipped.push({ sourceId: conversation.sourceId, title: conversation.title, reason: 'already_imported' });
      else result.failed.push({ sourceId: conversation.sourceId, title: conversation.title, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

async function writeConversation(db: Db, input: { userId: string; source: ImportSource; conversation: ImportedConversation }): Promise<string> {
  const { userId, source, conversation } = input;
  const ids = new Map(conversation.messages.map((m) => [m.sourceId, randomUUID()]));
  const conversationId = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(schema.conversations).values({
      id: conversationId,
      userId,
      title: conversation.title.slice(0, 200),
      model: conversation.model,
      currentLeafId: conversation.currentMessageId ? (ids.get(conversation.currentMessageId) ?? null) : null,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
    });
    const marker = await tx
      .insert(schema.importedConversations)
      .values({ userId, source, sourceId: conversation.sourceId, conversationId })
      .onConflictDoNothing()
      .returning({ id: schema.importedConversations.conversationId });
    if (marker.length === 0) throw new AlreadyImported();
    const rows = conversation.messages.map((m) => ({
      id: ids.get(m.sourceId)!,
      userId,
      conversationId,
      parentId: m.parentSourceId ? (ids.get(m.parentSourceId) ?? null) : null,
      role: m.role,
      content: m.content,
      status: 'complete' as const,
      model: m.model,
      metadata: { imported: { source, id: m.sourceId } },
      createdAt: m.createdAt,
      updatedAt: m.createdAt,
    }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await tx.insert(schema.messages).values(rows.slice(i, i + INSERT_CHUNK));
  });
  return conversationId;
}
