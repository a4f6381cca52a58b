import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from './chat-stream';
import { ApiError, NetworkError, StreamClosedError, StreamProtocolError } from './errors';
import { advanceCursor, canResume, initialCursor, isReconnectable, reconnectDelay, type ResumeCursor } from './resume-cursor';
import type { Conversation, Message } from './types';

const message = (over: Partial<Message> = {}): Message => ({
  id: 'a1',
  conversationId: 'c1',
  parentId: 'u1',
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
  currentLeafId: 'a1',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

const fold = (events: ChatStreamEvent[], from: ResumeCursor = initialCursor()) => events.reduce(advanceCursor, from);
const delta = (text: string, id?: string): ChatStreamEvent => ({ type: 'delta', text, id });

describe('resume cursor', () => {
  it('learns the answer id at start and remembers the last event id', () => {
    const cursor = fold([
      { type: 'start', userMessage: null, assistantMessage: message() },
      delta('Hel', '0'),
      delta('lo', '2'),
    ]);
    expect(cursor).toEqual({ messageId: 'a1', lastEventId: '2', text: 'Hello', settled: false });
    expect(canResume(cursor)).toBe(true);
  });

  it('cannot resume before start names the answer, or once it has settled', () => {
    expect(canResume(fold([delta('early', '0')]))).toBe(false);
    const done = fold([
      { type: 'start', userMessage: null, assistantMessage: message() },
      { type: 'done', message: message({ content: 'Hi', status: 'complete' }), conversation },
    ]);
    expect(done).toMatchObject({ settled: true, text: 'Hi' });
    expect(canResume(done)).toBe(false);
    const failed = fold([delta('par', '0'), { type: 'error', message: null, error: { message: 'boom', code: 'upstream' } }], initialCursor('a1'));
    expect(failed).toMatchObject({ settled: true, text: 'par' });
  });

  it('moves past sources and verification like tool events, leaving the text alone', () => {
    const cursor = fold([
      { type: 'start', userMessage: null, assistantMessage: message() },
      { type: 'sources', sources: [], id: '0' },
      delta('Yes [1].', '1'),
      { type: 'verification', verification: { method: 'lexical', sentences: [] }, id: '2' },
    ]);
    expect(cursor).toEqual({ messageId: 'a1', lastEventId: '2', text: 'Yes [1].', settled: false });
  });

  it('starts a continuation from its existing text', () => {
    const cursor = fold([{ type: 'start', userMessage: null, assistantMessage: message({ content: 'Once upon' }) }, delta(' a time', '0')]);
    expect(cursor.text).toBe('Once upon a time');
  });

  it('appends only what follows a reconnect with Last-Event-ID', () => {
    const before = fold([{ type: 'start', userMessage: null, assistantMessage: message() }, delta('one ', '0'), delta('two ', '1')]);
    // The server resumes after event 1: the next events are 2, 3.
    const after = fold([delta('three ', '2'), delta('four', '3')], before);
    expect(after).toMatchObject({ text: 'one two three four', lastEventId: '3' });
  });

  it('replaces its text with a snapshot, and takes the snapshot position (or none)', () => {
    const before = fold([delta('stale text that a snapshot supersedes', '4')], initialCursor('a1'));
    const live = fold([{ type: 'snapshot', text: 'one two three', id: '6' }, delta(' four', '7')], before);
    expect(live).toMatchObject({ text: 'one two three four', lastEventId: '7' });
    // Read back from the database: no ids, so the next reconnect asks for a snapshot again.
    const stored = fold([{ type: 'snapshot', text: 'one two', id: undefined }, delta(' three')], before);
    expect(stored).toMatchObject({ text: 'one two three', lastEventId: undefined });
  });
});

describe('reconnect policy', () => {
  it('backs off 0.5 s, 1 s, 2 s, 4 s, then gives up', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => reconnectDelay(attempt))).toEqual([500, 1000, 2000, 4000, null]);
    expect(reconnectDelay(1, [10, 20])).toBe(20);
    expect(reconnectDelay(2, [10, 20])).toBeNull();
  });

  it('reconnects after connection failures, not after refusals or aborts', () => {
    const api = (status: number) => new ApiError({ message: 'x', status, code: `http_${status}`, path: '/p' });
    expect(isReconnectable(new NetworkError({ path: '/p', cause: new TypeError('Failed to fetch') }))).toBe(true);
    expect(isReconnectable(new TypeError('network error'))).toBe(true);
    expect(isReconnectable(new StreamClosedError())).toBe(true);
    expect(isReconnectable(api(502))).toBe(true);
    expect(isReconnectable(api(503))).toBe(true);
    expect(isReconnectable(api(404))).toBe(false);
    expect(isReconnectable(api(401))).toBe(false);
    expect(isReconnectable(new StreamProtocolError('bad JSON'))).toBe(false);
    expect(isReconnectable(new DOMException('stopped', 'AbortError'))).toBe(false);
  });
});
