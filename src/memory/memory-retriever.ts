import { and, desc, eq, inArray, ne, sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';
import { schema, type Db } from '../db/index.js';
import { parseMemoryCommand } from './explicit-commands.js';
import { newestOfKind, orQueryTerms, type UserMemoriesView } from './memory-index.js';
import { memoryColumns, type MemoryStore } from './memory-store.js';
import { contentStems, prefixQuery, queryConcepts, termScorer, type Concept } from './text-match.js';
import type { Embedder, EpisodeHit, Memory, MemoryKind, ScoredMemory } from './types.js';
import { cosineSimilarity, toVectorLiteral } from './vectors.js';

const { memories: mem, messages: msg, conversations: conv, messageEmbeddings: memb } = schema;

export interface RetrieverOptions {
  db: Db;
  /** pgvector is installed: exact cosine runs in SQL (`real[]::vector <=>`); otherwise in JS over the user's rows. */
  hasVector: boolean;
  /** The store's index of active memories, where it keeps one (single writer): memory search runs over it in this process. */
  store?: Pick<MemoryStore, 'indexed'>;
  /** Reciprocal-rank-fusion constant: smaller trusts the top of each list more (default 20). */
  rrfK?: number;
  /** Newer memories get up to `weight` more score, halving every `halfLifeDays` (default 0.15, 30 days). */
  recency?: { weight: number; halfLifeDays: number };
  /** Candidates taken from each list before fusion (default 50). */
  candidates?: number;
  /** Newest full-text matches of memories read per search, to re-rank (default 300). */
  lexicalScan?: number;
  now?: () => number;
}

export interface SearchOptions {
  k?: number;
  /** The query's vector from the configured embedder, when there is one. */
  queryVector?: { embedding: number[]; model: string } | null;
}

const SNIPPET_CHARS = 320;
const EPISODE_STATUSES = ['complete', 'stopped', 'interrupted'] as const;

/**
 * Hybrid retrieval over one user's memories and past messages: full-text ('simple' tsvector, prefix
 * terms) and, when vectors exist, exact cosine similarity, fused by reciprocal rank with a recency term.
 * Only active memories are ever returned; superseded and deleted ones are history.
 */
export class MemoryRetriever {
  private readonly db: Db;
  private readonly rrfK: number;
  private readonly recency: { weight: number; halfLifeDays: number };
  private readonly candidates: number;
  private readonly lexicalScan: number;
  private readonly now: () => number;
  private readonly episodeSearches: Partial<Record<'all' | 'excluding', ReturnType<MemoryRetriever['prepareEpisodeSearch']>>> = {};

  constructor(private readonly options: RetrieverOptions) {
    this.db = options.db;
    this.rrfK = options.rrfK ?? 20;
    this.recency = options.recency ?? { weight: 0.15, halfLifeDays: 30 };
    this.candidates = options.candidates ?? 50;
    this.lexicalScan = options.lexicalScan ?? 300;
    this.now = options.now ?? Date.now;
  }

  /** Embeds a query with the embedder, or null without one. */
  static async embedQuery(embedder: Embedder | null | undefined, query: string, signal?: AbortSignal): Promise<SearchOptions['queryVector']> {
    if (!embedder || !query.trim()) return null;
    const [embedding] = await embedder.embed([query], { signal });
    return embedding ? { embedding, model: embedder.id } : null;
  }

  /** The user's active memories most relevant to `query`, best first. */
  async searchMemories(userId: string, query: string, options: SearchOptions = {}): Promise<ScoredMemory[]> {
    return (await this.searchMemoriesWithNewest(userId, query, options)).ranked;
  }

  /**
   * `searchMemories`, and with `newest` the user's newest active memories of one kind (the
   * preferences every turn carries), read in the same query as the winners: on the embedded store
   * each query has a fixed cost of its own.
   */
  async searchMemoriesWithNewest(userId: string, query: string, options: SearchOptions & { newest?: { kind: MemoryKind; limit: number } }): Promise<{ ranked: ScoredMemory[]; newest: Memory[] }> {
    const k = options.k ?? 10;
    const tsquery = prefixQuery(query);
    const indexed = (await this.options.store?.indexed(userId)) ?? null;
    const [lexical, semantic] = await Promise.all([
      tsquery ? this.lexicalMemories(userId, { query, tsquery, indexed }) : Promise.resolve([]),
      options.queryVector ? this.semanticMemories(userId, options.queryVector) : Promise.resolve([]),
    ]);
    // The ranked lists carry ids and times: fusion needs no more, and only the k that win are read whole.
    const createdAt = new Map<string, number>();
    for (const hit of [...lexical, ...semantic]) createdAt.set(hit.id, hit.createdAtMs);
    const scores = this.fuse([lexical.map((hit) => hit.id), semantic.map((hit) => hit.id)], (id) => createdAt.get(id) ?? null);
    const top = [...scores]
      .sort(([a, x], [b, y]) => y - x || createdAt.get(b)! - createdAt.get(a)! || (a < b ? -1 : 1))
      .slice(0, k);
    const newest = options.newest;
    if (indexed) {
      // The winners and the newest of the kind are in the index: no second read.
      const ranked = top.flatMap(([id, score]) => {
        const entry = indexed.byId.get(id);
        return entry ? [{ ...entry.memory, score }] : [];
      });
      return { ranked, newest: newest ? newestOfKind(indexed, newest.kind, newest.limit) : [] };
    }
    if (top.length === 0 && !newest) return { ranked: [], newest: [] };
    // One array of ids (the winners, then the newest of the kind), so the read is an index lookup each;
    // an OR of the two lists made the planner scan every active memory.
    const topIds = top.length ? sql`array[${sql.join(top.map(([id]) => sql`${id}`), sql`, `)}]::uuid[]` : sql`'{}'::uuid[]`;
    const ids = newest
      ? sql`${topIds} || array(select ${mem.id} from ${mem} where ${mem.userId} = ${userId} and ${mem.status} = 'active' and ${mem.kind} = ${newest.kind} order by ${mem.createdAt} desc, ${mem.id} desc limit ${newest.limit})`
      : topIds;
    const rows = await this.db.select(memoryColumns).from(mem).where(and(eq(mem.userId, userId), eq(mem.status, 'active'), sql`${mem.id} = any(${ids})`));
    const byId = new Map(rows.map((row) => [row.id, row]));
    // A memory superseded or deleted between the two reads is left out.
    const ranked = top.flatMap(([id, score]) => (byId.has(id) ? [{ ...byId.get(id)!, score }] : []));
    // Every one of the newest of the kind was read, so they are the newest of that kind among the rows.
    const ofKind = newest
      ? rows
          .filter((row) => row.kind === newest.kind)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
          .slice(0, newest.limit)
      : [];
    return { ranked, newest: ofKind };
  }

  /**
   * Past messages relevant to `query` (episodic memory), best first, as excerpts. Memory commands
   * ("remember that …") and their answers are not conversation and are left out.
   */
  async searchMessages(userId: string, query: string, options: SearchOptions & { excludeConversationId?: string | null } = {}): Promise<EpisodeHit[]> {
    const k = options.k ?? 5;
    // A message is long and says a topic in many words: its own words find it, and leaving out the
    // related words (kept for memories, which are one short sentence) halves the cost of the scan.
    const tsquery = prefixQuery(query, 12, { related: false });
    const exclude = options.excludeConversationId ?? null;
    const [lexical, semantic] = await Promise.all([
      tsquery ? this.lexicalMessages({ userId, exclude, query, tsquery }) : Promise.resolve([]),
      options.queryVector ? this.semanticMessages(userId, options.queryVector, options.excludeConversationId ?? null) : Promise.resolve([]),
    ]);
    const byId = new Map(lexical.map((row) => [row.id, row]));
    const missing = semantic.filter((id) => !byId.has(id));
    if (missing.length) for (const row of await this.messageRows([...episodeFilters(userId, exclude), inArray(msg.id, missing)])) byId.set(row.id, row);
    const scores = this.fuse([lexical.map((row) => row.id), semantic], (id) => byId.get(id)?.createdAt.getTime() ?? null);
    const stems = contentStems(query);
    return [...scores]
      .map(([id, score]) => ({ row: byId.get(id), score }))
      .filter((hit): hit is { row: MessageHitRow; score: number } => hit.row !== undefined && !isMemoryCommandTurn(hit.row))
      .sort((a, b) => b.score - a.score || b.row.createdAt.getTime() - a.row.createdAt.getTime() || (a.row.id < b.row.id ? -1 : 1))
      .slice(0, k)
      .map(({ row, score }) => ({
        conversationId: row.conversationId,
        // A chat that began with "remember that …" is titled with the fact: it must not outlive a forget.
        conversationTitle: parseMemoryCommand(row.title) ? '' : row.title,
        messageId: row.id,
        role: row.role as 'user' | 'assistant',
        text: excerpt(row.content, stems),
        score,
        createdAt: row.createdAt,
      }));
  }

  /** Reciprocal rank fusion of ranked id lists, times a recency boost (`createdAt` in epoch ms). */
  private fuse(lists: string[][], createdAt: (id: string) => number | null): Map<string, number> {
    const scores = new Map<string, number>();
    for (const list of lists) list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (this.rrfK + rank + 1)));
    const now = this.now();
    const dayMs = 86_400_000;
    for (const [id, score] of scores) {
      const at = createdAt(id);
      const ageDays = at === null ? Infinity : Math.max(0, (now - at) / dayMs);
      scores.set(id, score * (1 + this.recency.weight * 0.5 ** (ageDays / this.recency.halfLifeDays)));
    }
    return scores;
  }

  /**
   * Full-text matches, best first: the newest `lexicalScan` matches, re-ranked by query words (own
   * before related, see termScore), then by length. Taking the newest matches in index order lets the
   * scan stop early; ordering every match by ts_rank read all of a heavy user's rows on every turn.
   */
  private async lexicalMemories(userId: string, input: { query: string; tsquery: string; indexed: UserMemoriesView | null }): Promise<RankedHit[]> {
    const { query, tsquery, indexed } = input;
    const terms = indexed ? orQueryTerms(tsquery) : null;
    if (indexed && terms) {
      // The same newest matches as the query below, from the lexemes Postgres stored.
      const matches = indexed.matching(terms);
      const rows: LexicalRow[] = [];
      for (const { memory } of indexed.newestFirst()) {
        if (rows.length >= this.lexicalScan) break;
        if (matches.has(memory.id)) rows.push({ id: memory.id, content: memory.content, createdAtMs: memory.createdAt.getTime() });
      }
      return this.rerankLexical(rows, query);
    }
    const q = sql`to_tsquery('simple', ${tsquery})`;
    // Only what ranking needs, as one JSON array: reading every column of hundreds of rows, and then
    // each field of each row on its own, were each a visible share of a turn.
    const newest = this.db
      .select({ id: mem.id, content: mem.content, createdAt: mem.createdAt })
      .from(mem)
      .where(and(eq(mem.userId, userId), eq(mem.status, 'active'), sql`${mem.contentTsv} @@ ${q}`))
      .orderBy(desc(mem.createdAt))
      .limit(this.lexicalScan)
      .as('newest');
    const [found] = await this.db
      .select({ hits: sql<[string, string, number][] | null>`json_agg(json_build_array(${newest.id}, ${newest.content}, ${createdAtMs(newest.createdAt)}) order by ${newest.createdAt} desc)` })
      .from(newest);
    return this.rerankLexical((found?.hits ?? []).map(([id, content, createdAtMs]) => ({ id, content, createdAtMs })), query);
  }

  /** The newest matches re-ranked by query words, then by length; the best `candidates`. */
  private rerankLexical(rows: LexicalRow[], query: string): RankedHit[] {
    // Among equal scores a short memory that matches beats a long one that mentions it (as ts_rank's normalization 1 did).
    rows.sort((a, b) => a.content.length - b.content.length);
    return byTermScore(rows, queryConcepts(query), (m) => m.content)
      .slice(0, this.candidates)
      .map(({ id, createdAtMs }) => ({ id, createdAtMs }));
  }

  private async semanticMemories(userId: string, query: { embedding: number[]; model: string }): Promise<RankedHit[]> {
    const filters = and(eq(mem.userId, userId), eq(mem.status, 'active'), eq(mem.embeddingModel, query.model), sql`cardinality(${mem.embedding}) = ${query.embedding.length}`);
    if (this.options.hasVector) {
      const distance = sql`${mem.embedding}::vector <=> ${toVectorLiteral(query.embedding)}::vector`;
      return this.db.select({ id: mem.id, createdAtMs: createdAtMs(mem.createdAt) }).from(mem).where(filters).orderBy(distance).limit(this.candidates);
    }
    const rows = await this.db.select({ id: mem.id, createdAtMs: createdAtMs(mem.createdAt), embedding: mem.embedding }).from(mem).where(filters);
    const times = new Map(rows.map((row) => [row.id, row.createdAtMs]));
    return topByCosine(rows, query.embedding, this.candidates).map((id) => ({ id, createdAtMs: times.get(id)! }));
  }

  /**
   * Full-text matches among past messages, best first: the best by ts_rank, re-ranked by query words.
   * No index orders a user's messages by time, so the scan reads them all either way; ranking in SQL
   * keeps the long texts of answers out of the re-ranking.
   */
  private async lexicalMessages(input: { userId: string; exclude: string | null; query: string; tsquery: string }): Promise<MessageHitRow[]> {
    const variant = input.exclude ? 'excluding' : 'all';
    const prepared = (this.episodeSearches[variant] ??= this.prepareEpisodeSearch(variant));
    const rows = (await prepared.execute({ userId: input.userId, exclude: input.exclude, tsquery: input.tsquery, limit: this.candidates })) as MessageHitRow[];
    return byTermScore(rows, queryConcepts(input.query), (row) => row.content);
  }

  /**
   * The full-text search of past messages, built once (with and without a conversation to leave
   * out): it runs on every turn, and building the query through Drizzle cost about half as much as
   * running it (`npm run bench:turn-trace`). On a server, the prepared statement is also planned once.
   */
  private prepareEpisodeSearch(variant: 'all' | 'excluding') {
    const q = sql`to_tsquery('simple', ${sql.placeholder('tsquery')})`;
    const rank = sql<number>`ts_rank(${msg.contentTsv}, ${q}, 1)`;
    const filters = [...episodeFilters(sql.placeholder('userId'), variant === 'excluding' ? sql.placeholder('exclude') : null), sql`${msg.contentTsv} @@ ${q}`];
    return this.messageRowsQuery(filters)
      .orderBy(desc(rank), desc(msg.createdAt))
      .limit(sql.placeholder('limit') as unknown as number)
      .prepare(`redline_episode_search_${variant}`);
  }

  private async messageRows(filters: SQL[]): Promise<MessageHitRow[]> {
    return this.messageRowsQuery(filters);
  }

  private messageRowsQuery(filters: SQL[]) {
    return this.db
      .select({
        id: msg.id,
        userId: msg.userId,
        conversationId: msg.conversationId,
        parentId: msg.parentId,
        role: msg.role,
        content: msg.content,
        createdAt: msg.createdAt,
        title: conv.title,
        // The start of an answer's question, to spot answers to memory commands. A subquery in the
        // select list runs after the sort and limit, for the kept rows only (a join ran it for every match).
        parentContent: sql<string | null>`(select left(p.content, 600) from ${msg} as p where p.id = ${msg.parentId} and p.user_id = ${msg.userId} and ${msg.role} = 'assistant')`,
      })
      .from(msg)
      // Temporary chats are never searched, whoever asks.
      .innerJoin(conv, and(eq(conv.id, msg.conversationId), eq(conv.userId, msg.userId), eq(conv.temporary, false)))
      .where(and(...filters))
      .$dynamic();
  }

  private async semanticMessages(userId: string, query: { embedding: number[]; model: string }, excludeConversationId: string | null): Promise<string[]> {
    const filters: SQL[] = [eq(memb.userId, userId), eq(memb.embeddingModel, query.model), sql`cardinality(${memb.embedding}) = ${query.embedding.length}`];
    if (excludeConversationId) {
      filters.push(sql`not exists (select 1 from ${msg} where ${msg.id} = ${memb.messageId} and ${msg.userId} = ${userId} and ${msg.conversationId} = ${excludeConversationId})`);
    }
    if (this.options.hasVector) {
      const distance = sql`${memb.embedding}::vector <=> ${toVectorLiteral(query.embedding)}::vector`;
      const rows = await this.db.select({ id: memb.messageId }).from(memb).where(and(...filters)).orderBy(distance).limit(this.candidates);
      return rows.map((row) => row.id);
    }
    const rows = await this.db.select({ id: memb.messageId, embedding: memb.embedding }).from(memb).where(and(...filters));
    return topByCosine(rows, query.embedding, this.candidates);
  }
}

