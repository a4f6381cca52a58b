import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../src/db/index.js';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { testStores } from '../support/test-database.js';

const MODEL = 'openai:fake-model';

/** A caller of /v1/chat/completions with its own API key. */
function client(redline: TestServer, apiKey: string) {
  return async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(`${redline.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: MODEL, ...body }),
    });
    expect(response.status).toBe(200);
    const cache = response.headers.get('x-redline-cache');
    if (!body.stream) {
      const json = (await response.json()) as any;
      return { cache, text: json.choices[0].message.content as string, json };
    }
    const raw = await response.text();
    expect(raw.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const chunks = raw.split('\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)));
    const text = chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
    return { cache, text, chunks: chunks.length, usage: chunks.find((c) => c.usage)?.usage };
  };
}

const ask = (content: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: 'user', content }], stream: true, ...extra });

/** Waits until the answer just streamed has been written (writes happen after the stream, off the critical path). */
async function stored(redline: TestServer, input: { userId: string; count: number }) {
  const db = redline.running.runtime.database.db;
  for (let i = 0; i < 100; i++) {
    const rows = await db.select({ id: schema.responseCache.id }).from(schema.responseCache).where(eq(schema.responseCache.userId, input.userId));
    if (rows.length >= input.count) return rows.length;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`expected ${input.count} cache rows for the user`);
}

async function secondUser(redline: TestServer, email: string) {
  const user = await redline.running.runtime.users.create({ email, password: 'password-123456' });
  const { secret } = await redline.running.runtime.users.createApiKey(user.id, 'test');
  return { id: user.id, key: secret };
}

describe.each(testStores)('response cache over /v1 on %s', (store) => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let owner: ReturnType<typeof client>;
  let ownerId: string;
  const calls = () => upstream.requests.filter((r) => r.path === '/v1/chat/completions').length;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['fake-model'] });
    redline = await startTestServer({ store, env: { OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'k' } });
    owner = client(redline, redline.apiKey);
    ownerId = redline.running.runtime.owner.id;
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });
  beforeEach(async () => {
    upstream.reset();
    await redline.running.runtime.database.db.delete(schema.responseCache);
  });

  it('streams a hit after a miss with the identical text, in SSE, without calling the upstream again', async () => {
    const body = ask('tell me a story [[words:40]]', { temperature: 0, stream_options: { include_usage: true } });
    const first = await owner(body);
    expect(first.cache).toBe('miss');
    await stored(redline, { userId: ownerId, count: 1 });
    const second = await owner(body);
    expect(second.cache).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(second.text.split(' ').length).toBeGreaterThanOrEqual(40);
    expect(second.chunks).toBeGreaterThan(3);
    expect(second.usage).toEqual(first.usage);
    expect(calls()).toBe(1);

    // The same request without streaming is answered from the same entry, as JSON.
    const json = await owner({ ...body, stream: false });
    expect(json.cache).toBe('hit');
    expect(json.text).toBe(first.text);
    expect(json.json.choices[0].finish_reason).toBe('stop');
    expect(calls()).toBe(1);
  });

  it('never serves one user from another user’s entries unless both mark them shared', async () => {
    const other = await secondUser(redline, `b-${store}@example.com`);
    const asOther = client(redline, other.key);
    const body = ask('what is in my notes?', { temperature: 0 });
    expect((await owner(body)).cache).toBe('miss');
    await stored(redline, { userId: ownerId, count: 1 });
    expect((await asOther(body)).cache).toBe('miss');
    expect(calls()).toBe(2);

    const shared = ask('the boiling point of water in kelvin', { temperature: 0 });
    expect((await owner(shared, { 'x-redline-cache-scope': 'shared' })).cache).toBe('miss');
    await stored(redline, { userId: ownerId, count: 2 });
    expect((await asOther(shared)).cache).toBe('miss');
    await stored(redline, { userId: other.id, count: 2 });
    const hit = await asOther(shared, { 'x-redline-cache-scope': 'shared' });
    expect(hit.cache).toBe('hit');
    expect(hit.text).toBe('You said: the boiling point of water in kelvin');
  });

  it('bypasses non-deterministic requests unless forced, and skips when told', async () => {
    const warm = ask('write a poem', { temperature: 0.7 });
    expect((await owner(warm)).cache).toBe('bypass');
    expect((await owner(warm)).cache).toBe('bypass');
    expect((await owner(ask('no temperature given'))).cache).toBe('bypass');
    expect(calls()).toBe(3);

    expect((await owner(warm, { 'x-redline-cache': 'force' })).cache).toBe('miss');
    await stored(redline, { userId: ownerId, count: 1 });
    expect((await owner(warm, { 'x-redline-cache': 'force' })).cache).toBe('hit');
    expect((await owner(warm, { 'x-redline-cache': 'skip' })).cache).toBe('bypass');
    expect(calls()).toBe(5);

    const bad = await fetch(`${redline.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json', 'x-redline-cache': 'always' },
      body: JSON.stringify({ model: MODEL, ...warm }),
    });
    expect(bad.status).toBe(400);
  });

  it('does not store tool-call answers', async () => {
    const body = ask('weather? [[tool:get_weather {"city":"Paris"}]]', {
      temperature: 0,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    expect((await owner(body)).cache).toBe('miss');
    await new Promise((r) => setTimeout(r, 200));
    expect((await owner(body)).cache).toBe('miss');
    expect(calls()).toBe(2);
  });

  it('answers a paraphrase of a stand-alone question from the semantic cache, and nothing else', async () => {
    const standalone = { 'x-redline-cache-standalone': '1' };
    expect((await owner(ask('What is the capital of France?'), standalone)).cache).toBe('miss');
    await stored(redline, { userId: ownerId, count: 1 });
    const paraphrase = await owner(ask("what's the capital of france"), standalone);
    expect(paraphrase.cache).toBe('hit');
    expect(paraphrase.text).toBe('You said: What is the capital of France?');

    const nearMiss = await owner(ask('What is the capital of Germany?'), standalone);
    expect(nearMiss.cache).toBe('miss');
    expect(nearMiss.text).toBe('You said: What is the capital of Germany?');
    // Its answer is stored after the stream: wait, so the row cannot land in the next test.
    await stored(redline, { userId: ownerId, count: 2 });

    // Without the stand-alone hint, the same paraphrase goes to the model.
    expect((await owner(ask("what's the capital of france"))).cache).toBe('bypass');
    expect(calls()).toBe(3);
  });

  it('never answers time-dependent or multi-turn questions from the semantic cache', async () => {
    const standalone = { 'x-redline-cache-standalone': '1' };
    for (let i = 0; i < 2; i++) expect((await owner(ask('What is the latest news about France today?'), standalone)).cache).toBe('bypass');
    const thread = {
      stream: true,
      messages: [
        { role: 'user', content: 'I live in Lyon.' },
        { role: 'assistant', content: 'Noted.' },
        { role: 'user', content: 'What is the capital of my country?' },
      ],
    };
    for (let i = 0; i < 2; i++) expect((await owner(thread, standalone)).cache).toBe('bypass');
    expect(calls()).toBe(4);
    const rows = await redline.running.runtime.database.db.select().from(schema.responseCache).where(and(eq(schema.responseCache.userId, ownerId)));
    expect(rows).toHaveLength(0);
  });

  it('shows hits, misses and the hit ratio in /metrics', async () => {
    const body = ask('count me', { temperature: 0 });
    await owner(body);
    await stored(redline, { userId: ownerId, count: 1 });
    await owner(body);
    const metrics = await (await fetch(`${redline.url}/metrics`)).text();
    expect(metrics).toMatch(/redline_cache_requests_total\{kind="exact",outcome="hit"\} [1-9]/);
    expect(metrics).toMatch(/redline_cache_requests_total\{kind="exact",outcome="miss"\} [1-9]/);
    expect(metrics).toMatch(/redline_cache_hit_ratio\{kind="exact"\} 0\.\d+/);
  });
});

