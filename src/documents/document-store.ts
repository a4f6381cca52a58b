import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { schema, type Db, type DocumentRow } from '../db/index.js';
import type { DocumentInfo, DocumentScope } from './types.js';

const { documents: d, documentChunks: k } = schema;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toInfo = (row: DocumentRow): DocumentInfo => ({
  id: row.id,
  projectId: row.projectId,
  conversationId: row.conversationId,
  name: row.name,
  format: row.format,
  sizeBytes: row.sizeBytes,
  status: row.status,
  progress: row.progress,
  error: row.error ?? null,
  chunkCount: row.chunkCount,
  pageCount: row.pageCount,
  createdAt: row.createdAt,
});

/** A passage to store, with its vector when an embedder made one. */
export interface NewChunk {
  ordinal: number;
  heading: string | null;
  page: number | null;
  text: string;
  tokens: number;
  embedding: number[] | null;
}

/** A stored passage as search reads it: its text and its tsvector (term counts for re-ranking). */
export interface ChunkCandidate {
  id: string;
  documentId: string;
  name: string;
  heading: string | null;
  page: number | null;
  text: string;
  tsv: string;
}

/** Rows written per INSERT while storing a document's passages. */
const INSERT_BATCH = 200;

/** Documents and their passages. Every query is scoped by user id. */
export class DocumentStore {
  /**
   * Users known to have no passage at all, so their turns skip the look for one. Kept only where this
   * process is the store's one writer (every passage is written by `complete`), like the chat's caches.
   */
  private readonly withoutPassages: Set<string> | null;
  /** Bumped by every passage write, so a read that one overlapped is not kept (see ThreadCache). */
  private generation = 0;

  constructor(
    private readonly db: Db,
    options: { singleWriter?: boolean } = {},
  ) {
    this.withoutPassages = options.singleWriter ? new Set() : null;
  }

  async create(userId: string, input: { scope: DocumentScope; name: string; mediaType: string | null; sizeBytes: number }): Promise<DocumentInfo> {
    const [row] = await this.db
      .insert(d)
      .values({ id: randomUUID(), userId, projectId: input.scope.projectId, conversationId: input.scope.projectId ? null : input.scope.conversationId, name: input.name, mediaType: input.mediaType, sizeBytes: input.sizeBytes, status: 'indexing' })
      .returning();
    return toInfo(row);
  }