/** A ranked candidate: its id and when it was written (for the recency term). */
interface RankedHit {
  id: string;
  createdAtMs: number;
}

/** A full-text match of a memory, before re-ranking. */
interface LexicalRow extends RankedHit {
  content: string;
}

/** A timestamp as epoch milliseconds: a number parses in a fraction of a Date, over hundreds of rows. */
const createdAtMs = (column: SQLWrapper) => sql<number>`(extract(epoch from ${column}) * 1000)::float8`.mapWith(Number);

/** Which past messages are conversation worth recalling: the user's own, finished, not memory commands, maybe not the current chat's. */
function episodeFilters(userId: string | Placeholder, exclude: string | Placeholder | null): SQL[] {
  const filters: SQL[] = [
    eq(msg.userId, userId),
    inArray(msg.role, ['user', 'assistant']),
    inArray(msg.status, [...EPISODE_STATUSES]),
    sql`coalesce(${msg.metadata}->>'memoryCommand', '') = ''`,
  ];
  if (exclude) filters.push(ne(msg.conversationId, exclude));
  return filters;
}

interface MessageHitRow {
  id: string;
  conversationId: string;
  role: 'system' | 'user' | 'assistant';
  content: string;
  createdAt: Date;
  title: string;
  parentContent: string | null;
}

