import { describe, expect, it } from 'vitest';
import { readChatStream, toChatStreamEvent, type ChatStreamEvent } from './chat-stream';
import { StreamProtocolError } from './errors';
import type { Conversation, Message } from './types';

const message = (over: Partial<Message>): Message => ({
  id: 'm1',
  conversationId: 'c1',
  parentId: null,
  role: 'assistant',
  content: '',
  status: 'streaming',
  model: 'fake:echo',
  error: null,
  usage: null,
  metadata: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

const conversation: Conversation = {
  id: 'c1',
  title: 'Hi',
  model: null,
  currentLeafId: 'm2',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

function sse(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function streamOf(text: string, chunkSize: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += chunkSize) controller.enqueue(bytes.slice(i, i + chunkSize));
      controller.close();
    },
  });
}

describe('tool events', () => {
  it('are read as typed calls with their event id, and refused without a call', () => {
    expect(toChatStreamEvent({ event: 'tool', id: '3', retry: undefined, data: JSON.stringify({ call: { id: 't1', name: 'calculator', input: {}, status: 'running' } }) })).toEqual({
      type: 'tool',
      id: '3',
      call: { id: 't1', name: 'calculator', input: {}, status: 'running' },
    });
    expect(() => toChatStreamEvent({ event: 'tool', id: '4', retry: undefined, data: '{}' })).toThrow(StreamProtocolError);
  });
});

describe('reasoning events', () => {
  it('are read as text apart from the answer, and refused without text', () => {
    expect(toChatStreamEvent({ event: 'reasoning', id: '5', retry: undefined, data: JSON.stringify({ text: 'First, ' }) })).toEqual({ type: 'reasoning', id: '5', text: 'First, ' });
    expect(() => toChatStreamEvent({ event: 'reasoning', id: '6', retry: undefined, data: '{"text":3}' })).toThrow(StreamProtocolError);
  });
});

describe('readChatStream', () => {
  it('yields typed start, delta and done events', async () => {
    const user = message({ id: 'm1', role: 'user', content: 'Hi', status: 'complete' });
    const assistant = message({ id: 'm2', parentId: 'm1' });
    const body =
      sse('start', { userMessage: user, assistantMessage: assistant }) +
      sse('delta', { text: 'You said: ' }, 1) +
      sse('delta', { text: 'Hi ✓' }, 2) +
      sse('done', { message: { ...assistant, content: 'You said: Hi ✓', status: 'complete' }, conversation });

    for (const size of [1, 5, 64, 4096]) {
      const events: ChatStreamEvent[] = [];
      for await (const event of readChatStream(streamOf(body, size))) events.push(event);
      expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'delta', 'done']);
      const text = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
      expect(text).toBe('You said: Hi ✓');
      expect(events[2]).toMatchObject({ type: 'delta', id: '2' });
    }
  });

  it('maps an error event with its message', async () => {
    const failed = message({ id: 'm2', status: 'failed', content: 'partial' });
    const body = sse('error', { message: failed, error: { message: 'Upstream returned 500: boom', code: 'upstream' } });
    const events: ChatStreamEvent[] = [];
    for await (const event of readChatStream(streamOf(body, 7))) events.push(event);
    expect(events).toEqual([
      { type: 'error', message: failed, error: { message: 'Upstream returned 500: boom', code: 'upstream' } },
    ]);
  });
});

describe('toChatStreamEvent', () => {
  it('reads a snapshot with its position', () => {
    expect(toChatStreamEvent({ event: 'snapshot', data: '{"text":"so far"}', id: '7', retry: undefined })).toEqual({ type: 'snapshot', text: 'so far', id: '7' });
    expect(() => toChatStreamEvent({ event: 'snapshot', data: '{}', id: undefined, retry: undefined })).toThrow(StreamProtocolError);
  });

  it('skips unknown events and rejects malformed data', () => {
    expect(toChatStreamEvent({ event: 'ping', data: '{}', id: undefined, retry: undefined })).toBeNull();
    expect(() => toChatStreamEvent({ event: 'delta', data: '{oops', id: undefined, retry: undefined })).toThrow(
      StreamProtocolError,
    );
    expect(() => toChatStreamEvent({ event: 'delta', data: '{}', id: undefined, retry: undefined })).toThrow(
      StreamProtocolError,
    );
  });
});

describe('sources and verification events', () => {
  const source = { n: 1, documentId: 'd1', chunkId: 'k1', name: 'refunds.md', heading: 'Refunds › Exceptions', page: 3, text: 'Refunds take 30 days.' };

  it('reads the sources of a grounded answer with their event id, dropping malformed ones', () => {
    const data = JSON.stringify({ sources: [source, { n: 'x' }] });
    expect(toChatStreamEvent({ event: 'sources', id: '2', retry: undefined, data })).toEqual({ type: 'sources', id: '2', sources: [source] });
    expect(() => toChatStreamEvent({ event: 'sources', id: '3', retry: undefined, data: '{}' })).toThrow(StreamProtocolError);
  });

  it('reads the verification with its sentences, defaulting missing citations', () => {
    const verification = {
      method: 'judge',
      sentences: [
        { text: 'Refunds take 30 days [1].', supported: true, citations: [1] },
        { text: 'Shipping is free.', supported: false },
        { text: 42, supported: true },
      ],
    };
    expect(toChatStreamEvent({ event: 'verification', id: '9', retry: undefined, data: JSON.stringify({ verification }) })).toEqual({
      type: 'verification',
      id: '9',
      verification: {
        method: 'judge',
        sentences: [
          { text: 'Refunds take 30 days [1].', supported: true, citations: [1] },
          { text: 'Shipping is free.', supported: false, citations: [] },
        ],
      },
    });
    expect(() => toChatStreamEvent({ event: 'verification', id: '10', retry: undefined, data: '{"verification":{}}' })).toThrow(StreamProtocolError);
  });

  it('arrive in order in a stream: sources before the first delta, verification before done', async () => {
    const user = message({ id: 'm1', role: 'user', content: 'Refunds?', status: 'complete' });
    const assistant = message({ id: 'm2', parentId: 'm1' });
    const verification = { method: 'lexical', sentences: [{ text: 'Refunds take 30 days [1].', supported: true, citations: [1] }] };
    const body =
      sse('start', { userMessage: user, assistantMessage: assistant }) +
      sse('sources', { sources: [source] }, 1) +
      sse('delta', { text: 'Refunds take 30 days [1].' }, 2) +
      sse('verification', { verification }, 3) +
      sse('done', { message: { ...assistant, status: 'complete' }, conversation });
    const events: ChatStreamEvent[] = [];
    for await (const event of readChatStream(streamOf(body, 11))) events.push(event);
    expect(events.map((e) => e.type)).toEqual(['start', 'sources', 'delta', 'verification', 'done']);
    expect(events[3]).toMatchObject({ id: '3', verification: { method: 'lexical' } });
  });
});
