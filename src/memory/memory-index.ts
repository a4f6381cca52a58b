import type { Memory, MemoryKind } from './types.js';

/** An active memory with the lexemes Postgres indexed it under (its `content_tsv`). */
export interface IndexedMemory {
  /** Replaced in place when only its use stamp changes (see `touched`). */
  memory: Memory;
  lexemes: readonly string[];
}

/** One user's active memories: by id, newest first, and by lexeme, kept up to date row by row. */
class UserMemories {
  readonly byId = new Map<string, IndexedMemory>();
  /** Newest first, as `order by created_at desc, id desc`. */
  private readonly sorted: IndexedMemory[] = [];
  private readonly postings = new Map<string, Set<string>>();
  /** The postings' lexemes, sorted: the ones a prefix matches are one run. */
  private readonly vocabulary: string[] = [];

  constructor(entries: readonly IndexedMemory[] = []) {
    for (const entry of entries) {
      this.byId.set(entry.memory.id, entry);
      for (const lexeme of entry.lexemes) this.post(lexeme, entry.memory.id);
    }
    this.sorted.push(...this.byId.values());
    this.sorted.sort(newerFirst);
    this.vocabulary.push(...this.postings.keys());
    this.vocabulary.sort();
  }

  put(entry: IndexedMemory): void {
    this.remove(entry.memory.id);
    this.byId.set(entry.memory.id, entry);
    this.sorted.splice(lowerBound(this.sorted, (x) => newerFirst(x, entry) < 0), 0, entry);
    for (const lexeme of entry.lexemes) {
      if (!this.postings.has(lexeme)) this.vocabulary.splice(lowerBound(this.vocabulary, (x) => x < lexeme), 0, lexeme);
      this.post(lexeme, entry.memory.id);
    }
  }

  remove(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    this.sorted.splice(this.sorted.indexOf(entry), 1);
    for (const lexeme of entry.lexemes) {
      const ids = this.postings.get(lexeme);
      ids?.delete(id);
      if (ids?.size === 0) {
        this.postings.delete(lexeme);
        this.vocabulary.splice(lowerBound(this.vocabulary, (x) => x < lexeme), 1);
      }
    }
  }

  newestFirst(): readonly IndexedMemory[] {
    return this.sorted;
  }

  /** Ids of the memories whose lexemes match any term: `term` exactly, `term:*` as a prefix (tsquery semantics). */
  matching(terms: readonly QueryTerm[]): Set<string> {
    const found = new Set<string>();
    const add = (lexeme: string) => {
      for (const id of this.postings.get(lexeme) ?? []) found.add(id);
    };
    for (const term of terms) {
      if (!term.prefix) add(term.text);
      else for (let i = lowerBound(this.vocabulary, (x) => x < term.text); i < this.vocabulary.length && this.vocabulary[i].startsWith(term.text); i++) add(this.vocabulary[i]);
    }
    return found;
  }

  private post(lexeme: string, id: string): void {
    let ids = this.postings.get(lexeme);
    if (!ids) this.postings.set(lexeme, (ids = new Set()));
    ids.add(id);
  }
}

const newerFirst = (a: IndexedMemory, b: IndexedMemory) =>
  b.memory.createdAt.getTime() - a.memory.createdAt.getTime() || (a.memory.id < b.memory.id ? 1 : a.memory.id > b.memory.id ? -1 : 0);

