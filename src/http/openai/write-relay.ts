import type { ServerResponse } from 'node:http';
import { brokenStreamError, ByteLog, relayedText, shouldContinue, type OpenedRelay } from '../../models/index.js';
import { openAIErrorEvent } from './openai-chunks.js';

export interface RelayWriteOptions {
  /** Continues a broken answer from `text` on the full model path; null when continuation is off or spent. */
  continueFrom: (broken: { text: string; id: string | null; model: string | null; error: unknown }) => Promise<ReadableStream<Uint8Array>> | null;
  /** The client went away: abort the upstream request. */
  onCancel: () => void;
  /** Whether the client has gone: a body that errors then was stopped by us, not broken by the provider. */
  aborted: () => boolean;
}

const DONE = Buffer.from('data: [DONE]');
/** How much of the end of the stream is kept to look for `[DONE]` across chunk boundaries. */
const TAIL = 32;

/**
 * Writes a relayed stream straight to the Node response: the upstream's bytes as they arrive, one
 * write per network chunk, with backpressure (the upstream socket pauses while the client's socket is
 * full). No web stream sits between the two sockets. A stream that breaks (a dropped connection, an
 * idle timeout, an end without `[DONE]`) is continued on the full model path when `continueFrom`
 * allows, else it gets OpenAI's error event and `[DONE]`, and ends cleanly.
 */
export function writeRelay(opened: OpenedRelay, out: ServerResponse, options: RelayWriteOptions): void {
  const { body } = opened;
  // Kept only to recover the partial text if the stream breaks, and to see its `[DONE]`.
  const sent = new ByteLog();
  for (const chunk of opened.head) sent.append(chunk);
  let finished = false;
  let gone = false;

  const write = (chunk: Buffer | Uint8Array) => {
    if (!out.write(chunk) && !gone) {
      body.pause();
      out.once('drain', () => !finished && body.resume());
    }
  };
  const finish = (outcome: 'success' | 'error' | 'aborted') => {
    if (finished) return;
    finished = true;
    body.off('data', onData);
    body.off('end', onEnd);
    body.off('error', onError);
    opened.settle(outcome);
  };
  const onData = (chunk: Buffer) => {
    opened.sawData();
    sent.append(chunk);
    write(chunk);
  };
  const onEnd = () => {
    if (sent.endIncludes(DONE, TAIL)) {
      finish('success');
      out.end();
    } else {
      void broke(brokenStreamError(undefined, opened.target));
    }
  };
  const onError = (error: unknown) => void broke(brokenStreamError(error, opened.target));
  const errorEvent = (error: unknown) => `${openAIErrorEvent(error)}data: [DONE]\n\n`;

  async function broke(error: unknown): Promise<void> {
    if (finished) return;
    if (gone || options.aborted()) {
      // Our own abort (the client left): says nothing about the provider's health.
      finish('aborted');
      return;
    }
    finish('error');
    const partial = relayedText(sent.bytes());
    const continued = !partial.toolCalls && partial.text && shouldContinue(error) ? options.continueFrom({ ...partial, error }) : null;
    try {
      if (continued) {
        const reader = (await continued).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (gone) {
            await reader.cancel();
            break;
          }
          if (!out.write(value)) await new Promise<void>((resolve) => (gone ? resolve() : out.once('drain', resolve).once('close', resolve)));
        }
      } else {
        out.write(errorEvent(error));
      }
    } catch (failure) {
      if (!gone) out.write(errorEvent(failure));
    }
    if (!gone) out.end();
  }

  out.once('close', () => {
    // Closed before the end we wrote: the client left.
    gone = !out.writableFinished;
    if (!gone) return;
    if (!finished) finish('aborted');
    body.destroy();
    options.onCancel();
  });
  for (const chunk of opened.head) write(chunk);
  body.on('data', onData);
  body.on('end', onEnd);
  body.on('error', onError);
  // A short answer can arrive whole with the first output: the body has ended (or closed) already.
  if (opened.ended || body.readableEnded) onEnd();
  else if (body.destroyed) onError(body.errored ?? undefined);
  else if (!gone && !out.writableNeedDrain) body.resume();
}
