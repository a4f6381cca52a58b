import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, type Database } from '../../src/db/index.js';
import { PgCacheStore } from '../../src/models/cache/pg-cache-store.js';
import type { CachedAnswer } from '../../src/models/cache/types.js';
import { createUser, openTestStore, testStores } from '../memory/support.js';

const answer = { text: 'An answer.', reasoning: '', finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: { total: 1 }, outputTokens: { total: 2 } } } as unknown as CachedAnswer;

describe.each(testStores)('the response cache total cap on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ database, close } = await openTestStore(kind));
  });
  afterAll(async () => close?.());

  const rows = async () => (await database.db.select({ n: count() }).from(schema.responseCache))[0].n;
  const put = (store: PgCacheStore, userId: string, key: string) => store.put({ userId, shared: false, entry: { kind: 'exact', key, model: 'm', answer } });

  it('holds the table to its cap on the first write, then every 100 writes, keeping the newest', async () => {
    const users = await Promise.all(['a', 'b', 'c'].map((name) => createUser(database, name)));
    const store = new PgCacheStore(database.db, { ttlMs: 3_600_000, maxEntriesPerUser: 1000, maxEntries: 10 });
    // Rows from an earlier run of the process: over the cap before this process writes anything.
    const before = new PgCacheStore(database.db, { ttlMs: 3_600_000, maxEntriesPerUser: 1000, maxEntries: 1000 });
    for (let i = 0; i < 15; i++) await put(before, users[i % 3], `old-${i}`);
    expect(await rows()).toBe(15);

    await put(store, users[0], 'new-0');
    expect(await rows()).toBe(10);
    // Between checks the table may grow past the cap, by the writes of this process only.
    for (let i = 1; i < 100; i++) await put(store, users[i % 3], `new-${i}`);
    expect(await rows()).toBe(109);
    await put(store, users[1], 'new-100');
    expect(await rows()).toBe(10);
    // The newest ten stay (rows written in the same millisecond may trade places at the edge).
    const kept = (await database.db.select({ key: schema.responseCache.key }).from(schema.responseCache)).map((row) => row.key);
    expect(kept).toContain('new-100');
    expect(kept.every((key) => key.startsWith('new-') && Number(key.slice(4)) >= 85)).toBe(true);
  });
});

describe.each(testStores)('the response cache’s in-memory copies on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ database, close } = await openTestStore(kind));
  });
  afterAll(async () => close?.());

  const reply = (text: string) => ({ ...answer, text });
  const put = (store: PgCacheStore, input: { userId: string; key: string; text: string; shared?: boolean }) =>
    store.put({ userId: input.userId, shared: input.shared ?? false, entry: { kind: 'exact', key: input.key, model: 'm', answer: reply(input.text) } });

  it('serves a replaced answer at once, to its owner and to users of the shared row, and keeps other keys hot', async () => {
    const [owner, other] = await Promise.all(['memo-owner', 'memo-other'].map((name) => createUser(database, name)));
    const store = new PgCacheStore(database.db, { ttlMs: 3_600_000, maxEntriesPerUser: 1000, maxEntries: 1000 });
    await put(store, { userId: owner, key: 'k1', text: 'first', shared: true });
    await put(store, { userId: owner, key: 'k2', text: 'untouched' });
    // Nothing is held in memory until a lookup has read the row.
    expect(store.peekExact({ userId: owner, key: 'k1', shared: false })).toBeNull();
    expect((await store.getExact({ userId: owner, key: 'k1', shared: false }))?.answer.text).toBe('first');
    expect((await store.getExact({ userId: other, key: 'k1', shared: true }))?.answer.text).toBe('first');
    expect((await store.getExact({ userId: owner, key: 'k2', shared: false }))?.answer.text).toBe('untouched');
    expect(store.peekExact({ userId: other, key: 'k1', shared: true })?.answer.text).toBe('first');

    await put(store, { userId: owner, key: 'k1', text: 'second', shared: true });
    expect(store.peekExact({ userId: owner, key: 'k1', shared: false })).toBeNull();
    expect(store.peekExact({ userId: other, key: 'k1', shared: true })).toBeNull();
    expect((await store.getExact({ userId: owner, key: 'k1', shared: false }))?.answer.text).toBe('second');
    expect((await store.getExact({ userId: other, key: 'k1', shared: true }))?.answer.text).toBe('second');
    expect(store.peekExact({ userId: owner, key: 'k2', shared: false })?.answer.text).toBe('untouched');
    // Another user's copy never answers a request that does not ask for shared rows.
    expect(store.peekExact({ userId: other, key: 'k1', shared: false })).toBeNull();
    expect(await store.getExact({ userId: other, key: 'k1', shared: false })).toBeNull();
  });
});
