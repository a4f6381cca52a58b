import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loremWords, startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { readEvents, startTestServer, type TestServer } from '../support/redline-server.js';

/** Reads raw SSE from a response until `enough` says stop, then drops the connection. */
async function readSome(response: Response, enough: (events: { event: string; id: string | null; data: any }[]) => boolean) {
  const { readSse } = await import('../../src/cli/sse.js');
  const events: { event: string; id: string | null; data: any }[] = [];
  const abort = new AbortController();
  for await (const e of readSse(response.body!)) {
    events.push({ event: e.event, id: e.id, data: JSON.parse(e.data) });
    if (enough(events)) break;
  }
  abort.abort();
  return events;
}

const textOf = (events: { event: string; data: any }[]) => events.map((e) => (e.event === 'delta' || e.event === 'snapshot' ? e.data.text : '')).join('');

describe('resumable streams', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    redline = await startTestServer({ env: { OPENAI_BASE_URL: upstream.url } });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  const start = async (content: string) => {
    const { conversation } = await (await redline.api('POST', '/api/conversations', {})).json();
    const response = await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content });
    return { conversationId: conversation.id as string, response };
  };

  it('resumes after Last-Event-ID with nothing repeated and nothing missing, without calling the model again', async () => {
    const { conversationId, response } = await start('[[words:120]] [[delay:10]]');
    const first = await readSome(response, (events) => events.filter((e) => e.event === 'delta').length >= 5);
    const assistantId = first[0].data.assistantMessage.id;
    const lastId = first.at(-1)!.id!;
    const requestsBefore = upstream.stats().total;

    const resumed = await readEvents(await redline.api('GET', `/api/conversations/${conversationId}/messages/${assistantId}/stream`, undefined, { 'last-event-id': lastId }));
    expect(resumed[0].event).toBe('delta');
    expect(resumed.at(-1)!.event).toBe('done');
    expect(textOf(first) + textOf(resumed)).toBe(loremWords(120));
    expect(upstream.stats().total).toBe(requestsBefore);
  });

  it('gives a reloading client the text so far, then the rest', async () => {
    const { conversationId, response } = await start('[[words:80]] [[delay:10]]');
    const first = await readSome(response, (events) => events.filter((e) => e.event === 'delta').length >= 3);
    const assistantId = first[0].data.assistantMessage.id;
    const reloaded = await readEvents(await redline.api('GET', `/api/conversations/${conversationId}/messages/${assistantId}/stream`));
    expect(reloaded[0].event).toBe('snapshot');
    expect(textOf(reloaded)).toBe(loremWords(80));
    expect(reloaded.at(-1)!.data.message.status).toBe('complete');
  });

  it('serves a finished answer from the database', async () => {
    const { conversationId, response } = await start('short one');
    const all = await readEvents(response);
    const assistantId = all[0].data.assistantMessage.id;
    // After the stream ended, the message comes from the store.
    const later = await readEvents(await redline.api('GET', `/api/conversations/${conversationId}/messages/${assistantId}/stream`));
    expect(textOf(later)).toBe('You said: short one');
    expect(later.at(-1)!.event).toBe('done');
  });

  it("answers 404 for another user's stream", async () => {
    const { conversationId, response } = await start('[[words:40]] [[delay:5]]');
    const first = await readSome(response, () => true);
    const assistantId = first[0].data.assistantMessage.id;
    await redline.api('POST', '/api/users', { email: 'eve@example.com', password: 'password123' });
    const login = await fetch(`${redline.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'eve@example.com', password: 'password123' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const stolen = await fetch(`${redline.url}/api/conversations/${conversationId}/messages/${assistantId}/stream`, { headers: { cookie } });
    expect(stolen.status).toBe(404);
  });
});
