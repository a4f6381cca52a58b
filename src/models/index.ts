export { ModelRegistry, type ModelRegistryOptions } from './model-registry.js';
export { UnknownModelError, NoModelConfiguredError } from './errors.js';
export { TextSplicer } from './resilience/text-splice.js';
export {
  createResilientModel,
  BreakerRegistry,
  LatencyRegistry,
  ModelTimeoutError,
  CircuitOpenError,
  AllCandidatesFailedError,
  defaultResiliencePolicy,
  type ResilienceEvents,
  type BreakerState,
  type BreakerSnapshot,
  type ResiliencePolicyInput,
  type ReasoningEffort,
  reasonsNatively,
  shouldContinue,
} from './resilience/index.js';
export { brokenStreamError, ByteLog, continueAnswer, openRelay, relayedText, type OpenedRelay, type RelayRoute } from './relay/index.js';
export { probeOllama } from './providers/list-provider-models.js';
export type { ModelInfo, ResolvedModel, LocalSetup } from './types.js';
export { createLocalEngine, RECOMMENDED_MODEL, LocalModelUnavailableError, type LocalEngine } from './providers/local/index.js';
export { PgCacheStore, hashedEmbedder, DEFAULT_SEMANTIC_THRESHOLD, CACHE_HEADER, replayParts, type CachedAnswer, type ResponseCache, type CacheEvents } from './cache/index.js';
export { EmbeddingsUnsupportedError } from './providers/create-embedding-model.js';
export { countTokens } from './token-count.js';
