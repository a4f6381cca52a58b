// What a response-cache write costs as the table fills: PgCacheStore.put (insert, caps, sweep) on the
// embedded store, in the process's own thread, with the table at 0, 10,000, 50,000 and 99,000 rows
// of another user (the default total cap is 100,000). Prints a table and writes JSON.
//
//   npm run bench:cache-writes
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { count, sql } from 'drizzle-orm';
import { openDatabase, schema } from '../src/db/index.js';
import { PgCacheStore } from '../src/models/cache/pg-cache-store.js';
import type { CachedAnswer } from '../src/models/cache/types.js';
import { repoRoot } from './speed/processes.js';
import { formatTable, ms, type Row } from './speed/report.js';
import { median, quantile, round } from './speed/stats.js';

const database = await openDatabase({ pgliteDir: null });
const { db } = database;
const user = async (name: string) => {
  const id = randomUUID();
  await db.insert(schema.users).values({ id, email: `${name}-${id}@example.com`, name, role: 'user' });
  return id;
};
const writer = await user('writer');
const others = await user('others');
const store = new PgCacheStore(db, { ttlMs: 3_600_000, maxEntriesPerUser: 1000, maxEntries: 100_000 });
const answer = { text: 'A cached answer of a few words.', reasoning: '', finishReason: { unified: 'stop', raw: 'stop' }, usage: {} } as unknown as CachedAnswer;

const results: { rows: number; p50: number; p90: number }[] = [];
for (const size of [0, 10_000, 50_000, 99_000]) {
  const [{ n }] = await db.select({ n: count() }).from(schema.responseCache);
  if (size > n) {
    await db.execute(sql`insert into response_cache (id, user_id, kind, key, model, response, bytes, expires_at)
      select gen_random_uuid(), ${others}, 'exact', 'bulk-' || g || '-' || random(), 'm', '{"answer":{"text":"x"}}'::jsonb, 20, now() + interval '1 hour'
      from generate_series(1, ${size - n}) g`);
    // PGlite runs no autovacuum: fresh statistics, as a long-running table would have.
    await db.execute(sql`analyze response_cache`);
  }
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const started = performance.now();
    await store.put({ userId: writer, shared: false, entry: { kind: 'exact', key: `w-${size}-${i}`, model: 'm', answer } });
    if (i >= 10) times.push(performance.now() - started);
  }
  results.push({ rows: size, p50: median(times), p90: quantile(times, 0.9) });
}
await database.close();

const rows: Row[] = results.map((r) => ({ scenario: 'cache write', metric: `put p50 (p90), ${r.rows.toLocaleString('en')} rows`, value: `${ms(r.p50)} (${ms(r.p90)})`, pass: null }));
console.log(formatTable(rows));
const dir = path.join(repoRoot, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `cache-writes-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results.map((r) => ({ rows: r.rows, p50: round(r.p50), p90: round(r.p90) })), null, 2));
console.log(`Results: ${path.relative(repoRoot, file)}`);
