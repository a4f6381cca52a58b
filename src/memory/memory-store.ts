import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { schema, type Db } from '../db/index.js';
import { MemoryIndex, tsvectorLexemes, type IndexedMemory, type MemoryIndexOptions, type UserMemoriesView } from './memory-index.js';
import type { Memory, MemoryKind, MemorySource, MemoryStatus } from './types.js';

const { memories: t } = schema;

/** Every column but the vector and the tsvector: what a Memory needs. */
export const memoryColumns = {
  id: t.id,
  kind: t.kind,
  content: t.content,
  status: t.status,
  supersedesId: t.supersedesId,
  sourceMessageId: t.sourceMessageId,
  sourceConversationId: t.sourceConversationId,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  lastUsedAt: t.lastUsedAt,
};

/** A memory with its full-text lexemes, as the index keeps it. */
const indexedColumns = { ...memoryColumns, tsv: sql<string>`${t.contentTsv}::text` };
type IndexedRow = Memory & { tsv: string };
const toIndexed = ({ tsv, ...memory }: IndexedRow): IndexedMemory => ({ memory, lexemes: tsvectorLexemes(tsv) });
const toMemory = ({ tsv: _tsv, ...memory }: IndexedRow): Memory => memory;

/** A transaction or the database: store methods take either, so callers can group writes. */
type Executor = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;

export interface NewMemory {
  kind: MemoryKind;
  content: string;
  source?: MemorySource;
  /** Creation time (imports, the eval); default now. */
  at?: Date;
}

const MAX_CONTENT_CHARS = 2000;
const clean = (content: string) => content.replace(/\s+/g, ' ').trim().slice(0, MAX_CONTENT_CHARS);

/** The row a new memory (or a new version of one) is inserted as. */
const newRow = (userId: string, memory: NewMemory, version: { at: Date; supersedesId: string | null }): typeof t.$inferInsert => ({
  id: randomUUID(),
  userId,
  kind: memory.kind,
  content: clean(memory.content),
  supersedesId: version.supersedesId,
  sourceMessageId: memory.source?.messageId ?? null,
  sourceConversationId: memory.source?.conversationId ?? null,
  createdAt: version.at,
  updatedAt: version.at,
});

export interface MemoryStoreOptions {
  /**
   * No other process writes this store (PGlite): recently active users' memories are kept in this
   * process for retrieval (see MemoryIndex), kept current by this store's writes.
   */
  singleWriter?: boolean;
  /** Bounds of that index. */
  index?: MemoryIndexOptions;
}

/** Rows of the `memories` table. Every query is scoped by user id. */
export class MemoryStore {
  private readonly index: MemoryIndex | null;

  constructor(
    private readonly db: Db,
    options: MemoryStoreOptions = {},
  ) {
    this.index = options.singleWriter ? new MemoryIndex(options.index) : null;
  }

  /**
   * The user's active memories with their lexemes, from the index (read on a miss); null without an
   * index, or for a user with too many to keep (search them in SQL).
   */
  async indexed(userId: string): Promise<UserMemoriesView | null> {
    const index = this.index;
    if (!index) return null;
    const held = index.get(userId);
    if (held) return held === 'oversized' ? null : held;
    const mark = index.mark(userId);
    const rows = await this.db
      .select(indexedColumns)
      .from(t)
      .where(and(eq(t.userId, userId), eq(t.status, 'active')))
      .limit(index.maxMemoriesPerUser + 1);
    if (rows.length > index.maxMemoriesPerUser) {
      index.tooMany(userId, mark);
      return null;
    }
    return index.fill(userId, rows.map(toIndexed), mark);
  }

  /** Runs a write of the user's memories and tells the index what it returned (or, when it fails, to read again). */
  private async write<T>(userId: string, run: () => Promise<T>, written: (result: T) => IndexedRow[] | 'drop'): Promise<T> {
    this.index?.writing(userId);
    try {
      const result = await run();
      const rows = written(result);
      if (rows === 'drop') this.index?.drop(userId);
      else this.index?.written(userId, rows.map(toIndexed));
      return result;
    } catch (error) {
      this.index?.drop(userId);
      throw error;
    }
  }

