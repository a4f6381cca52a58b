import { brokenStreamError, classifyError, ModelTimeoutError, relayedText, type OpenedRelay } from '../../models/index.js';
import { toHttpError } from '../errors.js';

export interface RelayBodyOptions {
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
 * The /v1 response body of a relayed stream: the upstream's bytes as they arrive, one enqueue per
 * network chunk, with backpressure (the upstream socket pauses while the client is behind). A stream
 * that breaks (a dropped connection, an idle timeout, an end without `[DONE]`) is continued on the
 * full model path when `continueFrom` allows, else it gets OpenAI's error event and ends cleanly.
 */
export function relayBody(opened: OpenedRelay, options: RelayBodyOptions): ReadableStream<Uint8Array> {
  const { body } = opened;
  // Kept only to recover the partial text if the stream breaks; an answer is small next to its socket buffers.
  const sent: Buffer[] = [...opened.head];
  let tail: Buffer = Buffer.concat(opened.head.slice(-2)).subarray(-TAIL);
  let finished = false;
  let cancelled = false;

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const chunk of opened.head) controller.enqueue(chunk);
        const onData = (chunk: Buffer) => {
          opened.sawData();
          sent.push(chunk);
          tail = chunk.length >= TAIL ? chunk.subarray(-TAIL) : Buffer.concat([tail, chunk]).subarray(-TAIL);
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 1) <= 0) body.pause();
        };
        const onEnd = () => {
          if (tail.includes(DONE)) {
            finish('success');
            controller.close();
          } else {
            void broke(controller, brokenStreamError(undefined, opened.target));
          }
        };
        const onError = (error: unknown) => void broke(controller, brokenStreamError(error, opened.target));
        const finish = (outcome: 'success' | 'error' | 'aborted') => {
          if (finished) return;
          finished = true;
          body.off('data', onData);
          body.off('end', onEnd);
          body.off('error', onError);
          opened.settle(outcome);
        };
        const broke = async (controller: ReadableStreamDefaultController<Uint8Array>, error: unknown) => {
          if (finished || cancelled) return;
          if (options.aborted()) {
            // Our own abort (the client left): says nothing about the provider's health.
            finish('aborted');
            return controller.close();
          }
          finish('error');
          const partial = relayedText(sent);
          const continued = !partial.toolCalls && partial.text && shouldContinue(error) ? options.continueFrom({ ...partial, error }) : null;
          try {
            if (continued) {
              const reader = (await continued).getReader();
              for (;;) {
                const { done, value } = await reader.read();
                if (done || cancelled) break;
                controller.enqueue(value);
              }
            } else {
              const http = toHttpError(error);
              controller.enqueue(Buffer.from(`data: ${JSON.stringify({ error: { message: http.message, type: http.type, param: null, code: http.code } })}\n\ndata: [DONE]\n\n`));
            }
          } catch (failure) {
            const http = toHttpError(failure);
            controller.enqueue(Buffer.from(`data: ${JSON.stringify({ error: { message: http.message, type: http.type, param: null, code: http.code } })}\n\ndata: [DONE]\n\n`));
          }
          if (!cancelled) controller.close();
        };
        body.on('data', onData);
        body.on('end', onEnd);
        body.on('error', onError);
        // A short answer can arrive whole with the first output: the body has ended (or closed) already.
        if (opened.ended || body.readableEnded) onEnd();
        else if (body.destroyed) onError(body.errored ?? undefined);
        else body.resume();
      },
      pull() {
        if (!finished && body.isPaused()) body.resume();
      },
      cancel() {
        cancelled = true;
        if (!finished) {
          finished = true;
          opened.settle('aborted');
        }
        body.destroy();
        options.onCancel();
      },
    },
    // Counted in network chunks: a few in flight, then the upstream socket waits for the client.
    { highWaterMark: 8 },
  );
}

/** Whether a break is worth continuing elsewhere; a total timeout is not: the budget is spent. */
function shouldContinue(error: unknown): boolean {
  if (error instanceof ModelTimeoutError) return error.phase !== 'total';
  const { retryable, kind } = classifyError(error);
  return retryable && kind !== 'abort' && kind !== 'circuit_open';
}
