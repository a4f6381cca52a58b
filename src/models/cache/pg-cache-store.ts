import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import { schema, type Db } from '../../db/index.js';
import type { CachedAnswer, CacheEntry, CacheSettings, ResponseCacheStore, SemanticCandidate } from './types.js';

const t = schema.responseCache;

/** What the `response` jsonb column holds. */
interface StoredResponse {
  answer: CachedAnswer;
  context?: string;
}

// Expired rows are swept from the write path at most this often: no timer to stop at shutdown.
const SWEEP_EVERY_MS = 5 * 60_000;
const MEMO_ENTRIES = 1000;
/**
 * The total cap is checked on this process's first write, then every so many writes or so often.
 * Counting the whole table on every write made a write (insert, per-user count, total count) cost
 * 3.5 ms on an empty table and 14.7 ms at 99,000 rows on the embedded store, in the server's own
 * thread; without it, about 2 ms at any size (`npm run bench:cache-writes`). Between checks the table
 * may pass the cap by at most that many rows from this process.
 */
const TOTAL_CAP_EVERY_WRITES = 100;
const TOTAL_CAP_EVERY_MS = 60_000;
const HIT_FLUSH_MS = 1000;

/**
 * The `response_cache` table as a ResponseCacheStore. Rows are bounded by TTL, a per-user cap and a total cap;
 * past a cap the least recently hit rows go first (never-hit rows by their creation time).
 */
