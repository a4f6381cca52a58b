import { resolveChatWrapper } from 'node-llama-cpp';
import type { ChatWrapper, Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { LocalModelLoadError } from './errors';
import { GenerationQueue } from './generation-queue';

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

  private constructor(opts: { modelRef: string; llama: Llama; model: LlamaModel; context: LlamaContext; maxConcurrent: number }) {
    this.modelRef = opts.modelRef;
    this.llama = opts.llama;
    this.model = opts.model;
    this.context = opts.context;
    this.chatWrapper = resolveChatWrapper(opts.model);
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
      return new LoadedModel({ modelRef: opts.modelRef, llama: opts.llama, model, context, maxConcurrent: opts.maxConcurrent });
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

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}
