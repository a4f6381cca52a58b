export { createLocalEngine } from './local-engine.js';
export type { LocalEngine, LocalEngineLogger, LocalEngineOptions } from './local-engine.js';
export type { LocalSetup } from './recommended-setup.js';
export { RECOMMENDED_MODEL } from './recommended-model.js';
export {
  LocalEngineDisposedError,
  LocalGenerationError,
  LocalModelLoadError,
  LocalModelUnavailableError,
  downloadFailedMessage,
} from './errors.js';
