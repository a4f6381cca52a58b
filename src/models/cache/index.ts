export { withResponseCache, hotExactAnswer, CACHE_HEADER, type ResponseCache } from './with-response-cache.js';
export { replayParts } from './replay.js';
export { PgCacheStore } from './pg-cache-store.js';
export { hashedEmbedder, hashedEmbedding } from './hashed-embedder.js';
export { cosine, sameHardFacts } from './semantic-match.js';
export { isTimeSensitive } from './time-sensitive.js';
export { DEFAULT_SEMANTIC_THRESHOLD } from './defaults.js';
export type { CachedAnswer, CacheHint, CacheKind, CacheOutcome, CacheSettings, CacheEvents, TextEmbedder, ResponseCacheStore } from './types.js';