describe.each(testStores)('response cache bounds on %s', (store) => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let owner: ReturnType<typeof client>;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['fake-model'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'redline-cache-config-'));
    const configPath = path.join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ cache: { ttlSeconds: 1, maxEntriesPerUser: 2 } }));
    redline = await startTestServer({ store, env: { OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'k', REDLINE_CONFIG: configPath } });
    owner = client(redline, redline.apiKey);
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  it('expires entries after their TTL', async () => {
    const body = ask('short lived', { temperature: 0 });
    expect((await owner(body)).cache).toBe('miss');
    await stored(redline, { userId: redline.running.runtime.owner.id, count: 1 });
    expect((await owner(body)).cache).toBe('hit');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await owner(body)).cache).toBe('miss');
  });

  it('evicts the least recently hit entry past the per-user cap', async () => {
    const db = redline.running.runtime.database.db;
    await db.delete(schema.responseCache);
    const ownerId = redline.running.runtime.owner.id;
    const [a, b, c] = ['first', 'second', 'third'].map((q) => ask(q, { temperature: 0 }));
    await owner(a);
    await stored(redline, { userId: ownerId, count: 1 });
    await owner(b);
    await stored(redline, { userId: ownerId, count: 2 });
    expect((await owner(a)).cache).toBe('hit');
    await new Promise((r) => setTimeout(r, 50));
    const beforeC = new Date();
    await owner(c);
    // c's entry is written after its stream, then the cap is enforced: wait for both.
    for (let i = 0; i < 100; i++) {
      const rows = await db.select({ createdAt: schema.responseCache.createdAt }).from(schema.responseCache);
      if (rows.length === 2 && rows.some((row) => row.createdAt >= beforeC)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await owner(a)).cache).toBe('hit');
    expect((await owner(c)).cache).toBe('hit');
    expect((await owner(b)).cache).toBe('miss');
  });
});
