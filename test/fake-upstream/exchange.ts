import type { ServerResponse } from 'node:http';
import type { RequestLog } from './request-log.js';
import type { Outcome, RecordedRequest } from './types.js';
import { errorObject, HTML_PAGE, SSE_HEADERS } from './wire.js';

type FinalOutcome = Exclude<Outcome, 'active'>;

/** One request in flight: its response, its record, and the one timer it may be waiting on. */
export class Exchange {
  /** True once the socket is gone (finished, cut or aborted by the client): stop writing. */
  closed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt = performance.now();

  constructor(
    readonly res: ServerResponse,
    readonly record: RecordedRequest,
    private readonly log: RequestLog,
  ) {
    res.once('close', () => this.onClose());
  }

  /** Runs `fn` after `ms` unless the client goes away first; runs it now when `ms` is 0. */
  after(ms: number, fn: () => void): void {
    if (this.closed) return;
    if (ms <= 0) return fn();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      fn();
    }, ms);
  }

  settle(outcome: FinalOutcome): void {
    this.log.settle(this.record, outcome);
  }

  /** Sends a complete JSON response. */
  json(status: number, body: object, outcome: FinalOutcome, headers: Record<string, string> = {}): void {
    if (this.closed) return;
    this.settle(outcome);
    const text = JSON.stringify(body);
    this.res.writeHead(status, {
      ...headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    this.res.end(text);
  }

  /** Sends OpenAI's error JSON; a 429 carries `retry-after` (seconds) and `retry-after-ms`. */
  error(status: number, opts: { message?: string; code?: string | null; outcome?: FinalOutcome; retryAfterSeconds?: number } = {}): void {
    const headers: Record<string, string> = {};
    if (status === 429) {
      const seconds = opts.retryAfterSeconds ?? 1;
      headers['retry-after'] = String(Math.ceil(seconds));
      headers['retry-after-ms'] = String(Math.round(seconds * 1000));
    }
    const outcome = opts.outcome ?? (status === 429 ? 'rate_limited' : 'error');
    this.json(status, errorObject(status, opts.message, opts.code), outcome, headers);
  }

  /** Answers 200 with an HTML page, as a proxy or captive portal would. */
  html(): void {
    if (this.closed) return;
    this.settle('html');
    this.res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(HTML_PAGE) });
    this.res.end(HTML_PAGE);
  }

  /** Sends headers and then nothing, until the client gives up. */
  stall(stream: boolean): void {
    if (this.closed) return;
    this.settle('stall');
    this.res.writeHead(200, stream ? SSE_HEADERS : { 'content-type': 'application/json' });
    this.res.flushHeaders();
  }

  /** Writes `data`, then destroys the socket: the client sees the body end early, with no terminator. */
  cut(data: string): void {
    if (this.closed) return;
    this.settle('cut');
    if (data === '') this.res.destroy();
    // Destroy only once the bytes reached the socket, or the client could see a clean-looking empty body.
    else this.res.write(data, () => this.res.destroy());
  }

  private onClose(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.log.settle(this.record, 'aborted');
    this.record.status = this.res.statusCode;
    this.record.durationMs = Math.round(performance.now() - this.startedAt);
    this.log.active--;
  }
}
