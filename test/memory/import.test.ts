import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationStore, threadTo } from '../../src/chat/index.js';
import type { Database } from '../../src/db/index.js';
import { buildRedlineExport, ImportFormatError, MemoryService, parseChatGptExport } from '../../src/memory/index.js';
import { createUser, openTestStore, testStores } from './support.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/chatgpt-conversations.json', import.meta.url), 'utf8')) as unknown;

describe('parseChatGptExport', () => {
  it('keeps branches, drops tool and hidden nodes, merges an answer split around a tool call', () => {
    const { conversations, invalid } = parseChatGptExport(fixture);
    expect(invalid).toEqual([{ index: 2, title: 'Broken', error: expect.any(String) }]);
    const [kyoto, photo] = conversations;
    expect(kyoto.title).toBe('Kyoto trip');
    expect(kyoto.messages.map((m) => [m.sourceId, m.parentSourceId, m.role])).toEqual([
      ['u1', null, 'user'],
      ['u1b', null, 'user'],
      ['a1', 'u1', 'assistant'],
      ['a2', 'u1b', 'assistant'],
      ['a2b', 'u1b', 'assistant'],
      ['u2', 'a2b', 'user'],
      ['a3', 'u2', 'assistant'],
    ]);
    expect(kyoto.messages.at(-1)?.content).toBe('Let me compute that.\n\nAbout 16,250 yen.');
    expect(kyoto.currentMessageId).toBe('a3');
    expect(kyoto.messages[0].createdAt.toISOString()).toBe(new Date(1714000010 * 1000).toISOString());
    // The current node was a hidden message: its nearest visible ancestor becomes the current leaf.
    expect(photo.currentMessageId).toBe('ans');
    expect(photo.messages.map((m) => m.content)).toEqual(['[image]\nWhat is in this photo?', 'A cat on a windowsill.']);
  });

  it('rejects what is not an export', async () => {
    await expect(new MemoryService({ db: null as never, hasVector: false }).import('x', { hello: 1 })).rejects.toBeInstanceOf(ImportFormatError);
  });
});

describe.each(testStores)('import on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;
  let memories: MemoryService;
  let store: ConversationStore;

  beforeAll(async () => {
    ({ database, close } = await openTestStore(kind));
    memories = new MemoryService({ db: database.db, hasVector: database.hasVector, singleWriter: database.singleWriter });
    store = new ConversationStore(database.db);
  });
  afterAll(async () => close?.());

  it('imports a ChatGPT export into the user history with branches and the current leaf, once', async () => {
    const alice = await createUser(database, 'alice');
    const bob = await createUser(database, 'bob');
    const result = await memories.import(alice, fixture);
    expect(result).toMatchObject({ source: 'chatgpt', skipped: [], failed: [], invalid: [{ title: 'Broken' }] });
    expect(result.imported.map((c) => [c.title, c.messages])).toEqual([['Kyoto trip', 7], ['Photo question', 2]]);

    const conversations = await store.list(alice, {});
    expect(conversations.map((c) => c.title)).toEqual(['Photo question', 'Kyoto trip']);
    const kyoto = conversations[1];
    const all = await store.messages(alice, kyoto.id);
    expect(all).toHaveLength(7);
    const thread = threadTo(all, kyoto.currentLeafId!);
    expect(thread.map((m) => m.content)).toEqual(['Plan a trip to Kyoto in April', 'Day 1: Kiyomizu-dera at dawn.', 'How many yen is 100 euros?', 'Let me compute that.\n\nAbout 16,250 yen.']);
    // The other branches are there to switch to.
    const roots = all.filter((m) => m.parentId === null).map((m) => m.content);
    expect(roots).toEqual(['Plan a trip', 'Plan a trip to Kyoto in April']);
    const answers = all.filter((m) => m.parentId === thread[0].id).map((m) => m.content);
    expect(answers).toEqual(['Day 1: Fushimi Inari.', 'Day 1: Kiyomizu-dera at dawn.']);
    expect(all.every((m) => m.status === 'complete')).toBe(true);
    expect(thread[1].model).toBe('gpt-4o');

    // Imported history is searchable, for its owner only.
    expect((await memories.searchMessages(alice, 'Kiyomizu'))[0]?.conversationId).toBe(kyoto.id);
    expect(await memories.searchMessages(bob, 'Kiyomizu')).toEqual([]);
    expect(await store.list(bob, {})).toEqual([]);

    const again = await memories.import(alice, fixture);
    expect(again.imported).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(['already_imported', 'already_imported']);
    expect(await store.list(alice, {})).toHaveLength(2);
  });

  it("round-trips Redline's own export, memories included, into another user's history", async () => {
    const alice = await createUser(database, 'alice');
    const carol = await createUser(database, 'carol');
    await memories.import(alice, fixture);
    await memories.handleCommand(alice, 'remember that I live in Lisbon', { source: { messageId: null, conversationId: null } });
    const exported = JSON.parse(JSON.stringify(await buildRedlineExport(database.db, alice))) as unknown;
    const result = await memories.import(carol, exported);
    expect(result).toMatchObject({ source: 'redline', memories: 1, failed: [] });
    expect(result.imported).toHaveLength(2);
    const [photo, kyoto] = await store.list(carol, {});
    expect(photo.title).toBe('Photo question');
    const all = await store.messages(carol, kyoto.id);
    expect(all).toHaveLength(7);
    expect(threadTo(all, kyoto.currentLeafId!).at(-1)?.content).toBe('Let me compute that.\n\nAbout 16,250 yen.');
    expect((await memories.list(carol)).map((m) => m.content)).toEqual(['User lives in Lisbon']);
  });
});
