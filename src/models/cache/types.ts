import type { LanguageModelV3FinishReason, LanguageModelV3Usage } from '@ai-sdk/provider';

export type CacheKind = 'exact' | 'semantic';
export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/**
 * What a caller tells the cache, in `providerOptions.redline.cache` (the model interface stays the AI SDK's).
 * Without a `userId` nothing is read or written: entries always belong to someone.
 */
export interface CacheHint {
  userId: string;
  /** `auto`: exact cache for temperature 0 only; `force`: exact cache whatever the sampling; `skip`: neither read nor write. */
  mode?: 'auto' | 'force' | 'skip';
  /** Read and write entries every user can hit (explicit only: answers may be personal). */
  shared?: boolean;
  /** The caller vouches the last user message is a stand-alone, non-personal question: semantic cache allowed. */
  standalone?: boolean;
}

/** A replayable answer: text (and reasoning) only; tool calls are never stored. */
export interface CachedAnswer {
  text: string;
  reasoning: string;
  finishReason: LanguageModelV3FinishReason;
  usage: LanguageModelV3Usage;
}

export interface CacheEntry {
  kind: CacheKind;
  key: string;
  model: string;
  answer: CachedAnswer;
  question?: string;
  embedding?: number[];
  embeddingModel?: string;
  /** Semantic entries only: hash of the system prompt and sampling, which must match too. */
  context?: string;
}

export interface SemanticCandidate {
  id: string;
  question: string;
  embedding: number[];
  context: string | null;
  answer: CachedAnswer;
}

/** Where entries live: the `response_cache` table in production. Every method scopes by user. */
export interface ResponseCacheStore {
  /** The live exact entry for this key, the user's own first, then a shared one when `shared`. */
  getExact(input: { userId: string; key: string; shared: boolean }): Promise<{ id: string; answer: CachedAnswer } | null>;
  /** The same entry when this process holds it in memory, without a query; null when it would have to ask the table. */
  peekExact?(input: { userId: string; key: string; shared: boolean }): { id: string; answer: CachedAnswer } | null;
  /** Live semantic entries of one model (the user's own, plus shared ones when `shared`). */
  semanticCandidates(input: { userId: string; model: string; embeddingModel: string; shared: boolean }): Promise<SemanticCandidate[]>;
  /** Inserts or replaces (same user, kind and key), then enforces the row caps. */
  put(input: { userId: string; shared: boolean; entry: CacheEntry }): Promise<void>;
  /** Records a hit (recency drives eviction). */
  touch(id: string): Promise<void>;
  /** Deletes expired rows; returns how many. */
  sweep(): Promise<number>;
}

/** Bounds and switches, from the `cache` config section. */
export interface CacheSettings {
  enabled: boolean;
  ttlMs: number;
  maxEntryBytes: number;
  maxEntriesPerUser: number;
  maxEntries: number;
  semantic: { enabled: boolean; threshold: number };
}

/** A text embedder: the configured embedding model, or the built-in hashed one. */
export interface TextEmbedder {
  /** Vectors of different embedders are never compared. */
  readonly id: string;
  embed(texts: string[]): Promise<number[][]>;
}

export interface CacheEvents {
  onCache?: (e: { kind: CacheKind; outcome: CacheOutcome }) => void;
  /** A store failure: the call goes on uncached, but it must not go unseen. */
  onError?: (e: { op: string; error: unknown }) => void;
}
