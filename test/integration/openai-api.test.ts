import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { testStores } from '../support/test-database.js';

describe.each(testStores)('OpenAI-compatible API on %s', (store) => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let client: OpenAI;

  beforeAll(async () => {
    // Each fault test uses a model of its own: provider health (circuit breakers) is tracked per provider:model.
    upstream = await startFakeUpstream({ models: ['fake-model', 'fake-model-2', 'limited', 'broken', 'html', 'cut'] });
    redline = await startTestServer({ store, env: { OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'upstream-key' } });
    client = new OpenAI({ apiKey: redline.apiKey, baseURL: `${redline.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });
  beforeEach(() => upstream.reset());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${redline.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('lists the upstream models as provider:model', async () => {
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toEqual(expect.arrayContaining(['openai:fake-model', 'openai:fake-model-2']));
    expect(list.data.map((m) => m.id)).not.toContain('fake-model');
  });

  it('streams an answer chunk by chunk with usage at the end', async () => {
    const stream = await client.chat.completions.create({
      model: 'openai:fake-model',
      messages: [{ role: 'user', content: 'hello there' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('You said: hello there');
    expect(chunks).toBeGreaterThan(3);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  it("relays a stream as the upstream sent it, fields Redline does not model included", async () => {
    const response = await post({ model: 'openai:fake-model', stream: true, messages: [{ role: 'user', content: 'hello there' }] });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-redline-cache')).toBe('bypass');
    const text = await response.text();
    // The fake's own id and fingerprint: the bytes were not re-encoded on the way.
    expect(text).toMatch(/"id":"chatcmpl-fake-\d+"/);
    expect(text).toContain('"system_fingerprint":"fp_fake"');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    // The upstream got the model name it knows and the client's parameters.
    expect(upstream.requests.at(-1)?.body).toMatchObject({ model: 'fake-model', stream: true });
  });

  it('answers non-streaming requests and passes sampling parameters upstream', async () => {
    const completion = await client.chat.completions.create({
      model: 'fake-model',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'ping' },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
      seed: 7,
      stop: ['zzz'],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0].message.content).toBe('You said: ping');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    const sent = upstream.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent).toMatchObject({ model: 'fake-model', temperature: 0.2, top_p: 0.9, max_tokens: 50, seed: 7, stop: ['zzz'] });
  });

  it('truncates at max_tokens with finish_reason length', async () => {
    const completion = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: '[[words:50]]' }], max_tokens: 5 });
    expect(completion.choices[0].finish_reason).toBe('length');
  });

  it('passes tool calls through', async () => {
    const completion = await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'weather? [[tool:get_weather {"city":"Paris"}]]' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    const call = completion.choices[0].message.tool_calls?.[0];
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });

    const stream = await client.chat.completions.create({
      model: 'fake-model',
      stream: true,
      messages: [{ role: 'user', content: '[[tool:get_weather {"city":"Oslo"}]]' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
    });
    let args = '';
    let name = '';
    for await (const chunk of stream) {
      for (const tc of chunk.choices[0]?.delta?.tool_calls ?? []) {
        name += tc.function?.name ?? '';
        args += tc.function?.arguments ?? '';
      }
    }
    expect(name).toBe('get_weather');
    expect(JSON.parse(args)).toEqual({ city: 'Oslo' });
  });

  it('rejects a missing or wrong API key with 401', async () => {
    const none = await fetch(`${redline.url}/v1/models`);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe('missing_api_key');
    const wrong = await fetch(`${redline.url}/v1/models`, { headers: { authorization: 'Bearer rl-nope' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
  });

  it('answers malformed and invalid bodies with 400 in OpenAI error shape', async () => {
    const malformed = await post('{"model": "fake-model", "messages": [');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });

    const wrongType = await post({ model: 'fake-model', messages: 'hello' });
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).error.param).toBe('messages');

    const empty = await post({ model: 'fake-model', messages: [] });
    expect(empty.status).toBe(400);

    const badTemp = await post({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }], temperature: 9 });
    expect(badTemp.status).toBe(400);
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const response = await post({ model: 'nope:missing', messages: [{ role: 'user', content: 'x' }] });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('model_not_found');
    // A model the upstream does not know is 404 too.
    const upstreamUnknown = await post({ model: 'openai:not-a-model', messages: [{ role: 'user', content: 'x' }] });
    expect(upstreamUnknown.status).toBe(404);
  });

  it('answers an oversized body with 413', async () => {
    const response = await post({ model: 'fake-model', messages: [{ role: 'user', content: 'x'.repeat(5 * 1024 * 1024) }] });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('request_too_large');
  });

  it('maps upstream failures to 429, 502 and carries a request id', async () => {
    const limited = await post({ model: 'limited', messages: [{ role: 'user', content: 'x [[error:429]]' }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();

    const broken = await post({ model: 'broken', stream: true, messages: [{ role: 'user', content: 'x [[error:500]]' }] });
    expect(broken.status).toBe(502);
    const body = await broken.json();
    expect(body.error.code).toBe('upstream_error');
    expect(body.error.request_id).toBe(broken.headers.get('x-request-id'));
  });

  it('answers 502 when the upstream sends HTML instead of JSON, streaming or not', async () => {
    const plain = await post({ model: 'html', messages: [{ role: 'user', content: 'x [[html]]' }] });
    expect(plain.status).toBe(502);
    const streamed = await post({ model: 'html', stream: true, messages: [{ role: 'user', content: 'x [[html]]' }] });
    expect(streamed.status).toBe(502);
    expect((await streamed.json()).error.message).toMatch(/invalid response|stream ended/i);
  });

  it('reports a stream cut mid-way as an error event after the text received', async () => {
    const response = await post({ model: 'cut', stream: true, messages: [{ role: 'user', content: '[[words:30]] [[cut:5]]' }] });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('"content"');
    expect(text).toMatch(/"error":\{/);
    // The server keeps serving.
    const after = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'still there?' }] });
    expect(after.choices[0].message.content).toBe('You said: still there?');
  });

  it('answers 503 when the upstream refuses connections', async () => {
    const dead = await startFakeUpstream();
    const url = dead.url;
    await dead.close();
    const other = await startTestServer({ store: 'pglite', env: { OPENAI_BASE_URL: url, OPENAI_MODELS: 'fake-model' } });
    try {
      const response = await fetch(`${other.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe('upstream_unreachable');
    } finally {
      await other.close();
    }
  });

  it('stops the upstream request when the client leaves before the first token', async () => {
    const abortedBefore = upstream.stats().byOutcome.aborted ?? 0;
    const abort = new AbortController();
    const pending = fetch(`${redline.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'hello [[ttft:3000]]' }] }),
      signal: abort.signal,
    }).catch((error: unknown) => error);
    await expect.poll(() => upstream.stats().active, { timeout: 2000 }).toBe(1);
    abort.abort();
    await pending;
    // Well before the upstream's first token: only an abort can end the request this early.
    await expect.poll(() => upstream.stats().active, { timeout: 1500 }).toBe(0);
    expect(upstream.stats().byOutcome.aborted ?? 0).toBe(abortedBefore + 1);
  });

  it('stops the upstream request when the client disconnects', async () => {
    const abort = new AbortController();
    const response = await post({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: '[[words:400]] [[delay:20]]' }] });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    abort.abort();
    await expect.poll(() => upstream.stats().active, { timeout: 3000 }).toBe(0);
    expect(upstream.stats().byOutcome.aborted ?? 0).toBeGreaterThanOrEqual(1);
    // Leaving is the client's doing: the provider's circuit breaker counts no failure.
    const health = (await (await fetch(`${redline.url}/healthz`)).json()) as { providers: { key: string; failures: number }[] };
    expect(health.providers.find((p) => p.key === 'openai:fake-model')?.failures ?? 0).toBe(0);
    // The relayed call is settled as aborted: its breaker permit is back and the metric says so.
    await expect
      .poll(async () => (await (await fetch(`${redline.url}/metrics`)).text()).match(/redline_model_requests_total\{provider="openai",model="fake-model",outcome="aborted"\} (\d+)/)?.[1], { timeout: 3000 })
      .toBeDefined();
  });
});
