/**
 * An incremental parser for `text/event-stream` (the WHATWG "server-sent events" format).
 * Feed it text in chunks split anywhere (mid-line, between `\r` and `\n`); it yields whole events.
 *
 * @example
 * const parser = new SseParser();
 * for (const event of parser.push('event: delta\ndata: {"text":"Hi"}\n\n')) console.log(event.data);
 */
export interface SseEvent {
  /** The `event:` field; `message` when absent. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last event id seen on the stream (the `id:` field persists across events). */
  id: string | undefined;
  /** The `retry:` field of this event, in milliseconds. */
  retry: number | undefined;
}

export class SseParser {
  private pending = '';
  private skipLineFeed = false;
  private started = false;
  private eventType = '';
  private dataLines: string[] = [];
  private hasData = false;
  private lastEventId: string | undefined;
  private retry: number | undefined;

  /** Parses one chunk of decoded text and returns the events it completed. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.skipLineFeed && text.length > 0) {
      this.skipLineFeed = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    text = this.pending + text;
    this.pending = '';

    const events: SseEvent[] = [];
    let lineStart = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      const event = this.processLine(text.slice(lineStart, i));
      if (event) events.push(event);
      if (code === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          // A `\r` ends the chunk: a `\n` starting the next one belongs to the same line break.
          this.skipLineFeed = true;
        }
      }
      lineStart = i + 1;
    }
    this.pending = text.slice(lineStart);
    return events;
  }

  /**
   * Ends the stream. Per the spec an event not terminated by a blank line is discarded,
   * so this only resets the parser.
   */
  end(): void {
    this.pending = '';
    this.skipLineFeed = false;
    this.resetEvent();
  }

  private processLine(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.charCodeAt(0) === 58 /* ':' comment */) return null;

    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);

    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.dataLines.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        // Unknown fields are ignored, as the spec says.
        break;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    if (!this.hasData) {
      this.resetEvent();
      return null;
    }
    const event: SseEvent = {
      event: this.eventType || 'message',
      data: this.dataLines.join('\n'),
      id: this.lastEventId,
      retry: this.retry,
    };
    this.resetEvent();
    return event;
  }

  private resetEvent(): void {
    this.eventType = '';
    this.dataLines = [];
    this.hasData = false;
    this.retry = undefined;
  }
}

/**
 * Reads a byte stream (a `fetch` response body) as SSE events.
 * Multi-byte characters split across chunks are decoded correctly.
 */
export async function* readSseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
    parser.end();
  } finally {
    // Cancelling releases the connection when the consumer stops early (stop button, unmount).
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
