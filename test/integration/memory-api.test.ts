import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoResponder, startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import type { ChatRequest } from '../fake-upstream/types.js';
import { readEvents, startTestServer, type TestServer } from '../support/redline-server.js';
import { testStores } from '../support/test-database.js';

const chatgptExport = fileURLToPath(new URL('../memory/fixtures/chatgpt-conversations.json', import.meta.url));

/**
 * A model that extracts like a capable one would: asked for structured output (the memory job), it
 * turns "I live in X" and "my dog is called Y" into memories; otherwise it echoes.
 */
function extractingResponder(req: ChatRequest) {
  if (!req.response_format) return echoResponder(req);
  const exchange = JSON.stringify(req.messages);
  const memories: { kind: string; content: string }[] = [];
  const city = /I live in (\w+)/.exec(exchange);
  if (city) memories.push({ kind: 'fact', content: `User lives in ${city[1]}` });
  const dog = /my dog is called (\w+)/i.exec(exchange);
  if (dog) memories.push({ kind: 'relationship', content: `User's dog is called ${dog[1]}` });
  return JSON.stringify({ memories });
}

const systemPromptOf = (upstream: FakeUpstream, marker: string): string => {
  const request = [...upstream.requests].reverse().find((r) => JSON.stringify(r.body ?? '').includes(marker) && !(r.body as ChatRequest).response_format);
  const messages = (request?.body as ChatRequest | undefined)?.messages ?? [];
  return messages.filter((m) => m.role === 'system').map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
};

