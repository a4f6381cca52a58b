export { loadConfig, ConfigError, normalizeOllamaHost, localModelName, defaultOllamaHost } from './load-config.js';
export { providerKinds, type ProviderKind } from './config-file-schema.js';
export type { Config, ProviderConfig, AliasConfig, MemoryConfig, CacheConfig, ToolsConfig } from './types.js';
export type { ResilienceConfig } from './config-file-schema.js';
