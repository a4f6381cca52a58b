import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3ResponseMetadata,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
  SharedV3Warning,
} from '@ai-sdk/provider';
import { toGenerationSettings } from './generation-options.js';
import { createGenerationStream } from './generation-stream.js';
import type { LoadedModel } from './loaded-model.js';
import { promptToChatHistory } from './prompt-to-chat-history.js';

/**
 * node-llama-cpp as a LanguageModelV3. The model loads on the first call (shared by every caller);
 * a prompt ending with an assistant message is continued, and only the continuation is returned.
 */
export class LocalLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'local';
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #load: () => Promise<LoadedModel>;

  constructor(opts: { modelId: string; load: () => Promise<LoadedModel> }) {
    this.modelId = opts.modelId;
    this.#load = opts.load;
  }

  /**
   * Rejects before streaming when the model cannot be obtained or loaded, so failover can act on it,
   * or with the signal's reason when aborted while the model is still loading (the load goes on for others).
   */
  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const loaded = await untilAborted(this.#load(), options.abortSignal);
    const converted = promptToChatHistory(options.prompt);
    const { settings, warnings } = await toGenerationSettings(options, { llama: loaded.llama, contextSize: loaded.contextSize });
    const stream = createGenerationStream({
      loaded,
      modelId: this.modelId,
      history: converted.history,
      settings,
      warnings: [...converted.warnings, ...warnings],
      abortSignal: options.abortSignal,
    });
    return { stream };
  }

  /** Same generation as doStream, collected; an abort returns the partial text with finishReason 'other'. */
  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { stream } = await this.doStream(options);
    return collect(stream);
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function collect(stream: ReadableStream<LanguageModelV3StreamPart>): Promise<LanguageModelV3GenerateResult> {
  let text = '';
  let reasoning = '';
  let warnings: SharedV3Warning[] = [];
  let finishReason: LanguageModelV3FinishReason = { unified: 'other', raw: undefined };
  let usage: LanguageModelV3Usage | undefined;
  let providerMetadata: SharedV3ProviderMetadata | undefined;
  let response: LanguageModelV3ResponseMetadata = {};
  let error: unknown;
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    const part = next.value;
    switch (part.type) {
      case 'stream-start':
        warnings = part.warnings;
        break;
      case 'response-metadata':
        response = { id: part.id, timestamp: part.timestamp, modelId: part.modelId };
        break;
      case 'text-delta':
        text += part.delta;
        break;
      case 'reasoning-delta':
        reasoning += part.delta;
        break;
      case 'error':
        error = part.error;
        break;
      case 'finish':
        finishReason = part.finishReason;
        usage = part.usage;
        providerMetadata = part.providerMetadata;
        break;
      default:
        break;
    }
  }
  // A non-streaming caller has no error part to read, so a failed generation rejects.
  if (error !== undefined) throw error;
  const content: LanguageModelV3Content[] = [];
  if (reasoning !== '') content.push({ type: 'reasoning', text: reasoning });
  if (text !== '') content.push({ type: 'text', text });
  if (!usage) throw new Error('local generation stream ended without a finish part');
  return { content, finishReason, usage, warnings, response, ...(providerMetadata ? { providerMetadata } : {}) };
}