const until = async <T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe.each(testStores)('memory and personalization over HTTP on %s', (store) => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let bob: (method: string, path: string, body?: unknown) => Promise<Response>;

  const chat = async (content: string, options: { conversationId?: string; as?: typeof bob; temporary?: boolean } = {}) => {
    const api = options.as ?? redline.api.bind(redline);
    const id = options.conversationId ?? (await (await api('POST', '/api/conversations', { temporary: options.temporary })).json()).conversation.id;
    const events = await readEvents(await api('POST', `/api/conversations/${id}/messages`, { content }));
    const start = events.find((e) => e.event === 'start')!.data;
    const done = events.find((e) => e.event === 'done')?.data;
    return { conversationId: id as string, userMessage: start.userMessage, message: done?.message, events };
  };
  const memories = async (api = redline.api.bind(redline), query = '') => ((await (await api('GET', `/api/memories${query}`)).json()) as { memories: { id: string; content: string; sourceMessageId: string | null; kind: string; lastUsedAt: string | null }[] }).memories;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ respond: extractingResponder });
    redline = await startTestServer({ store, env: { OPENAI_BASE_URL: upstream.url } });
    await redline.api('POST', '/api/users', { email: 'bob@example.com', name: 'Bob', password: 'correct horse' });
    const login = await fetch(`${redline.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bob@example.com', password: 'correct horse' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    bob = (method, path, body) => fetch(`${redline.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  it('learns from a turn in the background, says where from, and uses it in a later conversation', async () => {
    const first = await chat('By the way, I live in Lisbon. What is a good name for a bakery?');
    expect(first.message.status).toBe('complete');
    const learned = await until(() => memories(), (m) => m.some((x) => x.content === 'User lives in Lisbon'));
    const lisbon = learned.find((m) => m.content === 'User lives in Lisbon');
    expect(lisbon).toMatchObject({ kind: 'fact', sourceMessageId: first.userMessage.id });

    const later = await chat('Which city should I visit for a weekend near Lisbon?');
    expect(systemPromptOf(upstream, 'weekend near')).toContain('User lives in Lisbon');
    expect(later.message.metadata.memories).toEqual([expect.objectContaining({ id: lisbon!.id, content: 'User lives in Lisbon' })]);
    // Stamped as used once the answer is out (the Memory page shows when a memory was last used).
    expect(lisbon!.lastUsedAt).toBeNull();
    const stamped = await until(() => memories(), (m) => m.some((x) => x.id === lisbon!.id && x.lastUsedAt !== null));
    expect(Date.parse(stamped.find((x) => x.id === lisbon!.id)!.lastUsedAt!)).toBeGreaterThan(Date.parse(later.message.createdAt));
    // The extraction call had its own budgeted request, with a JSON schema.
    const extraction = upstream.requests.find((r) => (r.body as ChatRequest | undefined)?.response_format);
    expect(JSON.stringify((extraction?.body as ChatRequest).response_format)).toContain('json_schema');
  });

  it('updates a fact when it changes, keeping the old value as history', async () => {
    await chat('Big news: I live in Porto now.');
    const current = await until(() => memories(), (m) => m.some((x) => x.content === 'User lives in Porto'));
    expect(current.some((m) => m.content === 'User lives in Lisbon')).toBe(false);
    const porto = current.find((m) => m.content === 'User lives in Porto')!;
    const detail = await (await redline.api('GET', `/api/memories/${porto.id}`)).json();
    expect(detail.history.map((m: { content: string }) => m.content)).toEqual(['User lives in Lisbon']);
  });

  it('answers explicit commands itself, and forgets for good', async () => {
    const remembered = await chat('Remember that my favourite tea is genmaicha');
    expect(remembered.message).toMatchObject({ status: 'complete', model: null, metadata: expect.objectContaining({ memoryCommand: 'remember' }) });
    expect(remembered.message.content).toMatch(/remember that your favourite tea is genmaicha/i);
    const listed = await chat('What do you know about me?');
    expect(listed.message.content).toContain('genmaicha');
    const forgot = await chat('Forget my favourite tea');
    expect(forgot.message.content).toMatch(/forgotten/);
    expect((await memories()).some((m) => /genmaicha/.test(m.content))).toBe(false);
    expect((await memories(undefined, '?status=all')).some((m) => /genmaicha/.test(m.content))).toBe(false);
  });

  it('puts custom instructions, a conversation override and the style profile in the prompt', async () => {
    const saved = await redline.api('PATCH', '/api/personalization', { aboutUser: 'I am a marine biologist.', responseStyle: 'Answer in British English.' });
    expect((await saved.json()).settings).toMatchObject({ aboutUser: 'I am a marine biologist.', responseStyle: 'Answer in British English.' });
    const rated = await chat('Explain tides marker-tides');
    const feedback = await redline.api('POST', `/api/conversations/${rated.conversationId}/messages/${rated.message.id}/feedback`, { rating: 'down', reason: 'too long' });
    expect(feedback.status).toBe(200);
    const settings = (await (await redline.api('GET', '/api/personalization')).json()).settings;
    expect(settings.styleRules).toHaveLength(1);

    await chat('Explain currents marker-currents');
    const system = systemPromptOf(upstream, 'marker-currents');
    expect(system).toContain('I am a marine biologist.');
    expect(system).toContain('Answer in British English.');
    expect(system).toContain(settings.styleRules[0]);

    const own = (await (await redline.api('POST', '/api/conversations', { instructions: 'Answer only in French.' })).json()).conversation;
    await chat('Explain waves marker-waves', { conversationId: own.id });
    const overridden = systemPromptOf(upstream, 'marker-waves');
    expect(overridden).toContain('Answer only in French.');
    expect(overridden).not.toContain('Answer in British English.');

    expect((await redline.api('POST', '/api/personalization/style/reset')).status).toBe(200);
    expect((await (await redline.api('GET', '/api/personalization')).json()).settings.styleRules).toEqual([]);
    await redline.api('PATCH', '/api/personalization', { aboutUser: '', responseStyle: '' });
  });

  it('a temporary chat reads and writes no memory and leaves no trace in lists, search or export', async () => {
    const before = (await memories()).map((m) => m.id).sort();
    const temporary = await chat('I live in Madrid. My dog is called Rex. temporary-zebra', { temporary: true });
    expect(temporary.message.status).toBe('complete');
    expect(systemPromptOf(upstream, 'temporary-zebra')).not.toContain('User lives in Porto');
    // Give a background job every chance to run: nothing is learned.
    await chat('Another ordinary turn to let jobs run');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await memories()).map((m) => m.id).sort()).toEqual(before);

    const list = (await (await redline.api('GET', '/api/conversations?q=zebra')).json()).conversations;
    expect(list).toEqual([]);
    expect((await (await redline.api('GET', '/api/search?q=zebra')).json()).results).toEqual([]);
    const exported = await (await redline.api('GET', '/api/export')).text();
    expect(exported).not.toContain('zebra');
    // It can still be opened by id while it lives.
    expect((await redline.api('GET', `/api/conversations/${temporary.conversationId}`)).status).toBe(200);
    // Housekeeping deletes it once idle past its TTL (as if a day had passed); regular chats stay.
    const { store } = redline.running.runtime;
    const regular = (await (await redline.api('GET', '/api/conversations')).json()).conversations.length;
    expect(await store.purgeIdleTemporary(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(1);
    expect((await redline.api('GET', `/api/conversations/${temporary.conversationId}`)).status).toBe(404);
    expect((await (await redline.api('GET', '/api/conversations')).json()).conversations).toHaveLength(regular);
  });

  it('searches past conversations and returns messages with their ids and scores', async () => {
    const { conversationId } = await chat('Planning a sailing trip to the Azores next spring');
    const response = await redline.api('GET', '/api/search?q=sailing%20Azores&k=3');
    expect(response.status).toBe(200);
    const { results } = await response.json();
    expect(results[0]).toMatchObject({ conversationId, role: expect.stringMatching(/user|assistant/), text: expect.stringContaining('Azores') });
    expect(results[0].score).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(3);
    expect((await redline.api('GET', '/api/search?q=')).status).toBe(400);
    expect((await redline.api('GET', '/api/search?q=x&k=500')).status).toBe(400);
  });

  it("never shows one user's memory, settings, search hits or export to another", async () => {
    const alice = await memories();
    expect(alice.length).toBeGreaterThan(0);
    const target = alice[0];
    expect(await memories(bob)).toEqual([]);
    expect(await memories(bob, '?q=Porto')).toEqual([]);
    expect((await bob('GET', `/api/memories/${target.id}`)).status).toBe(404);
    expect((await bob('PATCH', `/api/memories/${target.id}`, { content: 'hijacked' })).status).toBe(404);
    expect((await bob('DELETE', `/api/memories/${target.id}`)).status).toBe(404);
    expect((await (await bob('DELETE', '/api/memories')).json()).deleted).toBe(0);
    expect((await (await bob('GET', '/api/search?q=Azores')).json()).results).toEqual([]);
    expect((await (await bob('GET', '/api/personalization')).json()).settings.styleRules).toEqual([]);
    const exported = await (await bob('GET', '/api/export')).json();
    expect(exported.conversations).toEqual([]);
    expect((await (await bob('GET', '/api/memories/export')).json()).memories).toEqual([]);
    // Bob's turns never get Alice's memories in their prompt.
    await chat('Where do I live? bob-marker', { as: bob });
    expect(systemPromptOf(upstream, 'bob-marker')).not.toContain('Porto');
    // And Alice still has hers.
    expect((await memories()).map((m) => m.id)).toContain(target.id);
  });

  it('edits, deletes and exports memories, with clear errors for bad input', async () => {
    const created = await redline.api('POST', '/api/memories', { content: 'I play the cello' });
    expect(created.status).toBe(201);
    const { memory } = await created.json();
    expect(memory).toMatchObject({ content: 'I play the cello', sourceMessageId: null });
    const edited = await redline.api('PATCH', `/api/memories/${memory.id}`, { content: 'I play the viola' });
    expect((await edited.json()).memory.content).toBe('I play the viola');
    expect((await redline.api('PATCH', `/api/memories/${memory.id}`, {})).status).toBe(400);
    expect((await redline.api('POST', '/api/memories', { content: '' })).status).toBe(400);
    expect((await redline.api('GET', '/api/memories/not-an-id')).status).toBe(404);
    expect((await redline.api('PATCH', '/api/personalization', { aboutUser: 'x'.repeat(1501) })).status).toBe(400);
    expect((await redline.api('PATCH', '/api/personalization', { unknown: true })).status).toBe(400);

    const download = await redline.api('GET', '/api/memories/export');
    expect(download.headers.get('content-disposition')).toMatch(/attachment; filename="redline-memory-\d{4}-\d{2}-\d{2}\.json"/);
    const exported = await download.json();
    expect(exported).toMatchObject({ format: 'redline.memory', version: 1 });
    expect(exported.memories.some((m: { content: string }) => m.content === 'I play the viola')).toBe(true);

    expect((await redline.api('DELETE', `/api/memories/${memory.id}`)).status).toBe(200);
    expect((await redline.api('GET', `/api/memories/${memory.id}`)).status).toBe(404);
    const all = await (await redline.api('DELETE', '/api/memories')).json();
    expect(all.deleted).toBeGreaterThan(0);
    expect(await memories()).toEqual([]);
  });

  it('imports a ChatGPT export once, and reads back its own export', async () => {
    const body = readFileSync(chatgptExport, 'utf8');
    const first = await (await redline.api('POST', '/api/import', body)).json();
    expect(first).toMatchObject({ source: 'chatgpt', counts: { conversations: 2 } });
    const again = await (await redline.api('POST', '/api/import', body)).json();
    expect(again.counts.conversations).toBe(0);
    expect(again.skipped.map((s: { reason: string }) => s.reason)).toEqual(['already_imported', 'already_imported']);

    const notJson = await redline.api('POST', '/api/import', 'not json at all');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe('import_format');
    const wrongShape = await redline.api('POST', '/api/import', { hello: 'world' });
    expect((await wrongShape.json()).error.code).toBe('import_format');

    // Bob imports Alice's Redline export: he gets the conversations, Alice keeps hers.
    const exported = await (await redline.api('GET', '/api/export')).text();
    const intoBob = await (await bob('POST', '/api/import', JSON.parse(exported))).json();
    expect(intoBob.source).toBe('redline');
    expect(intoBob.counts.conversations).toBeGreaterThanOrEqual(2);
    const bobTitles = (await (await bob('GET', '/api/conversations')).json()).conversations.map((c: { title: string }) => c.title);
    expect(bobTitles).toEqual(expect.arrayContaining(['Kyoto trip', 'Photo question']));
  });
});

