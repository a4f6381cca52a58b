import type { ChatWrapper, Llama, LlamaContext, LlamaContextSequence, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { LocalModelLoadError } from './errors.js';
import { llamaModule } from './llama-module.js';
import { GenerationQueue } from './generation-queue.js';

/** A sequence held for one generation; `release` disposes it and frees the queue slot. */
export interface SequenceLease {
  sequence: LlamaContextSequence;
  release(): void;
}

/** A model in memory with one context of `maxConcurrent` sequences and the queue in front of them. */
export class LoadedModel {
  readonly modelRef: string;
  readonly llama: Llama;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  /** Resolved once: resolving per request would re-parse the Jinja template every time. */
  readonly chatWrapper: ChatWrapper;
  readonly queue: GenerationQueue;
  private embeddingContext: Promise<LlamaEmbeddingContext> | null = null;
  private embeddings: Promise<void> = Promise.resolve();

  private constructor(opts: { modelRef: string; llama: Llama; model: LlamaModel; context: LlamaContext; chatWrapper: ChatWrapper; maxConcurrent: number }) {
    this.modelRef = opts.modelRef;
    this.llama = opts.llama;
    this.model = opts.model;
    this.context = opts.context;
    this.chatWrapper = opts.chatWrapper;
    this.queue = new GenerationQueue(opts.maxConcurrent);
  }

  /** Loads the file and allocates its context; throws LocalModelLoadError. */
  static async load(opts: {
    modelRef: string;
    modelPath: string;
    llama: Llama;
    contextSize: number;
    maxConcurrent: number;
    threads?: number;
  }): Promise<LoadedModel> {
    let model: LlamaModel | undefined;
    try {
      model = await opts.llama.loadModel({ modelPath: opts.modelPath });
      const context = await model.createContext({
        // Per sequence; a context longer than the model was trained on only produces garbage.
        contextSize: Math.min(opts.contextSize, model.trainContextSize),
        sequences: opts.maxConcurrent,
        threads: opts.threads ?? opts.llama.cpuMathCores,
      });
      const { resolveChatWrapper } = await llamaModule();
      return new LoadedModel({ modelRef: opts.modelRef, llama: opts.llama, model, context, chatWrapper: resolveChatWrapper(model), maxConcurrent: opts.maxConcurrent });
    } catch (error) {
      await model?.dispose().catch(() => undefined);
      throw new LocalModelLoadError({ modelRef: opts.modelRef, modelPath: opts.modelPath, cause: error });
    }
  }

  /** Tokens each sequence can hold. */
  get contextSize(): number {
    return this.context.contextSize;
  }

  /** Waits (FIFO) for a free slot, then takes a fresh sequence; rejects with the signal's reason if aborted while waiting. */
  async acquire(signal?: AbortSignal): Promise<SequenceLease> {
    const releaseSlot = await this.queue.acquire(signal);
    let sequence: LlamaContextSequence;
    try {
      sequence = this.context.getSequence();
    } catch (error) {
      releaseSlot();
      throw error;
    }
    let released = false;
    return {
      sequence,
      release: () => {
        if (released) return;
        released = true;
        // Dispose frees the sequence's cells synchronously, so the next waiter's getSequence() succeeds.
        if (!sequence.disposed) sequence.dispose();
        releaseSlot();
      },
    };
  }

  /**
   * Vectors for texts, one at a time on an embedding context created on first use (its own memory,
   * so chats keep theirs). Texts longer than the context are cut to it.
   */
  async embed(texts: string[], signal?: AbortSignal): Promise<{ vectors: number[][]; tokens: number }> {
    const run = this.embeddings.then(async () => {
      const contextSize = Math.min(2048, this.model.trainContextSize);
      this.embeddingContext ??= this.model.createEmbeddingContext({ contextSize, threads: this.context.currentThreads });
      const context = await this.embeddingContext;
      const vectors: number[][] = [];
      let tokens = 0;
      for (const text of texts) {
        signal?.throwIfAborted();
        // Room for the BOS/EOS tokens the context adds around the input.
        const input = this.model.tokenize(text).slice(0, contextSize - 8);
        tokens += input.length;
        vectors.push([...(await context.getEmbeddingFor(input)).vector]);
      }
      return { vectors, tokens };
    });
    // Calls queue one after another; a failed one does not block the next.
    this.embeddings = run.then(() => undefined, () => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    await (await this.embeddingContext?.catch(() => null))?.dispose();
    await this.context.dispose();
    await this.model.dispose();
  }
}
