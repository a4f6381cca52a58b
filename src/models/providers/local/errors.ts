/** The ways to get a model without the in-process engine; the tail of every unavailable message. */
export const OTHER_PROVIDER_OPTIONS =
  'set OPENAI_API_KEY (or OPENAI_BASE_URL for an OpenAI-compatible server such as vLLM/LM Studio), ANTHROPIC_API_KEY, ' +
  'GOOGLE_GENERATIVE_AI_API_KEY, start Ollama, or declare providers in redline.config.json';

/** What a user can do when a model download fails. */
export const LOCAL_MODEL_ALTERNATIVES =
  `Either connect to the internet and retry, download the file yourself and set REDLINE_MODEL=/path/to/model.gguf, ${OTHER_PROVIDER_OPTIONS}`;

/** Builds the actionable message for a failed model download, e.g. `downloadFailedMessage('Qwen2.5-1.5B-Instruct', err)`. */
export function downloadFailedMessage(what: string, cause: unknown): string {
  return `Could not download ${what} (${describeCause(cause)}). ${LOCAL_MODEL_ALTERNATIVES}.`;
}

/** One line describing an unknown thrown value, following `cause` chains (fetch hides the real reason there). */
export function describeCause(cause: unknown): string {
  const parts: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; current != null && depth < 4; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    const code = (current as { code?: unknown }).code;
    const text = typeof code === 'string' && !message.includes(code) ? `${message} [${code}]` : message;
    if (text && !parts.includes(text)) parts.push(text);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ') || 'unknown error';
}

/** No usable model file: missing path, or a download that failed (offline, 404, disk). Not retryable as is. */
export class LocalModelUnavailableError extends Error {
  readonly code = 'local_model_unavailable';
  readonly retryable = false;
  readonly modelRef: string;

  constructor(opts: { modelRef: string; message: string; cause?: unknown }) {
    super(opts.message, { cause: opts.cause });
    this.name = 'LocalModelUnavailableError';
    this.modelRef = opts.modelRef;
  }
}

/** The file exists but llama.cpp could not load it (corrupt file, unsupported architecture, out of memory). */
export class LocalModelLoadError extends Error {
  readonly code = 'local_model_load_failed';
  readonly retryable = false;
  readonly modelRef: string;
  readonly modelPath: string;

  constructor(opts: { modelRef: string; modelPath: string; cause: unknown }) {
    super(`Could not load the local model ${opts.modelPath}: ${describeCause(opts.cause)}`, { cause: opts.cause });
    this.name = 'LocalModelLoadError';
    this.modelRef = opts.modelRef;
    this.modelPath = opts.modelPath;
  }
}

/** Generation failed inside llama.cpp after it started; sent as the `error` stream part. */
export class LocalGenerationError extends Error {
  readonly code = 'local_generation_failed';
  // Failures here are mostly deterministic (context too small, engine disposed): retrying the same model repeats them.
  readonly retryable = false;
  readonly modelRef: string;

  constructor(opts: { modelRef: string; cause: unknown }) {
    super(`Local generation with ${opts.modelRef} failed: ${describeCause(opts.cause)}`, { cause: opts.cause });
    this.name = 'LocalGenerationError';
    this.modelRef = opts.modelRef;
  }
}

/** The engine was disposed (server shutting down); callers should not retry on this engine. */
export class LocalEngineDisposedError extends Error {
  readonly code = 'local_engine_disposed';
  readonly retryable = false;

  constructor() {
    super('The local model engine has been disposed');
    this.name = 'LocalEngineDisposedError';
  }
}
