import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { alreadySent } from './already-sent.js';
import { ChunkedWriter } from './chunked-writer.js';
import type { AppEnv } from './context.js';

/** One server-sent event. `event` and `id` are one line each; `data` may span lines. */
export interface SseMessage {
  event?: string;
  id?: string;
  data: string;
}

/** What a route writes an SSE response through. */
export interface EventSink {
  /** Resolves once the event is handed to the socket, or later while the client reads slower than events come. */
  writeSSE(message: SseMessage): Promise<void>;
  /** Called once when the client goes away before the stream ends. */
  onAbort(listener: () => void): void;
}

/**
 * An SSE response written by `run`. Served by Node, the events go straight to its response, one write
 * each: hono's streamSSE puts three web streams between an event and the socket, a visible share of a
 * turn's time to first token. Called in process (the CLI's `app.fetch`), it is hono's stream.
 */
export function eventStream(c: Context<AppEnv>, run: (sink: EventSink) => Promise<void>, options: { onError: (error: unknown) => void }): Response {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!outgoing) {
    return streamSSE(c, (sse) =>
      run({ writeSSE: (message) => sse.writeSSE(message), onAbort: (listener) => sse.onAbort(listener) }).catch(options.onError),
    );
  }
  outgoing.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': c.get('requestId') });
  const sink = new NodeEventSink(outgoing);
  run(sink)
    .catch(options.onError)
    .finally(() => sink.end());
  return alreadySent();
}

/** Writes events to a Node response, one framed write each (ChunkedWriter), waiting for `drain` when the socket's buffer is full. */
class NodeEventSink implements EventSink {
  private gone = false;
  private readonly listeners: (() => void)[] = [];
  private readonly writer: ChunkedWriter;

  constructor(private readonly out: ServerResponse) {
    this.writer = new ChunkedWriter(out);
    out.once('close', () => {
      if (out.writableFinished) return;
      this.gone = true;
      for (const listener of this.listeners.splice(0)) listener();
    });
  }

  async writeSSE(message: SseMessage): Promise<void> {
    if (this.gone) return;
    if (!this.writer.write(formatSse(message))) await this.drained();
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
    });
  }

  onAbort(listener: () => void): void {
    if (this.gone) listener();
    else this.listeners.push(listener);
  }

  end(): void {
    if (!this.gone && !this.out.writableEnded) this.writer.end();
  }
}

/** The wire form of one event, as hono's writeSSE writes it. */
export function formatSse(message: SseMessage): string {
  for (const value of [message.event, message.id]) if (value && /[\r\n]/.test(value)) throw new Error('SSE event names and ids must be one line');
  let out = message.event ? `event: ${message.event}\n` : '';
  out += `data: ${message.data.split(/\r\n|\r|\n/).join('\ndata: ')}\n`;
  if (message.id !== undefined) out += `id: ${message.id}\n`;
  return `${out}\n`;
}
