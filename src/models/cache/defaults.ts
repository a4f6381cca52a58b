/**
 * Cosine threshold for the built-in hashed embedder, calibrated on bench/cache/paraphrases.json:
 * the highest-scoring different-meaning pair scores 0.80, so 0.84 leaves a margin (docs/decisions/006-response-cache.md).
 */
export const DEFAULT_SEMANTIC_THRESHOLD = 0.84;
