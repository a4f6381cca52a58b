import type { EmbeddingModelV3, EmbeddingModelV3CallOptions, EmbeddingModelV3Result } from '@ai-sdk/provider';
import type { LoadedModel } from './loaded-model.js';

/**
 * An AI SDK embedding model over a GGUF file in the in-process engine (an embedding model such as
 * nomic-embed-text or bge, or any chat model's hidden states). The model loads on first use.
 */
export class LocalEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'local';
  readonly modelId: string;
  readonly maxEmbeddingsPerCall = 64;
  // One context evaluates one text at a time; parallel calls would only queue.
  readonly supportsParallelCalls = false;
  private readonly load: () => Promise<LoadedModel>;

  constructor(options: { modelId: string; load: () => Promise<LoadedModel> }) {
    this.modelId = options.modelId;
    this.load = options.load;
  }

  async doEmbed(options: EmbeddingModelV3CallOptions): Promise<EmbeddingModelV3Result> {
    const loaded = await this.load();
    const { vectors, tokens } = await loaded.embed(options.values, options.abortSignal);
    return { embeddings: vectors, usage: { tokens }, warnings: [] };
  }
}
