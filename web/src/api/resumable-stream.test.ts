import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from './chat-stream';
import { ApiError, NetworkError } from './errors';
import { resumableChatStream, type ResumableStreamEvent, type ResumableStreamOptions } from './resumable-stream';
import type { Conversation, Message } from './types';

const assistant = (over: Partial<Message> = {}): Message => ({
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

const start: ChatStreamEvent = { type: 'start', userMessage: null, assistantMessage: assistant() };
const delta = (text: string, id?: number): ChatStreamEvent => ({ type: 'delta', text, id: id === undefined ? undefined : String(id) });
const done = (content: string): ChatStreamEvent => ({ type: 'done', message: assistant({ content, status: 'complete' }), conversation });

/** A stream that yields `events`, then fails with `failure` (or ends when it is undefined). */
async function* source(events: ChatStreamEvent[], failure?: unknown): AsyncGenerator<ChatStreamEvent> {
  for (const event of events) yield event;
  if (failure !== undefined) throw failure;
}

const dropped = () => new TypeError('network error');

/** A fake server: `open` and each `resume` answer in turn from the lists; records the resume requests. */
function fakeServer(options: { open: () => AsyncIterable<ChatStreamEvent>; resumes: (() => AsyncIterable<ChatStreamEvent>)[] }) {
  const requests: { messageId: string; lastEventId: string | undefined }[] = [];
  const sleeps: number[] = [];
  const controller = new AbortController();
  const streamOptions: ResumableStreamOptions = {
    open: async () => options.open(),
    resume: async ({ messageId, lastEventId }) => {
      requests.push({ messageId, lastEventId });
      const next = options.resumes.shift();
      if (!next) throw new Error('no more resumes scripted');
      return next();
    },
    signal: controller.signal,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { requests, sleeps, controller, streamOptions };
}

async function collect(stream: AsyncIterable<ResumableStreamEvent>): Promise<ResumableStreamEvent[]> {
  const events: ResumableStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const textOf = (events: ResumableStreamEvent[]) =>
  events.reduce((text, e) => (e.type === 'delta' ? text + e.text : e.type === 'snapshot' ? e.text : text), '');

describe('resumableChatStream', () => {
  it('passes a stream that finishes through untouched', async () => {
    const server = fakeServer({ open: () => source([start, delta('Hi', 0), done('Hi')]), resumes: [] });
    const events = await collect(resumableChatStream(server.streamOptions));
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'done']);
    expect(server.requests).toEqual([]);
  });

  it('reconnects after a drop with the last event id and appends only what follows', async () => {
    const server = fakeServer({
      open: () => source([start, delta('one ', 0), delta('two ', 1)], dropped()),
      resumes: [() => source([delta('three', 2), done('one two three')])],
    });
    const events = await collect(resumableChatStream(server.streamOptions));
    expect(server.requests).toEqual([{ messageId: 'a1', lastEventId: '1' }]);
    expect(server.sleeps).toEqual([500]);
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'delta', 'reconnecting', 'reconnected', 'delta', 'done']);
    expect(textOf(events)).toBe('one two three');
  });

  it('treats a stream that ends without done or error as a drop', async () => {
    const server = fakeServer({
      open: () => source([start, delta('one ', 0)]),
      resumes: [() => source([delta('two', 1), done('one two')])],
    });
    const events = await collect(resumableChatStream(server.streamOptions));
    expect(server.requests).toEqual([{ messageId: 'a1', lastEventId: '0' }]);
    expect(textOf(events)).toBe('one two');
  });

  it('backs off while the server is unreachable, and starts over once events flow again', async () => {
    const unreachable = () => {
      throw new NetworkError({ path: '/stream', cause: new TypeError('Failed to fetch') });
    };
    const server = fakeServer({
      open: () => source([start, delta('a', 0)], dropped()),
      resumes: [unreachable, unreachable, () => source([delta('b', 1)], dropped()), unreachable, () => source([delta('c', 2), done('abc')])],
    });
    const events = await collect(resumableChatStream(server.streamOptions));
    expect(server.sleeps).toEqual([500, 1000, 2000, 500, 1000]);
    expect(server.requests.map((r) => r.lastEventId)).toEqual(['0', '0', '0', '1', '1']);
    expect(textOf(events)).toBe('abc');
  });

  it('gives up after the last attempt and throws the last failure', async () => {
    const failure = new NetworkError({ path: '/stream', cause: new TypeError('Failed to fetch') });
    const unreachable = () => {
      throw failure;
    };
    const server = fakeServer({ open: () => source([start], dropped()), resumes: [unreachable, unreachable, unreachable, unreachable] });
    await expect(collect(resumableChatStream(server.streamOptions))).rejects.toBe(failure);
    expect(server.sleeps).toEqual([500, 1000, 2000, 4000]);
  });

  it('does not reconnect before start names the answer, nor after a refusal', async () => {
    const early = fakeServer({ open: () => source([], dropped()), resumes: [] });
    await expect(collect(resumableChatStream(early.streamOptions))).rejects.toThrow('network error');
    expect(early.requests).toEqual([]);

    const gone = new ApiError({ message: 'Message not found', status: 404, code: 'not_found', path: '/stream' });
    const refused = fakeServer({
      open: () => source([start], dropped()),
      resumes: [
        () => {
          throw gone;
        },
      ],
    });
    await expect(collect(resumableChatStream(refused.streamOptions))).rejects.toBe(gone);
    expect(refused.requests).toHaveLength(1);
  });

  it('attaches to a running answer by id: a snapshot, then deltas; a drop before any id asks for a snapshot again', async () => {
    const server = fakeServer({
      open: () => source([{ type: 'snapshot', text: 'one two', id: undefined }, delta(' three')], dropped()),
      resumes: [() => source([{ type: 'snapshot', text: 'one two three four', id: '9' }, delta(' five', 10), done('one two three four five')])],
    });
    const events = await collect(resumableChatStream({ ...server.streamOptions, messageId: 'a1' }));
    expect(server.requests).toEqual([{ messageId: 'a1', lastEventId: undefined }]);
    expect(textOf(events)).toBe('one two three four five');
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const stream = resumableChatStream({
      open: async () => source([start], dropped()),
      resume: async () => source([]),
      signal: controller.signal,
      delaysMs: [60_000],
    });
    const events: ResumableStreamEvent[] = [];
    const run = (async () => {
      for await (const event of stream) {
        events.push(event);
        if (event.type === 'reconnecting') controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(events.map((e) => e.type)).toEqual(['start', 'reconnecting']);
  });
});
