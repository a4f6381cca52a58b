import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { cosineSimilarity } from '../memory/index.js';
import type { Embedder } from '../memory/index.js';
import type { ChunkCandidate, DocumentStore } from './document-store.js';
import type { DocumentScope, Passage } from './types.js';

/** BM25's usual constants: term-frequency saturation and length normalization. */
const K1 = 1.2;
const B = 0.75;
/** Reciprocal-rank fusion constant (Cormack et al.). */
const RRF_K = 60;
const LEXICAL_CANDIDATES = 60;
const VECTOR_CANDIDATES = 40;
/** Exact cosine in JS reads at most this many vectors of one scope. */
const MAX_SCANNED_VECTORS = 20_000;

/** Term counts of a tsvector's text form: `'claim':5,12 'expens':8A` → claim 2, expens 1; and its length. */
export function parseTsvector(text: string): { counts: Map<string, number>; length: number } {
  const counts = new Map<string, number>();
  let length = 0;
  for (const match of text.matchAll(/'((?:[^']|'')+)'(?::([\d,A-D]+))?/g)) {
    const n = match[2] ? match[2].split(',').length : 1;
    counts.set(match[1].replace(/''/g, "'"), n);
    length += n;
  }
  return { counts, length };
}

/** Inverse document frequency, BM25's form (never negative). */
export function idf(total: number, containing: number): number {
  return Math.log(1 + (total - containing + 0.5) / (containing + 0.5));
}

/**
 * Scores candidates by BM25 over the question's lexemes and by how much of the question they cover:
 * `support` is the IDF-weighted share of the question's lexemes a passage contains. A lexeme found
 * nowhere in the files weighs the most, so a question about something the files never mention has
 * low support everywhere: that is what strict mode refuses on.
 */
export function rankLexical(candidates: ChunkCandidate[], lexemes: string[], stats: { total: number; counts: Map<string, number> }) {
  const weights = new Map(lexemes.map((lexeme) => [lexeme, idf(stats.total, stats.counts.get(lexeme) ?? 0)]));
  const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
  const parsed = candidates.map((candidate) => ({ candidate, ...parseTsvector(candidate.tsv) }));
  const avgLength = parsed.reduce((sum, p) => sum + p.length, 0) / (parsed.length || 1) || 1;
  return parsed
    .map(({ candidate, counts, length }) => {
      let bm25 = 0;
      let covered = 0;
      for (const [lexeme, weight] of weights) {
        const tf = counts.get(lexeme) ?? 0;
        if (tf === 0) continue;
        covered += weight;
        bm25 += (weight * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avgLength));
      }
      return { candidate, bm25, support: covered / totalWeight };
    })
    .sort((a, b) => b.bm25 - a.bm25);
}

/**
 * Retrieval over a user's files: Postgres full-text search ('english': stems, no stop words) for
 * candidates, re-ranked by BM25 with IDF over the scope, fused by reciprocal rank with exact cosine
 * similarity when passages have vectors.
 */
export class PassageSearch {
  constructor(
    private readonly options: { db: Db; store: DocumentStore; embedder: Embedder | null; hasVector: boolean },
  ) {}

  /** The question's lexemes as Postgres stems them (the same stemming as the passages' index). */
  async lexemes(question: string): Promise<string[]> {
    // Both drivers (PGlite and node-postgres) answer execute() with `{ rows }`.
    const { rows } = (await this.options.db.execute(sql`select to_tsvector('english', ${question.slice(0, 2000)})::text as tsv`)) as unknown as { rows: { tsv: string }[] };
    const lexemes = [...parseTsvector(rows[0]?.tsv ?? '').counts.keys()];
    // Only plain words go into a tsquery literal; the rest could not match anything anyway.
    return lexemes.filter((lexeme) => /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u.test(lexeme)).slice(0, 24);
  }

  async search(userId: string, scope: DocumentScope, query: { question: string; k?: number; signal?: AbortSignal }): Promise<Passage[]> {
    const { question, k = 6, signal } = query;
    const { store } = this.options;
    const lexemes = await this.lexemes(question);
    const [candidates, stats, vectorIds] = await Promise.all([
      store.matching(userId, scope, { lexemes, limit: LEXICAL_CANDIDATES }),
      store.termCounts(userId, scope, lexemes),
      this.nearest(userId, scope, { question, signal }),
    ]);
    const missing = vectorIds.filter((id) => !candidates.some((c) => c.id === id));
    const all = [...candidates, ...(await store.candidates(userId, missing))];
    const lexical = rankLexical(all, lexemes, stats);
    const fused = new Map<string, number>();
    lexical.forEach((entry, rank) => {
      if (entry.bm25 > 0) fused.set(entry.candidate.id, 1 / (RRF_K + rank + 1));
    });
    vectorIds.forEach((id, rank) => fused.set(id, (fused.get(id) ?? 0) + 1 / (RRF_K + rank + 1)));
    return lexical
      .filter((entry) => fused.has(entry.candidate.id))
      .map(({ candidate, support }) => ({
        chunkId: candidate.id,
        documentId: candidate.documentId,
        name: candidate.name,
        heading: candidate.heading,
        page: candidate.page,
        text: candidate.text,
        score: fused.get(candidate.id) ?? 0,
        support,
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }

  /** Passage ids nearest to the question by meaning; none without an embedder or vectors. */
  private async nearest(userId: string, scope: DocumentScope, { question, signal }: { question: string; signal?: AbortSignal }): Promise<string[]> {
    const { embedder, store, hasVector } = this.options;
    if (!embedder) return [];
    const [query] = await embedder.embed([question], { signal }).catch(() => [null]);
    if (!query) return [];
    if (hasVector) return store.nearestByVector(userId, scope, { literal: `[${query.join(',')}]`, limit: VECTOR_CANDIDATES });
    const rows = await store.vectors(userId, scope, MAX_SCANNED_VECTORS);
    return rows
      .map((row) => ({ id: row.id, similarity: cosineSimilarity(row.embedding, query) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, VECTOR_CANDIDATES)
      .map((row) => row.id);
  }
}