  /** The user's memories, newest first; active ones unless told otherwise. */
  async list(userId: string, options: { status?: MemoryStatus | 'all'; kind?: MemoryKind; limit?: number; before?: Date } = {}): Promise<Memory[]> {
    const filters: SQL[] = [eq(t.userId, userId)];
    const status = options.status ?? 'active';
    if (status !== 'all') filters.push(eq(t.status, status));
    if (options.kind) filters.push(eq(t.kind, options.kind));
    if (options.before) filters.push(lt(t.createdAt, options.before));
    return this.db
      .select(memoryColumns)
      .from(t)
      .where(and(...filters))
      .orderBy(desc(t.createdAt), desc(t.id))
      .limit(Math.min(options.limit ?? 200, 10_000));
  }

  async get(userId: string, id: string, executor: Executor = this.db): Promise<Memory | null> {
    const [row] = await executor.select(memoryColumns).from(t).where(and(eq(t.userId, userId), eq(t.id, id)));
    return row ?? null;
  }

  async byIds(userId: string, ids: string[]): Promise<Memory[]> {
    if (ids.length === 0) return [];
    return this.db.select(memoryColumns).from(t).where(and(eq(t.userId, userId), inArray(t.id, ids)));
  }

  async count(userId: string, status: MemoryStatus = 'active'): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(t).where(and(eq(t.userId, userId), eq(t.status, status)));
    return row?.n ?? 0;
  }

  /** The versions a memory replaced, newest first (the memory itself excluded). */
  async history(userId: string, id: string): Promise<Memory[]> {
    const chain: Memory[] = [];
    let current = await this.get(userId, id);
    for (let guard = 0; current?.supersedesId && guard < 100; guard++) {
      current = await this.get(userId, current.supersedesId);
      if (current) chain.push(current);
    }
    return chain;
  }

  async add(userId: string, memory: NewMemory, executor: Executor = this.db): Promise<Memory> {
    const at = memory.at ?? new Date();
    const row = await this.write(
      userId,
      async () => {
        const [inserted] = await executor
          .insert(t)
          .values(newRow(userId, memory, { at, supersedesId: null }))
          .returning(indexedColumns);
        return inserted;
      },
      // In the caller's transaction the row may yet be rolled back: read it again once it has settled.
      (inserted) => (executor === this.db ? [inserted] : 'drop'),
    );
    return toMemory(row);
  }

  /**
   * Replaces an active memory with a new version in one transaction: the old one becomes `superseded`
   * (kept as history), the new one points to it. Null when the old one is no longer active.
   */
  async supersede(userId: string, oldId: string, memory: NewMemory): Promise<{ memory: Memory; replaced: Memory } | null> {
    const result = await this.write(
      userId,
      () =>
        this.db.transaction(async (tx) => {
          const at = memory.at ?? new Date();
          const [replaced] = await tx
            .update(t)
            .set({ status: 'superseded', updatedAt: at })
            .where(and(eq(t.userId, userId), eq(t.id, oldId), eq(t.status, 'active')))
            .returning(indexedColumns);
          if (!replaced) return null;
          const [row] = await tx
            .insert(t)
            .values(newRow(userId, memory, { at, supersedesId: oldId }))
            .returning(indexedColumns);
          return { row, replaced };
        }),
      (done) => (done ? [done.replaced, done.row] : []),
    );
    return result ? { memory: toMemory(result.row), replaced: toMemory(result.replaced) } : null;
  }

  /** Marks an active memory `deleted` (no longer true, kept as history; never retrieved). */
  async retire(userId: string, id: string): Promise<Memory | null> {
    const [row] = await this.write(
      userId,
      () =>
        this.db
          .update(t)
          .set({ status: 'deleted', updatedAt: new Date(), embedding: null, embeddingModel: null })
          .where(and(eq(t.userId, userId), eq(t.id, id), eq(t.status, 'active')))
          .returning(indexedColumns),
      (rows) => rows,
    );
    return row ? toMemory(row) : null;
  }

  /** Edits a memory in place (the user corrected it); its vector is recomputed later. */
  async edit(userId: string, id: string, patch: { content?: string; kind?: MemoryKind }): Promise<Memory | null> {
    const values: Partial<typeof t.$inferInsert> = { updatedAt: new Date() };
    if (patch.content !== undefined) {
      values.content = clean(patch.content);
      values.embedding = null;
      values.embeddingModel = null;
    }
    if (patch.kind !== undefined) values.kind = patch.kind;
    const [row] = await this.write(
      userId,
      () =>
        this.db
          .update(t)
          .set(values)
          .where(and(eq(t.userId, userId), eq(t.id, id), ne(t.status, 'deleted')))
          .returning(indexedColumns),
      (rows) => rows,
    );
    return row ? toMemory(row) : null;
  }

  /**
   * Forgets memories for good: removes them and every version they replaced, so nothing of the fact
   * stays in the table. Returns the removed rows (the ones asked for first).
   */
  async purge(userId: string, ids: string[]): Promise<Memory[]> {
    if (ids.length === 0) return [];
    // Newer versions lose their link to what went: the index reads the user again.
    return this.write(userId, () => this.purgeChains(userId, ids), () => 'drop');
  }

  private purgeChains(userId: string, ids: string[]): Promise<Memory[]> {
    return this.db.transaction(async (tx) => {
      const all = new Set(ids);
      let frontier = ids;
      for (let guard = 0; frontier.length > 0 && guard < 100; guard++) {
        const older = await tx
          .select({ id: t.supersedesId })
          .from(t)
          .where(and(eq(t.userId, userId), inArray(t.id, frontier)));
        frontier = older.map((row) => row.id).filter((id): id is string => id !== null && !all.has(id));
        for (const id of frontier) all.add(id);
      }
      const removed = await tx.delete(t).where(and(eq(t.userId, userId), inArray(t.id, [...all]))).returning(memoryColumns);
      // Newer versions of a removed fact no longer point at it.
      await tx.update(t).set({ supersedesId: null }).where(and(eq(t.userId, userId), inArray(t.supersedesId, [...all])));
      const order = new Map(ids.map((id, i) => [id, i]));
      return removed.sort((a, b) => (order.get(a.id) ?? ids.length) - (order.get(b.id) ?? ids.length));
    });
  }

  /** Forgets everything: every memory of the user, history included. Returns how many rows went. */
  async purgeAll(userId: string): Promise<number> {
    const rows = await this.write(userId, () => this.db.delete(t).where(eq(t.userId, userId)).returning({ id: t.id }), () => 'drop');
    return rows.length;
  }

  /**
   * Full-text candidates for `query` ('simple' tsquery string, see prefixQuery) among the given
   * statuses, best first. Used by forget and consolidation; retrieval has its own ranking.
   */
  async matching(userId: string, tsquery: string, options: { statuses?: MemoryStatus[]; limit?: number } = {}): Promise<(Memory & { rank: number })[]> {
    const q = sql`to_tsquery('simple', ${tsquery})`;
    const rank = sql<number>`ts_rank(${t.contentTsv}, ${q})`;
    return this.db
      .select({ ...memoryColumns, rank })
      .from(t)
      .where(and(eq(t.userId, userId), inArray(t.status, options.statuses ?? ['active']), sql`${t.contentTsv} @@ ${q}`))
      .orderBy(desc(rank), desc(t.createdAt))
      .limit(options.limit ?? 20);
  }

  /**
   * Stamps memories as used in a prompt (for the Memory page and future pruning). At most once an
   * hour per memory: an update rewrites the row and its full-text index entry, and the Memory page
   * only shows the day.
   */
  async touch(userId: string, ids: string[], at = new Date()): Promise<void> {
    if (ids.length === 0) return;
    const staleBefore = new Date(at.getTime() - 3600_000);
    this.index?.writing(userId);
    try {
      await this.db
        .update(t)
        .set({ lastUsedAt: at })
        .where(and(eq(t.userId, userId), inArray(t.id, ids), or(isNull(t.lastUsedAt), lt(t.lastUsedAt, staleBefore))));
    } catch (error) {
      this.index?.drop(userId);
      throw error;
    }
    this.index?.touched(userId, ids, { at, staleBefore });
  }

  /** Active memories that have no vector from `model` yet. */
  async withoutEmbedding(userId: string, model: string, limit = 64): Promise<Pick<Memory, 'id' | 'content'>[]> {
    return this.db
      .select({ id: t.id, content: t.content })
      .from(t)
      .where(and(eq(t.userId, userId), eq(t.status, 'active'), or(isNull(t.embedding), ne(t.embeddingModel, model))))
      .orderBy(asc(t.createdAt))
      .limit(limit);
  }

  async setEmbedding(userId: string, id: string, vector: { embedding: number[]; model: string }): Promise<void> {
    await this.db.update(t).set({ embedding: vector.embedding, embeddingModel: vector.model }).where(and(eq(t.userId, userId), eq(t.id, id)));
  }
}