describe('memory commands with no model configured', () => {
  let redline: TestServer;
  beforeAll(async () => {
    redline = await startTestServer();
  });
  afterAll(async () => redline?.close());

  it('remembers, lists and forgets without any model', async () => {
    const id = (await (await redline.api('POST', '/api/conversations', {})).json()).conversation.id;
    const say = async (content: string) => (await readEvents(await redline.api('POST', `/api/conversations/${id}/messages`, { content }))).find((e) => e.event === 'done')!.data.message;
    expect((await say('Remember that I am allergic to peanuts')).content).toMatch(/allergic to peanuts/);
    expect((await say('What do you know about me?')).content).toMatch(/allergic to peanuts/);
    expect((await say('Forget that I am allergic to peanuts')).content).toMatch(/forgotten/);
    // An ordinary message still says there is no model, and the conversation is kept.
    const plain = await redline.api('POST', `/api/conversations/${id}/messages`, { content: 'Hello?' });
    expect(plain.status).toBe(400);
    expect((await plain.json()).error.code).toBe('no_model_configured');
    // The three commands and their answers are kept; the refused message was never accepted.
    expect((await (await redline.api('GET', `/api/conversations/${id}`)).json()).messages).toHaveLength(6);
  });
});

describe('memory with an embedding model configured', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    redline = await startTestServer({ env: { OPENAI_BASE_URL: upstream.url, REDLINE_EMBEDDING_MODEL: 'openai:fake-embedding' } });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  it('embeds new memories and past messages in the background, through the provider', async () => {
    const created = await redline.api('POST', '/api/memories', { content: 'My bicycle is a green Brompton' });
    expect(created.status).toBe(201);
    const id = (await created.json()).memory.id as string;
    const { schema } = await import('../../src/db/index.js');
    const { eq } = await import('drizzle-orm');
    const db = redline.running.runtime.database.db;
    const vector = await until(
      async () => (await db.select({ embedding: schema.memories.embedding, model: schema.memories.embeddingModel }).from(schema.memories).where(eq(schema.memories.id, id)))[0],
      (row) => !!row?.embedding?.length,
    );
    expect(vector.model).toBe('openai:fake-embedding');
    expect(upstream.requests.some((r) => r.path.endsWith('/embeddings'))).toBe(true);
    // Searches send the query to the same model and still find the memory.
    const found = await (await redline.api('GET', '/api/memories?q=bicycle')).json();
    expect(found.memories[0]).toMatchObject({ id, content: 'My bicycle is a green Brompton' });
  });
});
