import type { EmbeddingModelV3, LanguageModelV3 } from '@ai-sdk/provider';
import type { Llama } from 'node-llama-cpp';
import { LocalEngineDisposedError } from './errors.js';
import { llamaModule } from './llama-module.js';
import { LoadedModel } from './loaded-model.js';
import { LocalEmbeddingModel } from './local-embedding-model.js';
import { LocalLanguageModel } from './local-language-model.js';
import { ModelFiles } from './model-files.js';
import { RecommendedSetup } from './recommended-setup.js';
import type { LocalSetup } from './recommended-setup.js';

/** Logger shape the engine writes to (pino-compatible). */
export interface LocalEngineLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Options for createLocalEngine. */
export interface LocalEngineOptions {
  /** Where downloaded GGUF files live (e.g. <dataDir>/models). */
  modelsDir: string;
  /** 'auto' uses a GPU when a prebuilt binary supports one; tests pass false. Default 'auto'. */
  gpu?: 'auto' | false;
  /** Tokens per sequence; default 4096, clamped to the model's training context. */
  contextSize?: number;
  /** Generations running at once per model; others queue FIFO. Default 1. */
  maxConcurrent?: number;
  /** CPU threads per evaluation; default llama.cpuMathCores (node-llama-cpp's own default of at least 4 oversubscribes small machines). */
  threads?: number;
  /** Hugging Face endpoint or mirror for hf: URIs (the HF_ENDPOINT convention); default https://huggingface.co/. */
  huggingFaceEndpoint?: string;
  logger?: LocalEngineLogger;
}

/** The in-process engine: LanguageModelV3 instances over GGUF files, plus model download and setup. */
export interface LocalEngine {
  /** A LanguageModelV3 for a GGUF path or an hf: URI; loads lazily on first call, once, shared by callers. */
  languageModel(modelRef: string): LanguageModelV3;
  /** An embedding model for a GGUF path or an hf: URI (memory search); loads lazily, shares the file's load with chat. */
  embeddingModel(modelRef: string): EmbeddingModelV3;
  /** Exact token count with the model's own tokenizer. */
  countTokens(modelRef: string, text: string): Promise<number>;
  /** Resolves an hf: URI or path to a local file, downloading (resumable) when needed; throws LocalModelUnavailableError with an actionable message when offline. */
  ensureModel(modelRef: string, onProgress?: (downloaded: number, total: number) => void, signal?: AbortSignal): Promise<string>;
  /** Status of the recommended-model setup for the UI and CLI. */
  setup(): LocalSetup;
  /** Starts the recommended-model download unless running or done; progress shows through setup(). */
  startRecommendedDownload(): LocalSetup;
  /** Cancels downloads (partial files are kept) and frees every model; the engine is unusable afterwards. */
  dispose(): Promise<void>;
}

const NO_LOGGER: LocalEngineLogger = { info: () => undefined, warn: () => undefined };

/**
 * Creates the engine. Nothing is loaded until a model is used.
 * @example
 * const engine = createLocalEngine({ modelsDir: path.join(dataDir, 'models') });
 * const model = engine.languageModel(RECOMMENDED_MODEL.uri);
 */
export function createLocalEngine(opts: LocalEngineOptions): LocalEngine {
  return new Engine(opts);
}

class Engine implements LocalEngine {
  readonly #opts: LocalEngineOptions;
  readonly #logger: LocalEngineLogger;
  readonly #files: ModelFiles;
  readonly #setup: RecommendedSetup;
  readonly #models = new Map<string, LocalLanguageModel>();
  readonly #loadsByRef = new Map<string, Promise<LoadedModel>>();
  readonly #loadsByPath = new Map<string, Promise<LoadedModel>>();
  #llama: Promise<Llama> | null = null;
  #disposed = false;

  constructor(opts: LocalEngineOptions) {
    this.#opts = opts;
    this.#logger = opts.logger ?? NO_LOGGER;
    this.#files = new ModelFiles({ modelsDir: opts.modelsDir, huggingFaceEndpoint: opts.huggingFaceEndpoint, logger: this.#logger });
    this.#setup = new RecommendedSetup(this.#files);
  }

