import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/index.js';
import { MemoryRetriever, MemoryService } from '../../src/memory/index.js';
import type { Memory } from '../../src/memory/types.js';
import { MemoryIndex, orQueryTerms, tsvectorLexemes } from '../../src/memory/memory-index.js';
import { createUser, openTestStore } from './support.js';

const source = { messageId: null, conversationId: null };
const day = 86_400_000;

/**
 * The embedded store searches memories in process (MemoryIndex): the same results as the SQL search,
 * through every kind of write, for each user alone.
 */
describe('memory search from the in-process index', () => {
  let database: Database;
  let close: () => Promise<void>;
  let indexed: MemoryService;
  let inSql: MemoryRetriever;

  beforeAll(async () => {
    ({ database, close } = await openTestStore('pglite'));
    // One clock for both, so the recency term (and with it the score) is the same.
    const now = () => Date.parse('2026-12-03T12:00:00Z');
    indexed = new MemoryService({ db: database.db, hasVector: database.hasVector, singleWriter: true, now });
    inSql = new MemoryRetriever({ db: database.db, hasVector: database.hasVector, now });
  });
  afterAll(async () => close?.());

  const QUERIES = [
    'What is my favourite café?',
    'Where do I live and work?',
    "what's O'Brien's e-mail address",
    'Which number is item 42?',
    'Do I like jazz or rock?',
    'tell me about my dog',
  ];
  /** Both searches, and the newest preferences that come with every turn. */
  const both = async (userId: string, query: string) => {
    const options = { k: 10, newest: { kind: 'preference' as const, limit: 5 } };
    const fromIndex = await indexed.retriever.searchMemoriesWithNewest(userId, query, options);
    const fromSql = await inSql.searchMemoriesWithNewest(userId, query, options);
    return { fromIndex, fromSql };
  };
  const expectSame = async (userId: string) => {
    for (const query of QUERIES) {
      const { fromIndex, fromSql } = await both(userId, query);
      expect(fromIndex.ranked, query).toEqual(fromSql.ranked);
      expect(fromIndex.newest, query).toEqual(fromSql.newest);
    }
  };

  it('finds what SQL finds, in the same order, through adds, edits, supersedes, retires, purges and use stamps', async () => {
    const userId = await createUser(database);
    const other = await createUser(database);
    const store = indexed.store;
    const texts = [
      "User's favourite café is Café Lumière in Porto",
      'User lives in Porto and works at Globex',
      "User's colleague O'Brien has the e-mail obrien@example.com",
      'User prefers short answers',
      'User likes jazz, not rock',
      'User has a dog named Rex',
      'User prefers metric units',
      'Item-42 is the blue kettle',
      'User\'s password hint is "back\\slash"',
    ];
    const added: Memory[] = [];
    for (const [i, content] of texts.entries()) {
      added.push(await store.add(userId, { kind: content.includes('prefers') ? 'preference' : 'fact', content, source, at: new Date(Date.now() - (texts.length - i) * day) }));
    }
    await store.add(other, { kind: 'fact', content: "User's favourite café is the other user's secret", source });
    // Searched once: the index holds the user now. Each write is checked on its own: the next one may reread.
    await expectSame(userId);
    expect(await store.indexed(userId)).not.toBeNull();
    await store.add(userId, { kind: 'preference', content: 'User prefers answers in Portuguese', source });
    await expectSame(userId);
    await store.edit(userId, added[5].id, { content: 'User has a dog named Bolt' });
    await expectSame(userId);
    await store.supersede(userId, added[1].id, { kind: 'fact', content: 'User lives in Lisbon and works at Initech', source });
    await expectSame(userId);
    await store.retire(userId, added[4].id);
    await expectSame(userId);
    await indexed.markUsed(userId, [added[0].id, added[3].id]);
    await expectSame(userId);
    await store.purge(userId, [added[7].id]);
    await expectSame(userId);

    const { fromIndex } = await both(userId, 'Where do I live and work?');
    expect(fromIndex.ranked[0].content).toBe('User lives in Lisbon and works at Initech');
    expect((await both(userId, 'tell me about my dog')).fromIndex.ranked[0].content).toBe('User has a dog named Bolt');
    expect((await both(userId, 'Do I like jazz or rock?')).fromIndex.ranked).toEqual([]);
    const cafe = (await both(userId, 'What is my favourite café?')).fromIndex.ranked.find((m) => m.id === added[0].id);
    expect(cafe?.lastUsedAt).toBeInstanceOf(Date);
    // Never another user's memory.
    for (const query of QUERIES) expect((await both(userId, query)).fromIndex.ranked.some((m) => m.content.includes('secret'))).toBe(false);

    await store.purgeAll(userId);
    for (const query of QUERIES) expect((await both(userId, query)).fromIndex.ranked).toEqual([]);
    expect((await both(other, 'What is my favourite café?')).fromIndex.ranked.map((m) => m.content)).toEqual(["User's favourite café is the other user's secret"]);
  });

  it('keeps a memory written while the index was being read', async () => {
    const userId = await createUser(database);
    await indexed.store.add(userId, { kind: 'fact', content: 'User plays the cello', source });
    // The first search reads the user's memories; the write lands while that read runs.
    const [first] = await Promise.all([both(userId, 'what instrument do I play'), indexed.store.add(userId, { kind: 'fact', content: 'User plays the piano too', source })]);
    expect(first.fromIndex.ranked.length).toBeGreaterThan(0);
    const after = await both(userId, 'what instrument do I play');
    expect(after.fromIndex.ranked.map((m) => m.content).sort()).toEqual(['User plays the cello', 'User plays the piano too']);
    expect(after.fromIndex.ranked).toEqual(after.fromSql.ranked);
  });

  it('does not keep a read that a write overlapped', () => {
    const index = new MemoryIndex();
    const memory = { id: 'm1', kind: 'fact' as const, content: 'User plays the cello', status: 'active' as const, supersedesId: null, sourceMessageId: null, sourceConversationId: null, createdAt: new Date(), updatedAt: new Date(), lastUsedAt: null };
    const mark = index.mark('u1');
    index.written('u1', [{ memory: { ...memory, id: 'm2' }, lexemes: ['piano'] }]);
    // The read started before the write: what it returns is used by its caller, not kept.
    expect(index.fill('u1', [{ memory, lexemes: ['cello'] }], mark).byId.size).toBe(1);
    expect(index.get('u1')).toBeNull();
    // Another user's write does not matter.
    const fresh = index.mark('u1');
    index.writing('u2');
    index.fill('u1', [{ memory, lexemes: ['cello'] }], fresh);
    expect(index.get('u1')).not.toBeNull();
    expect(index.get('u2')).toBeNull();
  });

  it('searches a user with more memories than it keeps in SQL, and indexes them again once some go', async () => {
    const small = new MemoryService({ db: database.db, hasVector: database.hasVector, singleWriter: true });
    (small.store as unknown as { index: { maxMemoriesPerUser: number } }).index.maxMemoriesPerUser = 3;
    const userId = await createUser(database);
    const rows = [];
    for (const content of ['User sails on weekends', 'User sails a dinghy', 'User sails in Cascais', 'User sails with Ana']) rows.push(await small.store.add(userId, { kind: 'fact', content, source }));
    const search = async () => (await small.retriever.searchMemories(userId, 'where do I sail', { k: 10 })).map((m) => m.content);
    const sqlSearch = async () => (await inSql.searchMemories(userId, 'where do I sail', { k: 10 })).map((m) => m.content);
    expect(await small.store.indexed(userId)).toBeNull();
    expect(await search()).toEqual(await sqlSearch());
    await small.store.retire(userId, rows[0].id);
    expect((await small.store.indexed(userId))?.byId.size).toBe(3);
    expect(await search()).toEqual(await sqlSearch());
    expect(await search()).not.toContain('User sails on weekends');
  });

  it("reads a tsvector's lexemes as Postgres stores them", async () => {
    for (const text of ["O'Brien's e-mail: obrien@example.com", 'back\\slash "quoted" Café LUMIÈRE', "it''s 3.14 and item-42/x"]) {
      const { rows } = (await database.db.execute(
        sql`select to_tsvector('simple', ${text})::text as tsv, array(select lexeme from unnest(to_tsvector('simple', ${text}))) as lexemes`,
      )) as unknown as { rows: { tsv: string; lexemes: string[] }[] };
      expect(tsvectorLexemes(rows[0].tsv).sort()).toEqual([...rows[0].lexemes].sort());
    }
  });

  it('reads only OR queries of plain terms', () => {
    expect(orQueryTerms('liv:* | cat | cats')).toEqual([
      { text: 'liv', prefix: true },
      { text: 'cat', prefix: false },
      { text: 'cats', prefix: false },
    ]);
    expect(orQueryTerms('a & b')).toBeNull();
    expect(orQueryTerms("o'brien:*")).toBeNull();
  });
});
