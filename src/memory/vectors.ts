import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import type { Embedder } from './types.js';

/** Cosine similarity of two vectors of the same length; 0 when either is all zeros. */
export function cosineSimilarity(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** pgvector's text form, "[0.1,0.2]", passed as a parameter and cast with ::vector. */
export function toVectorLiteral(vector: number[]): string {
  return `[${vector.map((x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;
}

/**
 * An Embedder over an AI SDK embedding model (OpenAI-compatible, Ollama, Google, the in-process engine),
 * batching by the model's limit.
 *
 * @example const embedder = embedderFromModel(openai.embedding('text-embedding-3-small'), 'openai:text-embedding-3-small');
 */
export function embedderFromModel(model: EmbeddingModelV3, id = `${model.provider}:${model.modelId}`): Embedder {
  return {
    id,
    async embed(texts, options = {}) {
      const limit = (await model.maxEmbeddingsPerCall) ?? 64;
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += limit) {
        const result = await model.doEmbed({ values: texts.slice(i, i + limit), abortSignal: options.signal });
        out.push(...result.embeddings);
      }
      return out;
    },
  };
}