export class PgCacheStore implements ResponseCacheStore {
  private lastSweep = 0;
  private writesSinceTotalCheck = 0;
  private lastTotalCheck = 0;
  /**
   * Hot exact entries in process memory, so a repeated hit costs no query. Bounded and TTL-checked; after a cap
   * evicts a row (here or in another instance) this copy may live on until its own expiry, which only ever serves a
   * still-valid answer. A write to a key drops its copies here.
   */
  private readonly memo = new Map<string, { id: string; answer: CachedAnswer; expiresAt: number }>();
  /** Hits recorded in batches: one UPDATE per second at most, not one write per hit on the hot path. */
  private readonly pendingHits = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly settings: Pick<CacheSettings, 'ttlMs' | 'maxEntriesPerUser' | 'maxEntries'>,
  ) {}

  peekExact(input: { userId: string; key: string; shared: boolean }): { id: string; answer: CachedAnswer } | null {
    const memoKey = memoKeyOf(input);
    const memo = this.memo.get(memoKey);
    if (!memo) return null;
    // Re-insert: Map order is the LRU order.
    this.memo.delete(memoKey);
    if (memo.expiresAt <= Date.now()) return null;
    this.memo.set(memoKey, memo);
    return { id: memo.id, answer: memo.answer };
  }

  async getExact(input: { userId: string; key: string; shared: boolean }): Promise<{ id: string; answer: CachedAnswer } | null> {
    const hot = this.peekExact(input);
    if (hot) return hot;
    const owner = input.shared ? or(eq(t.userId, input.userId), eq(t.shared, true)) : eq(t.userId, input.userId);
    const rows = await this.db
      .select({ id: t.id, response: t.response, userId: t.userId, expiresAt: t.expiresAt })
      .from(t)
      .where(and(eq(t.kind, 'exact'), eq(t.key, input.key), owner, gt(t.expiresAt, new Date())))
      .limit(2);
    const row = rows.find((r) => r.userId === input.userId) ?? rows[0];
    if (!row) return null;
    const found = { id: row.id, answer: (row.response as StoredResponse).answer };
    this.memo.set(memoKeyOf(input), { ...found, expiresAt: row.expiresAt.getTime() });
    if (this.memo.size > MEMO_ENTRIES) this.memo.delete(this.memo.keys().next().value as string);
    return found;
  }

  async semanticCandidates(input: { userId: string; model: string; embeddingModel: string; shared: boolean }): Promise<SemanticCandidate[]> {
    const owner = input.shared ? or(eq(t.userId, input.userId), eq(t.shared, true)) : eq(t.userId, input.userId);
    const rows = await this.db
      .select({ id: t.id, question: t.question, embedding: t.embedding, response: t.response })
      .from(t)
      .where(and(eq(t.kind, 'semantic'), eq(t.model, input.model), eq(t.embeddingModel, input.embeddingModel), owner, gt(t.expiresAt, new Date())));
    return rows.map((r) => {
      const response = r.response as StoredResponse;
      return { id: r.id, question: r.question ?? '', embedding: r.embedding ?? [], context: response.context ?? null, answer: response.answer };
    });
  }

  async put(input: { userId: string; shared: boolean; entry: CacheEntry }): Promise<void> {
    const { entry } = input;
    const response: StoredResponse = { answer: entry.answer, ...(entry.context ? { context: entry.context } : {}) };
    const bytes = Buffer.byteLength(JSON.stringify(response)) + (entry.embedding?.length ?? 0) * 4;
    const now = new Date();
    const values = {
      id: randomUUID(),
      userId: input.userId,
      shared: input.shared,
      kind: entry.kind,
      key: entry.key,
      model: entry.model,
      question: entry.question ?? null,
      embedding: entry.embedding ?? null,
      embeddingModel: entry.embeddingModel ?? null,
      response,
      bytes,
      hits: 0,
      createdAt: now,
      lastHitAt: null,
      expiresAt: new Date(now.getTime() + this.settings.ttlMs),
    };
    const { id: _id, ...update } = values;
    await this.db.insert(t).values(values).onConflictDoUpdate({ target: [t.userId, t.kind, t.key], set: update });
    this.forgetHot(entry.key);
    // Recency decides eviction: pending hits are written first.
    await this.flushHits();
    await this.enforceCaps(input.userId);
    if (now.getTime() - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = now.getTime();
      await this.sweep();
    }
  }

  /**
   * Drops the in-memory copies a write to `key` replaces: the writer's own, and other users' copies of a
   * shared row under the same key. Other keys stay hot, so one user's misses do not cool everyone's hits.
   */
  private forgetHot(key: string): void {
    const suffix = `|${key}`;
    for (const memoKey of this.memo.keys()) if (memoKey.endsWith(suffix)) this.memo.delete(memoKey);
  }

  async touch(id: string): Promise<void> {
    this.pendingHits.set(id, (this.pendingHits.get(id) ?? 0) + 1);
    if (this.flushTimer) return;
    await new Promise<void>((resolve, reject) => {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        this.flushHits().then(resolve, reject);
      }, HIT_FLUSH_MS);
      // Recency bookkeeping must not keep a finished process alive.
      this.flushTimer.unref();
    });
  }

  /** Writes the batched hit counts and recency. */
  async flushHits(): Promise<void> {
    const batch = [...this.pendingHits];
    this.pendingHits.clear();
    const now = new Date();
    for (const [id, count] of batch) await this.db.update(t).set({ hits: sql`${t.hits} + ${count}`, lastHitAt: now }).where(eq(t.id, id));
  }

  async sweep(): Promise<number> {
    const deleted = await this.db.delete(t).where(lte(t.expiresAt, new Date())).returning({ id: t.id });
    return deleted.length;
  }

  /** Drops the least recently used rows past the per-user cap, then past the total cap (checked every so often, see TOTAL_CAP_EVERY_WRITES). */
  private async enforceCaps(userId: string): Promise<void> {
    const recency = sql`coalesce(${t.lastHitAt}, ${t.createdAt})`;
    const [{ count: mine }] = await this.db.select({ count: sql<number>`count(*)::int` }).from(t).where(eq(t.userId, userId));
    if (mine > this.settings.maxEntriesPerUser) {
      const victims = await this.db.select({ id: t.id }).from(t).where(eq(t.userId, userId)).orderBy(asc(recency), asc(t.id)).limit(mine - this.settings.maxEntriesPerUser);
      await this.db.delete(t).where(inArray(t.id, victims.map((v) => v.id)));
    }
    const now = Date.now();
    if (this.lastTotalCheck !== 0 && ++this.writesSinceTotalCheck < TOTAL_CAP_EVERY_WRITES && now - this.lastTotalCheck < TOTAL_CAP_EVERY_MS) return;
    this.writesSinceTotalCheck = 0;
    this.lastTotalCheck = now;
    const [{ count: all }] = await this.db.select({ count: sql<number>`count(*)::int` }).from(t);
    if (all > this.settings.maxEntries) {
      const victims = await this.db.select({ id: t.id }).from(t).orderBy(asc(recency), asc(t.id)).limit(all - this.settings.maxEntries);
      await this.db.delete(t).where(inArray(t.id, victims.map((v) => v.id)));
    }
  }
}

const memoKeyOf = (input: { userId: string; key: string; shared: boolean }) => `${input.userId}|${input.shared}|${input.key}`;