/** The first index whose item is not `before` (the items `before` holds for come first). */
function lowerBound<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(items[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One term of an OR-only tsquery: its text, and whether it matches as a prefix (`term:*`). */
export interface QueryTerm {
  text: string;
  prefix: boolean;
}

/** The terms of a `prefixQuery` string ("liv:* | cat | cats"); null for anything but an OR of plain terms. */
export function orQueryTerms(tsquery: string): QueryTerm[] | null {
  const terms: QueryTerm[] = [];
  for (const part of tsquery.split(' | ')) {
    const match = /^([\p{L}\p{N}]+)(:\*)?$/u.exec(part);
    if (!match) return null;
    terms.push({ text: match[1], prefix: match[2] !== undefined });
  }
  return terms;
}

/**
 * A tsvector's text form (`'item-7':5 'user':1`) as its lexemes. Quotes inside a lexeme are doubled
 * and backslashes escaped, as Postgres writes them.
 */
export function tsvectorLexemes(text: string): string[] {
  const lexemes: string[] = [];
  for (const match of text.matchAll(/'((?:[^'\\]|''|\\.)*)'/g)) lexemes.push(match[1].replace(/''/g, "'").replace(/\\(.)/g, '$1'));
  return lexemes;
}

export interface MemoryIndexOptions {
  /** Memories kept over all users; the least recently active users go first (default 50,000, some tens of MB). */
  maxMemories?: number;
  /** A user with more active memories than this is searched in SQL (default 5,000). */
  maxMemoriesPerUser?: number;
}

/**
 * The active memories of recently active users with their lexemes, so a turn's memory search and the
 * read of its winners run in this process instead of as two queries (on the embedded store each costs
 * milliseconds of the turn's time to first token). Only with a single writer, where every write to
 * `memories` goes through MemoryStore, which reports it here.
 *
 * Matching is Postgres's own: the lexemes are the ones `to_tsvector('simple', content)` stored, and
 * the query is an OR of plain terms, so `@@` is "any lexeme equals a term, or starts with a prefix
 * term". A read that overlaps a write of the same user is used but not kept.
 */
export class MemoryIndex {
  private readonly users = new Map<string, UserMemories>();
  private readonly writes = new Map<string, number>();
  /** Users found to have more than `maxMemoriesPerUser`: searched in SQL until some of theirs go. */
  private readonly oversized = new Set<string>();
  private readonly maxMemories: number;
  readonly maxMemoriesPerUser: number;

  constructor(options: MemoryIndexOptions = {}) {
    this.maxMemories = options.maxMemories ?? 50_000;
    this.maxMemoriesPerUser = Math.min(options.maxMemoriesPerUser ?? 5000, this.maxMemories);
  }

  /** The user's memories when held (marked most recently used), `oversized` for a user searched in SQL. */
  get(userId: string): UserMemoriesView | 'oversized' | null {
    if (this.oversized.has(userId)) return 'oversized';
    const user = this.users.get(userId);
    if (!user) return null;
    this.users.delete(userId);
    this.users.set(userId, user);
    return user;
  }

  /** A token to pass to `fill` with what a read of the user's memories, started now, returns. */
  mark(userId: string): number {
    return this.writes.get(userId) ?? 0;
  }

  /** Every active memory of the user as a read returned it; kept only if no write of theirs overlapped it. */
  fill(userId: string, entries: IndexedMemory[], mark: number): UserMemoriesView {
    const user = new UserMemories(entries);
    if (mark !== this.mark(userId)) return user;
    this.users.delete(userId);
    this.users.set(userId, user);
    this.evict();
    return user;
  }

  /** A read found more than `maxMemoriesPerUser` active memories: that user is searched in SQL. */
  tooMany(userId: string, mark: number): void {
    if (mark === this.mark(userId)) this.oversized.add(userId);
  }

  /** A write of the user's memories is starting: reads already running are not kept. */
  writing(userId: string): void {
    this.writes.set(userId, this.mark(userId) + 1);
  }

  /** Rows as a committed write returned them: active ones are (re)indexed, others leave. */
  written(userId: string, rows: readonly IndexedMemory[]): void {
    this.writing(userId);
    if (rows.some((row) => row.memory.status !== 'active')) this.oversized.delete(userId);
    const user = this.users.get(userId);
    if (!user) return;
    for (const row of rows) {
      if (row.memory.status === 'active') user.put(row);
      else user.remove(row.memory.id);
    }
    if (user.byId.size > this.maxMemoriesPerUser) {
      this.users.delete(userId);
      this.oversized.add(userId);
    }
    this.evict();
  }

  /** `MemoryStore.touch` stamped these memories (the ones not stamped since `staleBefore`). */
  touched(userId: string, ids: readonly string[], stamp: { at: Date; staleBefore: Date }): void {
    const { at, staleBefore } = stamp;
    this.writing(userId);
    const user = this.users.get(userId);
    if (!user) return;
    for (const id of ids) {
      const entry = user.byId.get(id);
      const last = entry?.memory.lastUsedAt;
      // Nothing it is found or ordered by changes: the entry is updated where it stands.
      if (entry && (!last || last < staleBefore)) entry.memory = { ...entry.memory, lastUsedAt: at };
    }
  }

  /** Least recently active users out until the rest fit in `maxMemories`. */
  private evict(): void {
    let total = 0;
    for (const user of this.users.values()) total += user.byId.size;
    for (const [userId, user] of this.users) {
      if (total <= this.maxMemories) break;
      total -= user.byId.size;
      this.users.delete(userId);
    }
  }

  /** A write whose outcome is not known (it failed, or it rewrote many rows): the next read goes to the store. */
  drop(userId: string): void {
    this.writing(userId);
    this.users.delete(userId);
    this.oversized.delete(userId);
  }
}

/** What retrieval reads of one user's indexed memories. */
export interface UserMemoriesView {
  readonly byId: ReadonlyMap<string, IndexedMemory>;
  newestFirst(): readonly IndexedMemory[];
  matching(terms: readonly QueryTerm[]): Set<string>;
}

/** The newest `limit` of one kind, as `order by created_at desc, id desc limit n`; copies, so callers may change them. */
export function newestOfKind(user: UserMemoriesView, kind: MemoryKind, limit: number): Memory[] {
  const out: Memory[] = [];
  for (const { memory } of user.newestFirst()) {
    if (out.length >= limit) break;
    if (memory.kind === kind) out.push({ ...memory });
  }
  return out;
}
