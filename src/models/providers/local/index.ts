export { createLocalEngine } from './local-engine';
export type { LocalEngine, LocalEngineLogger, LocalEngineOptions } from './local-engine';
export type { LocalSetup } from './recommended-setup';
export { RECOMMENDED_MODEL } from './recommended-model';
export {
  LocalEngineDisposedError,
  LocalGenerationError,
  LocalModelLoadError,
  LocalModelUnavailableError,
  downloadFailedMessage,
} from './errors';
