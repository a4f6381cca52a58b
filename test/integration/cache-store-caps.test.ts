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
