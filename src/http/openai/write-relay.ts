import type { ServerResponse } from 'node:http';
import { brokenStreamError, ByteLog, relayedText, shouldContinue, type OpenedRelay } from '../../models/index.js';
import { ChunkedWriter } from '../chunked-writer.js';
import { openAIErrorEvent } from './openai-chunks.js';

export interface RelayWriteOptions {
  /** Continues a broken answer from `text` on the full model path; null when continuation is off or spent. */
  continueFrom: (broken: { text: string; id: string | null; model: string | null; error: unknown }) => Promise<ReadableStream<Uint8Array>> | null;
  /**
   * The call's abort: fired when the client goes away, and read to tell a body stopped by us from
   * one the provider broke.
   */
  abort: AbortController;
}

const DONE = Buffer.from('data: [DONE]');
/** How much of the end of the stream is searched for `[DONE]` across chunk boundaries. */
const TAIL = 32;

/**
 * Writes a relayed stream straight to the Node response: the upstream's bytes as they arrive, one
 * write per network chunk, with backpressure (the upstream socket pauses while the client's socket is
 * full). No web stream sits between the two sockets. A stream that breaks (a dropped connection, an
 * idle timeout, an end without `[DONE]`) is continued on the full model path when `continueFrom`
 * allows, else it gets OpenAI's error event and `[DONE]`, and ends cleanly.
 */
export function writeRelay(opened: OpenedRelay, out: ServerResponse, options: RelayWriteOptions): void {
  new RelayWriter(opened, out, options).start();
}

/**
 * One relayed stream's state, as a class: it lives as long as the stream, and the young-generation
 * GC copies whatever it holds at every pass while the stream is open. Bound methods share one
 * object; closures made per stream would each be an object of their own, and under tsx (the
 * fallback when dist/ cannot be written, decision 013) several times larger, since tsx renames
 * every named function expression at run time.
 */
class RelayWriter {
  /** Kept only to recover the partial text if the stream breaks, and to see its `[DONE]`. */
  private readonly sent = new ByteLog();
  private readonly writer: ChunkedWriter;
  private finished = false;
  private readonly onData = this.data.bind(this);
  private readonly onEnd = this.end.bind(this);
  private readonly onError = this.error.bind(this);
  private readonly onDrain = this.drain.bind(this);

  constructor(
    private readonly opened: OpenedRelay,
    private readonly out: ServerResponse,
    private readonly options: RelayWriteOptions,
  ) {
    this.writer = new ChunkedWriter(out);
  }

  start(): void {
    const { opened, out } = this;
    const { body } = opened;
    // No listener of ours on the response: the client leaving aborts the call (chatCall hears the
    // response's close), the abort stops the upstream request, and its body's error ends this
    // stream as aborted (`broke`). A 'close' listener here, holding this stream's state, made the
    // young-generation GC keep that state through two scavenges and promote it: 1.05 MB per
    // scavenge at 64 streams against 0.16 MB without (docs/decisions/011).
    if (this.gone) {
      this.finish('aborted');
      body.destroy();
      return;
    }
    for (const chunk of opened.head) {
      this.sent.append(chunk);
      this.write(chunk);
    }
    body.on('data', this.onData);
    body.on('end', this.onEnd);
    body.on('error', this.onError);
    // A short answer can arrive whole with the first output: the body has ended (or closed) already.
    if (opened.ended || body.readableEnded) this.end();
    else if (body.destroyed) this.error(body.errored ?? undefined);
    else if (!out.writableNeedDrain) body.resume();
  }

  private write(chunk: Buffer | Uint8Array): void {
    if (!this.writer.write(chunk) && !this.gone) {
      this.opened.body.pause();
      this.out.once('drain', this.onDrain);
    }
  }

  private drain(): void {
    if (!this.finished) this.opened.body.resume();
  }

  private data(chunk: Buffer): void {
    this.opened.sawData();
    this.sent.append(chunk);
    this.write(chunk);
  }

  private end(): void {
    if (this.sent.endIncludes(DONE, TAIL)) {
      this.finish('success');
      this.writer.end();
    } else {
      void this.broke(brokenStreamError(undefined, this.opened.target));
    }
  }

  private error(error: unknown): void {
    void this.broke(brokenStreamError(error, this.opened.target));
  }

  /** The client left before the end we wrote (the call's abort fired). */
  private get gone(): boolean {
    return this.options.abort.signal.aborted && !this.out.writableFinished;
  }

  private finish(outcome: 'success' | 'error' | 'aborted'): void {
    if (this.finished) return;
    this.finished = true;
    const { body } = this.opened;
    body.off('data', this.onData);
    body.off('end', this.onEnd);
    body.off('error', this.onError);
    this.opened.settle(outcome);
  }

  private async broke(error: unknown): Promise<void> {
    if (this.finished) return;
    if (this.options.abort.signal.aborted) {
      // Our own abort (the client left): says nothing about the provider's health.
      this.finish('aborted');
      return;
    }
    this.finish('error');
    const { out, writer } = this;
    const partial = relayedText(this.sent.bytes());
    const continued = !partial.toolCalls && partial.text && shouldContinue(error) ? this.options.continueFrom({ ...partial, error }) : null;
    try {
      if (continued) {
        const reader = (await continued).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (this.gone) {
            await reader.cancel();
            break;
          }
          if (!writer.write(value)) await new Promise<void>((resolve) => (this.gone ? resolve() : out.once('drain', resolve).once('close', resolve)));
        }
      } else {
        writer.write(errorEvent(error));
      }
    } catch (failure) {
      if (!this.gone) writer.write(errorEvent(failure));
    }
    if (!this.gone) writer.end();
  }
}

const errorEvent = (error: unknown) => `${openAIErrorEvent(error)}data: [DONE]\n\n`;