  async get(userId: string, id: string): Promise<DocumentInfo | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.db.select().from(d).where(and(eq(d.userId, userId), eq(d.id, id)));
    return row ? toInfo(row) : null;
  }

  /** The files of a project, or attached to a conversation, newest first. */
  async list(userId: string, where: { projectId: string } | { conversationId: string }): Promise<DocumentInfo[]> {
    const rows = await this.db.select().from(d).where(and(eq(d.userId, userId), ownerFilter(where))).orderBy(desc(d.createdAt)).limit(1000);
    return rows.map(toInfo);
  }

  async count(userId: string, where: { projectId: string } | { conversationId: string }): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(d).where(and(eq(d.userId, userId), ownerFilter(where)));
    return Number(row?.n ?? 0);
  }

  async remove(userId: string, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const deleted = await this.db.delete(d).where(and(eq(d.userId, userId), eq(d.id, id))).returning({ id: d.id });
    return deleted.length > 0;
  }

  async setProgress(userId: string, id: string, progress: number): Promise<void> {
    await this.db.update(d).set({ progress, updatedAt: new Date() }).where(and(eq(d.userId, userId), eq(d.id, id), eq(d.status, 'indexing')));
  }

  /**
   * Stores every passage and marks the document ready in one transaction: a search never sees a
   * half-indexed file, and a failure leaves no passages behind. False when the document was deleted meanwhile.
   */
  async complete(userId: string, id: string, input: { title: string; format: string; pageCount: number | null; chunks: NewChunk[]; embeddingModel: string | null }): Promise<boolean> {
    // Before the write and after it: a read in between may not see it, and must not be kept.
    const known = () => {
      this.generation++;
      this.withoutPassages?.delete(userId);
    };
    known();
    try {
      return await this.write(userId, id, input);
    } finally {
      known();
    }
  }

  private write(userId: string, id: string, input: { title: string; format: string; pageCount: number | null; chunks: NewChunk[]; embeddingModel: string | null }): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [doc] = await tx.select({ projectId: d.projectId, conversationId: d.conversationId }).from(d).where(and(eq(d.userId, userId), eq(d.id, id), eq(d.status, 'indexing'))).for('update');
      if (!doc) return false;
      for (let i = 0; i < input.chunks.length; i += INSERT_BATCH) {
        await tx.insert(k).values(
          input.chunks.slice(i, i + INSERT_BATCH).map((chunk) => ({
            id: randomUUID(),
            userId,
            documentId: id,
            projectId: doc.projectId,
            conversationId: doc.conversationId,
            title: input.title,
            ordinal: chunk.ordinal,
            heading: chunk.heading,
            page: chunk.page,
            text: chunk.text,
            tokens: chunk.tokens,
            embedding: chunk.embedding,
          })),
        );
      }
      const tokens = input.chunks.reduce((sum, chunk) => sum + chunk.tokens, 0);
      await tx
        .update(d)
        .set({ status: 'ready', progress: 1, format: input.format, pageCount: input.pageCount, chunkCount: input.chunks.length, tokenCount: tokens, embeddingModel: input.embeddingModel, error: null, updatedAt: new Date() })
        .where(and(eq(d.userId, userId), eq(d.id, id)));
      return true;
    });
  }

  async fail(userId: string, id: string, error: { message: string; code: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(k).where(and(eq(k.userId, userId), eq(k.documentId, id)));
      await tx.update(d).set({ status: 'failed', error, progress: 0, updatedAt: new Date() }).where(and(eq(d.userId, userId), eq(d.id, id)));
    });
  }

  /** Files left `indexing` by a process that stopped (their bytes are gone): marked failed, to upload again. */
  async failInterrupted(startedBefore: Date): Promise<number> {
    const rows = await this.db
      .update(d)
      .set({ status: 'failed', progress: 0, error: { message: 'Indexing was interrupted (Redline stopped). Upload the file again.', code: 'interrupted' }, updatedAt: new Date() })
      .where(and(eq(d.status, 'indexing'), lt(d.updatedAt, startedBefore)))
      .returning({ id: d.id });
    return rows.length;
  }

  /** True when the scope has any ready passage: a turn without one skips retrieval. */
  async hasPassages(userId: string, scope: DocumentScope): Promise<boolean> {
    const filter = scopeFilter(scope);
    if (!filter || this.withoutPassages?.has(userId)) return false;
    // The same read asks whether the user has any passage anywhere: what `withoutPassages` learns.
    const mark = this.generation;
    const result = await this.db.execute(
      sql`select exists (select 1 from ${k} where ${and(eq(k.userId, userId), filter)}) as here, exists (select 1 from ${k} where ${eq(k.userId, userId)}) as any`,
    );
    const [row] = (result as unknown as { rows: { here: boolean; any: boolean }[] }).rows;
    if (!row.any && mark === this.generation) this.withoutPassages?.add(userId);
    return row.here;
  }

  /** Passages matching any of the lexemes (already stemmed), best ts_rank_cd first. */
  async matching(userId: string, scope: DocumentScope, { lexemes, limit }: { lexemes: string[]; limit: number }): Promise<ChunkCandidate[]> {
    const filter = scopeFilter(scope);
    if (!filter || lexemes.length === 0) return [];
    const query = sql`to_tsquery('simple', ${lexemes.map((l) => `'${l}'`).join(' | ')})`;
    return this.db
      .select(candidateColumns)
      .from(k)
      .innerJoin(d, eq(d.id, k.documentId))
      .where(and(eq(k.userId, userId), filter, sql`${k.textTsv} @@ ${query}`))
      .orderBy(desc(sql`ts_rank_cd(${k.textTsv}, ${query})`), asc(k.ordinal))
      .limit(limit);
  }

  /** Passages by id (vector hits not found by words). */
  async candidates(userId: string, ids: string[]): Promise<ChunkCandidate[]> {
    if (ids.length === 0) return [];
    return this.db.select(candidateColumns).from(k).innerJoin(d, eq(d.id, k.documentId)).where(and(eq(k.userId, userId), inArray(k.id, ids)));
  }

  /** How many passages of the scope contain each lexeme, and how many there are: the IDF of re-ranking. */
  async termCounts(userId: string, scope: DocumentScope, lexemes: string[]): Promise<{ total: number; counts: Map<string, number> }> {
    const filter = scopeFilter(scope);
    if (!filter) return { total: 0, counts: new Map() };
    const columns: Record<string, SQL<number>> = { total: sql<number>`count(*)::int` };
    lexemes.forEach((lexeme, i) => {
      columns[`t${i}`] = sql<number>`count(*) filter (where ${k.textTsv} @@ to_tsquery('simple', ${`'${lexeme}'`}))::int`;
    });
    const [row] = await this.db.select(columns).from(k).where(and(eq(k.userId, userId), filter));
    return { total: Number(row?.total ?? 0), counts: new Map(lexemes.map((lexeme, i) => [lexeme, Number(row?.[`t${i}`] ?? 0)])) };
  }

  /** The nearest passages by cosine distance, in SQL (pgvector). */
  async nearestByVector(userId: string, scope: DocumentScope, query: { literal: string; limit: number }): Promise<string[]> {
    const { literal, limit } = query;
    const filter = scopeFilter(scope);
    if (!filter) return [];
    const rows = await this.db
      .select({ id: k.id })
      .from(k)
      .where(and(eq(k.userId, userId), filter, sql`${k.embedding} is not null`))
      .orderBy(sql`${k.embedding}::vector <=> ${literal}::vector`)
      .limit(limit);
    return rows.map((row) => row.id);
  }

  /** Every vector of the scope, for exact cosine in JS where the server has no pgvector. */
  async vectors(userId: string, scope: DocumentScope, limit: number): Promise<{ id: string; embedding: number[] }[]> {
    const filter = scopeFilter(scope);
    if (!filter) return [];
    const rows = await this.db.select({ id: k.id, embedding: k.embedding }).from(k).where(and(eq(k.userId, userId), filter, sql`${k.embedding} is not null`)).limit(limit);
    return rows.flatMap((row) => (row.embedding ? [{ id: row.id, embedding: row.embedding }] : []));
  }
}

const candidateColumns = { id: k.id, documentId: k.documentId, name: d.name, heading: k.heading, page: k.page, text: k.text, tsv: sql<string>`${k.textTsv}::text` };

/** The files of one project, or attached to one conversation. */
const ownerFilter = (where: { projectId: string } | { conversationId: string }) => ('projectId' in where ? eq(d.projectId, where.projectId) : eq(d.conversationId, where.conversationId));

/** A project's passages and the conversation's own attachments. */
function scopeFilter(scope: DocumentScope): SQL | undefined {
  if (scope.all) return sql`true`;
  const parts = [scope.projectId ? eq(k.projectId, scope.projectId) : undefined, scope.conversationId ? eq(k.conversationId, scope.conversationId) : undefined].filter((x): x is SQL => !!x);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : or(...parts);
}