/** A memory command or the answer to one: memory management, not conversation (a forgotten fact must not come back from here). */
function isMemoryCommandTurn(row: MessageHitRow): boolean {
  if (row.role === 'user') return parseMemoryCommand(row.content) !== null;
  return row.parentContent !== null && parseMemoryCommand(row.parentContent) !== null;
}

/**
 * Candidates re-ranked by how many query words they contain, own words above related ones (see
 * termScore); the database's ts_rank order breaks ties. Stable, so equal scores keep that order.
 */
function byTermScore<T>(rows: T[], concepts: readonly Concept[], text: (row: T) => string): T[] {
  const score = termScorer(concepts);
  return rows
    .map((row, index) => ({ row, index, score: score(text(row)) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ row }) => row);
}

function topByCosine(rows: { id: string; embedding: number[] | null }[], query: number[], limit: number): string[] {
  return rows
    .flatMap((row) => (row.embedding ? [{ id: row.id, similarity: cosineSimilarity(row.embedding, query) }] : []))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, limit)
    .map((row) => row.id);
}

/** About SNIPPET_CHARS of `content` around the first word that starts with a query stem, cut at spaces. */
export function excerpt(content: string, stems: string[], size = SNIPPET_CHARS): string {
  const text = content.replace(/\s+/g, ' ').trim();
  if (text.length <= size) return text;
  const lower = text.toLowerCase();
  let at = -1;
  for (const stem of stems) {
    const match = new RegExp(`(?:^|[^\\p{L}\\p{N}])${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u').exec(lower);
    if (match && (at < 0 || match.index < at)) at = match.index;
  }
  let start = Math.max(0, (at < 0 ? 0 : at) - Math.floor(size / 3));
  let end = Math.min(text.length, start + size);
  start = Math.max(0, end - size);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