  languageModel(modelRef: string): LanguageModelV3 {
    let model = this.#models.get(modelRef);
    if (!model) {
      model = new LocalLanguageModel({ modelId: modelRef, load: () => this.#load(modelRef) });
      this.#models.set(modelRef, model);
    }
    return model;
  }

  embeddingModel(modelRef: string): EmbeddingModelV3 {
    return new LocalEmbeddingModel({ modelId: modelRef, load: () => this.#load(modelRef) });
  }

  async countTokens(modelRef: string, text: string): Promise<number> {
    const loaded = await this.#load(modelRef);
    return loaded.model.tokenize(text).length;
  }

  ensureModel(modelRef: string, onProgress?: (downloaded: number, total: number) => void, signal?: AbortSignal): Promise<string> {
    if (this.#disposed) return Promise.reject(new LocalEngineDisposedError());
    return this.#files.ensure(modelRef, onProgress, signal);
  }

  setup(): LocalSetup {
    return this.#setup.status();
  }

  startRecommendedDownload(): LocalSetup {
    if (this.#disposed) return this.#setup.status();
    return this.#setup.start();
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#files.dispose();
    const loads = [...new Set(this.#loadsByPath.values())];
    this.#loadsByRef.clear();
    this.#loadsByPath.clear();
    const settled = await Promise.allSettled(loads);
    for (const result of settled) {
      if (result.status === 'fulfilled') await result.value.dispose();
    }
    const llama = this.#llama;
    this.#llama = null;
    if (llama) await (await llama.catch(() => null))?.dispose();
  }

  /** One load per reference and per file, however many callers arrive at once; a failed load is retried on the next call. */
  #load(modelRef: string): Promise<LoadedModel> {
    if (this.#disposed) return Promise.reject(new LocalEngineDisposedError());
    const existing = this.#loadsByRef.get(modelRef);
    if (existing) return existing;
    const loading = this.#loadRef(modelRef);
    this.#loadsByRef.set(modelRef, loading);
    loading.catch(() => {
      if (this.#loadsByRef.get(modelRef) === loading) this.#loadsByRef.delete(modelRef);
    });
    return loading;
  }

  async #loadRef(modelRef: string): Promise<LoadedModel> {
    const modelPath = await this.#files.ensure(modelRef);
    if (this.#disposed) throw new LocalEngineDisposedError();
    const existing = this.#loadsByPath.get(modelPath);
    if (existing) return existing;
    const loading = this.#loadFile(modelRef, modelPath);
    this.#loadsByPath.set(modelPath, loading);
    loading.catch(() => {
      if (this.#loadsByPath.get(modelPath) === loading) this.#loadsByPath.delete(modelPath);
    });
    return loading;
  }

  async #loadFile(modelRef: string, modelPath: string): Promise<LoadedModel> {
    const started = Date.now();
    const loaded = await LoadedModel.load({
      modelRef,
      modelPath,
      llama: await this.#getLlama(),
      contextSize: this.#opts.contextSize ?? 4096,
      maxConcurrent: this.#opts.maxConcurrent ?? 1,
      threads: this.#opts.threads,
    });
    this.#logger.info(
      { modelRef, modelPath, contextSize: loaded.contextSize, chatWrapper: loaded.chatWrapper.wrapperName, ms: Date.now() - started },
      'local model loaded',
    );
    return loaded;
  }

  #getLlama(): Promise<Llama> {
    if (!this.#llama) {
      const loading = llamaModule().then(({ getLlama, LlamaLogLevel }) =>
        getLlama({
          gpu: this.#opts.gpu ?? 'auto',
          // Only the prebuilt binaries shipped in the package: never compile or download llama.cpp at runtime.
          build: 'never',
          skipDownload: true,
          progressLogs: false,
          logLevel: LlamaLogLevel.warn,
          logger: (level, message) => this.#logger.warn({ level }, `llama.cpp: ${message.trim()}`),
        }),
      );
      this.#llama = loading;
      loading.catch(() => {
        if (this.#llama === loading) this.#llama = null;
      });
    }
    return this.#llama;
  }
}
