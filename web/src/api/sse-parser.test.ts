import { describe, expect, it } from 'vitest';
import { readSseEvents, SseParser, type SseEvent } from './sse-parser';

function parseAll(chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

function bytesStream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

const sample =
  'event: start\ndata: {"a":1}\n\n' +
  ': keep-alive comment\n\n' +
  'id: 1\nevent: delta\ndata: {"text":"Hel"}\n\n' +
  'id: 2\nevent: delta\ndata: {"text":"lo"}\n\n' +
  'event: done\ndata: {"ok":true}\n\n';

describe('SseParser', () => {
  it('parses events, ids and comments', () => {
    const events = parseAll([sample]);
    expect(events.map((e) => [e.event, e.data, e.id])).toEqual([
      ['start', '{"a":1}', undefined],
      ['delta', '{"text":"Hel"}', '1'],
      ['delta', '{"text":"lo"}', '2'],
      // The last event id persists until another `id:` field.
      ['done', '{"ok":true}', '2'],
    ]);
  });

  it('gives the same events whatever the chunk boundaries', () => {
    const expected = parseAll([sample]);
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < sample.length; i += size) chunks.push(sample.slice(i, i + size));
      expect(parseAll(chunks)).toEqual(expected);
    }
    for (let cut = 0; cut <= sample.length; cut++) {
      expect(parseAll([sample.slice(0, cut), sample.slice(cut)])).toEqual(expected);
    }
  });

  it('accepts CRLF and CR line endings, even split between chunks', () => {
    const crlf = sample.replaceAll('\n', '\r\n');
    const cr = sample.replaceAll('\n', '\r');
    const expected = parseAll([sample]);
    expect(parseAll([crlf])).toEqual(expected);
    expect(parseAll([cr])).toEqual(expected);
    for (let cut = 0; cut <= crlf.length; cut++) {
      expect(parseAll([crlf.slice(0, cut), crlf.slice(cut)])).toEqual(expected);
    }
  });

  it('joins multi-line data and strips exactly one leading space', () => {
    const events = parseAll(['data:first\ndata:  second\ndata\n\n']);
    expect(events).toHaveLength(1);
    expect(events[0].event).toBe('message');
    expect(events[0].data).toBe('first\n second\n');
  });

  it('skips events without data, ignores unknown fields and strips a BOM', () => {
    const events = parseAll(['\uFEFFevent: ping\n\nfoo: bar\nretry: 3000\ndata: x\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'x', id: undefined, retry: 3000 }]);
  });

  it('discards an event cut off by the end of the stream', () => {
    const parser = new SseParser();
    expect(parser.push('event: delta\ndata: {"text":"partial"}\n')).toEqual([]);
    parser.end();
    expect(parser.push('data: next\n\n')).toEqual([{ event: 'message', data: 'next', id: undefined, retry: undefined }]);
  });
});

describe('readSseEvents', () => {
  it('decodes multi-byte characters split across byte chunks', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"héllo 👋 wörld"}\n\n');
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 3) chunks.push(bytes.slice(i, i + 3));
    const events: SseEvent[] = [];
    for await (const event of readSseEvents(bytesStream(chunks))) events.push(event);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].data)).toEqual({ text: 'héllo 👋 wörld' });
  });
});
