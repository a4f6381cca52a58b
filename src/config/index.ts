export { loadConfig, ConfigError, normalizeOllamaHost, localModelName, defaultOllamaHost } from './load-config.js';
export { providerKinds, type ProviderKind } from './config-file-schema.js';
export type { Config, ProviderConfig } from './types.js';
