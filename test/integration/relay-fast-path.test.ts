import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../src/db/index.js';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';

/**
 * The /v1 relay's fast path, in front of a recording copy of the app: it must serve relayed streams
 * itself, and hand every other request to the app with its body, so the app answers as it would have.
 */
describe('the /v1 relay fast path', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let server: Server;
  let url: string;
  const handed: { url: string; rawBody: string | null }[] = [];

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['fake-model', 'limited'] });
    redline = await startTestServer({ env: { OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'upstream-key'} });
    const { runtime } = redline.running;
    const app = getRequestListener(runtime.app.fetch);
    const recording: RequestListener = (req, res) => {
      handed.push({ url: req.url ?? '', rawBody: (req as IncomingMessage & { rawBody?: Buffer }).rawBody?.toString() ?? null });
      return app(req, res);
    };
    server = createServer(runtime.relayFastPath(recording));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await redline?.close();
    await upstream?.close();
  });
  beforeEach(() => {
    upstream.reset();
    handed.length = 0;
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const stream = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'fake-model', stream: true, messages: [{ role: 'user', content }], ...extra });

  it('serves a relayed stream itself: the upstream bytes, the caller request id, and the request is counted', async () => {
    const response = await post(stream('Say hi [[words:5]]'), { 'x-request-id': 'trace-42' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect(response.headers.get('x-redline-cache')).toBe('bypass');
    const text = await response.text();
    // The provider's own chunks, byte for byte: its id and fingerprint, then [DONE].
    expect(text).toContain('"system_fingerprint"');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(handed).toEqual([]);
    const metrics = await (await fetch(`${redline.url}/metrics`)).text();
    expect(metrics).toMatch(/redline_http_requests_total\{surface="v1",status="200"\} [1-9]/);
  });

  it('answers a provider failure before the first token in the app error format, with Retry-After', async () => {
    const response = await post(stream('x [[error:429]]', { model: 'limited' }), { 'x-request-id': 'trace-43' });
    expect(response.status).toBe(429);
    expect(response.headers.get('x-request-id')).toBe('trace-43');
    expect(response.headers.get('retry-after')).toBeTruthy();
    const body = (await response.json()) as { error: { type: string; code: string; request_id: string } };
    expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded', request_id: 'trace-43' });
    expect(handed).toEqual([]);
  });

  it('hands the app every request it does not relay, with the body it read', async () => {
    const cases: { body: unknown; headers?: Record<string, string>; status: number; code?: string }[] = [
      { body: '{"model": "fake-model", "stream": true, "messages": [', status: 400, code: 'invalid_json' },
      { body: { model: 'fake-model', stream: true, messages: 'hi' }, status: 400 },
      { body: stream('hi', { model: 'no-such-model' }), status: 404, code: 'model_not_found' },
      { body: stream('hi'), headers: { authorization: 'Bearer rl-wrong' }, status: 401, code: 'invalid_api_key' },
      { body: stream('hi'), headers: { 'x-redline-cache': 'sometimes' }, status: 400, code: 'invalid_cache_hint' },
      // Not streamed, and a deterministic stream the exact cache would look up: both the app's to answer.
      { body: { model: 'fake-model', messages: [{ role: 'user', content: 'hi [[words:3]]' }] }, status: 200 },
      { body: stream('hi [[words:3]]', { temperature: 0 }), status: 200 },
    ];
    for (const { body, headers, status, code } of cases) {
      handed.length = 0;
      const response = await post(body, headers);
      const text = await response.text();
      expect({ status: response.status, body: text.slice(0, 120) }).toMatchObject({ status });
      if (code) expect(JSON.parse(text).error.code).toBe(code);
      expect(handed).toEqual([{ url: '/v1/chat/completions', rawBody: typeof body === 'string' ? body : JSON.stringify(body) }]);
    }
  });

  it('writes an exact-cache hit it holds in memory itself, with the chunks the app writes for that hit', async () => {
    const body = stream('a cached answer [[words:30]]', { temperature: 0, stream_options: { include_usage: true } });
    const events = async (response: Response) => {
      const text = await response.text();
      expect(text.trim().endsWith('data: [DONE]')).toBe(true);
      // The completion's id and clock differ per response; everything else must match.
      return text.split('\n\n').filter(Boolean).map((event) => event.replace(/"id":"chatcmpl-\w+"/, '"id":"x"').replace(/"created":\d+/, '"created":0'));
    };
    const db = redline.running.runtime.database.db;
    const rows = async () => (await db.select({ id: schema.responseCache.id }).from(schema.responseCache)).length;
    const before = await rows();
    const miss = await post(body);
    expect(miss.headers.get('x-redline-cache')).toBe('miss');
    await miss.text();
    // The answer is stored after its stream.
    for (let i = 0; i < 100 && (await rows()) === before; i++) await new Promise((r) => setTimeout(r, 20));

    // The first hit reads the table, on the app's full path.
    handed.length = 0;
    const first = await post(body);
    expect(first.headers.get('x-redline-cache')).toBe('hit');
    const fromApp = await events(first);
    expect(handed).toHaveLength(1);

    handed.length = 0;
    const second = await post(body, { 'x-request-id': 'trace-hit' });
    expect(second.status).toBe(200);
    expect(second.headers.get('x-redline-cache')).toBe('hit');
    expect(second.headers.get('x-request-id')).toBe('trace-hit');
    expect(second.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await events(second)).toEqual(fromApp);
    expect(fromApp.some((event) => event.includes('"usage":{'))).toBe(true);
    expect(handed).toEqual([]);
    expect(upstream.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(1);
    const metrics = await (await fetch(`${redline.url}/metrics`)).text();
    expect(metrics).toMatch(/redline_cache_requests_total\{kind="exact",outcome="hit"\} 2\b/);

    // Another user's identical request is not answered from the owner's entry.
    const user = await redline.running.runtime.users.create({ email: 'fast-path-other@example.com', password: 'password-123456' });
    const { secret } = await redline.running.runtime.users.createApiKey(user.id, 'test');
    const theirs = await post(body, { authorization: `Bearer ${secret}` });
    expect(theirs.headers.get('x-redline-cache')).toBe('miss');
    await theirs.text();
    expect(handed).toHaveLength(1);
  });

  it('leaves chunked bodies, other routes and requests without a key to the app untouched', async () => {
    const chunked = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json' },
      body: new Blob([JSON.stringify(stream('hi [[words:2]]'))]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(200);
    await chunked.text();
    const missingKey = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stream('hi')) });
    expect(missingKey.status).toBe(401);
    expect((await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${redline.apiKey}` } })).status).toBe(200);
    expect(handed.map((h) => [h.url, h.rawBody])).toEqual([
      ['/v1/chat/completions', null],
      ['/v1/chat/completions', null],
      ['/v1/models', null],
    ]);
  });
});
