import { randomUUID } from 'node:crypto';
import { openDatabase, schema, type Database } from '../../src/db/index.js';
import { createTestDatabase, testStores } from '../support/test-database.js';

export { testStores };

/** A fresh, migrated store of the given kind, and how to throw it away. */
export async function openTestStore(kind: 'pglite' | 'postgres'): Promise<{ database: Database; close: () => Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ pgliteDir: null });
    return { database, close: () => database.close() };
  }
  const server = await createTestDatabase();
  const database = await openDatabase({ databaseUrl: server.url });
  return {
    database,
    close: async () => {
      await database.close();
      await server.drop();
    },
  };
}

/** Inserts a user row directly (the users module is not under test here). */
export async function createUser(database: Database, name = 'user'): Promise<string> {
  const id = randomUUID();
  await database.db.insert(schema.users).values({ id, email: `${name}-${id}@example.com`, name, role: 'user' });
  return id;
}

/** Inserts a conversation with one user message and its answer; returns their ids. */
export async function createExchange(database: Database, input: { userId: string; user: string; assistant: string; conversationId?: string; title?: string; at?: Date }) {
  const conversationId = input.conversationId ?? randomUUID();
  const at = input.at ?? new Date();
  if (!input.conversationId) {
    await database.db.insert(schema.conversations).values({ id: conversationId, userId: input.userId, title: input.title ?? 'Chat', createdAt: at, updatedAt: at });
  }
  const userMessageId = randomUUID();
  const assistantMessageId = randomUUID();
  await database.db.insert(schema.messages).values([
    { id: userMessageId, userId: input.userId, conversationId, parentId: null, role: 'user', content: input.user, status: 'complete', createdAt: at },
    { id: assistantMessageId, userId: input.userId, conversationId, parentId: userMessageId, role: 'assistant', content: input.assistant, status: 'complete', createdAt: new Date(at.getTime() + 1) },
  ]);
  return { conversationId, userMessageId, assistantMessageId };
}
