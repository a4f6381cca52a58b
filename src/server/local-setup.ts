import type { ProviderConfig } from '../config/index.js';
import { RECOMMENDED_MODEL, type LocalEngine, type LocalSetup, type ModelRegistry } from '../models/index.js';
import type { LocalSetupControl } from '../http/index.js';

/** Where to look when nothing else is configured: the hint shown by the UI and the CLI. */
export const SETUP_HINT =
  'Set OPENAI_API_KEY (or OPENAI_BASE_URL for vLLM, llama.cpp, LM Studio or OpenRouter), ANTHROPIC_API_KEY or GOOGLE_GENERATIVE_AI_API_KEY; start Ollama; set REDLINE_MODEL=/path/to/model.gguf; or declare providers in redline.config.json. Or download the recommended local model.';

/** The provider entry for the recommended model once its file is on disk. */
export function recommendedProvider(file: string): ProviderConfig {
  return { id: 'local', kind: 'local', models: { [RECOMMENDED_MODEL.id]: file } };
}

/**
 * Offers the recommended local model when nothing is configured: its download runs in the
 * engine, and when it completes the model joins the registry without a restart.
 */
export function createLocalSetupControl(models: ModelRegistry, engine: () => LocalEngine): LocalSetupControl {
  let watching = false;

  const status = (): LocalSetup => {
    const setup = engine().setup();
    const configuredElsewhere = models.providerList().some((p) => p.id !== 'local' || !isRecommended(p));
    return { ...setup, needed: !configuredElsewhere && setup.state !== 'ready', hint: SETUP_HINT };
  };

  const watch = () => {
    if (watching) return;
    watching = true;
    const timer = setInterval(() => {
      const setup = engine().setup();
      if (setup.state === 'downloading' || setup.state === 'idle') return;
      clearInterval(timer);
      watching = false;
      if (setup.state === 'ready') {
        engine()
          .ensureModel(RECOMMENDED_MODEL.uri)
          .then((file) => models.addProvider(recommendedProvider(file)))
          .catch(() => undefined);
      }
    }, 500);
    timer.unref();
  };

  return {
    status,
    start: () => {
      engine().startRecommendedDownload();
      watch();
      return status();
    },
  };
}

function isRecommended(provider: ProviderConfig): boolean {
  return !!provider.models && !Array.isArray(provider.models) && Object.keys(provider.models).includes(RECOMMENDED_MODEL.id);
}
