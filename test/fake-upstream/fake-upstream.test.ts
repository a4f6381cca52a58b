import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { jsonSchema, streamText, tool } from 'ai';
import { connect } from 'node:net';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cosine, loremWords, startFakeUpstream, startFakeUpstreams, tokenize, type FakeUpstream } from './index.js';

let fake: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeUpstream({ name: 'alpha' });
  client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test', maxRetries: 0 });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.reset();
  fake.setResponder(undefined);
  fake.setTokenDelay(0);
});

/** POSTs a chat request with fetch; the body defaults to a streaming request saying `content`. */
function post(content: string, extra: Record<string, unknown> = {}, init: RequestInit = {}): Promise<Response> {
  const body = { model: 'fake-model', stream: true, messages: [{ role: 'user', content }], ...extra };
  return fetch(`${fake.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}

/** Reads a whole SSE body: the data lines, and the error if the stream broke. */
async function readSse(res: Response): Promise<{ data: string[]; error?: unknown }> {
  // Read chunk by chunk: res.text() would throw away what arrived before a cut.
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  let error: unknown;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
  } catch (err) {
    error = err;
  }
  const data = text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice('data: '.length));
  return { data, error };
}

/** Joins the `delta.content` of parsed chunks. */
function contentOf(data: string[]): string {
  return data
    .filter((d) => d !== '[DONE]')
    .map((d) => JSON.parse(d) as { choices: { delta: { content?: string } }[] })
    .map((c) => c.choices[0]?.delta.content ?? '')
    .join('');
}

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function apiError(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpenAI.APIError);
  return err as InstanceType<typeof OpenAI.APIError>;
}

describe('wire format', () => {
  it('lists models', async () => {
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toEqual(['fake-model', 'fake-model-2']);
    expect(list.data[0]).toMatchObject({ object: 'model', owned_by: 'alpha' });
  });

  it('streams the echo with the openai client, with a usage chunk when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'fake-model-2',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'ignored' },
        { role: 'user', content: [{ type: 'text', text: 'Hello brave new world' }] },
      ],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks[0].id).toMatch(/^chatcmpl-alpha-/);
    expect(chunks[0].model).toBe('fake-model-2');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('You said: Hello brave new world');
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
    expect(contentChunks.map((c) => c.choices[0].delta.content)).toEqual(tokenize(text));
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    const usage = chunks.at(-1);
    expect(usage?.choices).toEqual([]);
    expect(usage?.usage).toEqual({ prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 });
  });

  it('ends with [DONE] and sends no usage chunk unless asked', async () => {
    const { data } = await readSse(await post('hi'));
    expect(data.at(-1)).toBe('[DONE]');
    expect(data.some((d) => d.includes('"usage"'))).toBe(false);
    expect(contentOf(data)).toBe('You said: hi');
  });

  it('answers non-streaming requests with a chat.completion', async () => {
    const completion = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'ping' }] });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0].message).toMatchObject({ role: 'assistant', content: 'You said: ping' });
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 });
  });

  it('truncates at max_tokens with finish_reason length, and honours stop', async () => {
    const long = await client.chat.completions.create({
      model: 'fake-model',
      max_completion_tokens: 5,
      messages: [{ role: 'user', content: '[[words:50]]' }],
    });
    expect(long.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: loremWords(5) } });
    const stopped = await client.chat.completions.create({ model: 'fake-model', stop: [':'], messages: [{ role: 'user', content: 'x' }] });
    expect(stopped.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'You said' } });
  });

  it('streams tool calls the openai client can assemble', async () => {
    const stream = await client.chat.completions.create({
      model: 'fake-model',
      stream: true,
      messages: [{ role: 'user', content: 'weather? [[tool:get_weather {"city":"Paris","unit":"celsius"}]]' }],
    });
    const args: string[] = [];
    let name = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        name ||= call.function?.name ?? '';
        args.push(call.function?.arguments ?? '');
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('get_weather');
    expect(args.filter(Boolean).length).toBeGreaterThan(1); // split across chunks, as real providers do
    expect(JSON.parse(args.join(''))).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(finish).toBe('tool_calls');
  });

  it('works with the AI SDK provider: text, reasoning, usage and tool calls', async () => {
    const provider = createOpenAICompatible({ name: 'fake', baseURL: fake.url, includeUsage: true });
    const result = streamText({ model: provider('fake-model'), prompt: 'Hi there [[reasoning:3]]', maxRetries: 0 });
    expect(await result.text).toBe('You said: Hi there');
    expect(await result.reasoningText).toBe(loremWords(3));
    expect((await result.usage).outputTokens).toBe(7);

    fake.setResponder(() => ({ toolCalls: [{ name: 'add', arguments: '{"a":1,"b":2}' }] }));
    const add = tool({ inputSchema: jsonSchema<{ a: number; b: number }>({ type: 'object' }) });
    const calls = await streamText({ model: provider('fake-model'), prompt: 'add', tools: { add }, maxRetries: 0 }).toolCalls;
    expect(calls.map((c) => [c.toolName, c.input])).toEqual([['add', { a: 1, b: 2 }]]);
  });

  it('records requests, capped', async () => {
    const small = await startFakeUpstream({ maxRecorded: 2 });
    for (const word of ['a', 'b', 'c']) {
      await fetch(`${small.url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer anything' },
        body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: word }] }),
      }).then((r) => r.text());
    }
    await until(() => small.stats().active === 0);
    expect(small.requests.map((r) => (r.body as { messages: { content: string }[] }).messages[0].content)).toEqual(['b', 'c']);
    expect(small.requests[1]).toMatchObject({ path: '/v1/chat/completions', outcome: 'ok', status: 200 });
    expect(small.requests[1].headers.authorization).toBe('Bearer anything');
    expect(small.stats()).toMatchObject({ total: 3, byOutcome: { ok: 3 }, active: 0 });
    await small.close();
  });
});

describe('client errors', () => {
  it('answers 404 model_not_found for an unknown model', async () => {
    const err = await apiError(client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }));
    expect(err.status).toBe(404);
    expect(err.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found' });
  });

  it('answers 400 to bad JSON and to a missing messages field', async () => {
    const bad = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{"model":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    const missing = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{"model":"fake-model"}' });
    expect(missing.status).toBe(400);
    expect(fake.stats().byOutcome.bad_request).toBe(2);
  });

  it('answers 401 to a wrong key when apiKey is set', async () => {
    const locked = await startFakeUpstream({ apiKey: 'sk-right' });
    const wrong = new OpenAI({ baseURL: locked.url, apiKey: 'sk-wrong', maxRetries: 0 });
    expect((await apiError(wrong.models.list())).status).toBe(401);
    const right = new OpenAI({ baseURL: locked.url, apiKey: 'sk-right', maxRetries: 0 });
    expect((await right.models.list()).data).toHaveLength(2);
    await locked.close();
  });
});

describe('faults', () => {
  it('fails with errorStatus and OpenAI error JSON', async () => {
    fake.setFaults({ errorRate: 1, errorStatus: 503 });
    const err = await apiError(client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }));
    expect(err.status).toBe(503);
    expect(err.error).toMatchObject({ type: 'server_error' });
    expect(fake.stats().byOutcome.error).toBe(1);
  });

  it('rate-limits with 429 and Retry-After, also by directive', async () => {
    fake.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
    const err = await apiError(client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }));
    expect(err.status).toBe(429);
    expect(err.headers?.get('retry-after')).toBe('7');
    fake.setFaults({});
    const res = await post('x [[error:429]]');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(fake.stats().byOutcome.rate_limited).toBe(2);
  });

  it('cuts the stream after N chunks, without [DONE]', async () => {
    fake.setFaults({ cutRate: 1, cutAfterChunks: 2 });
    const { data, error } = await readSse(await post('one two three four'));
    expect(error).toBeInstanceOf(Error);
    expect(data).not.toContain('[DONE]');
    expect(contentOf(data)).toBe('You said:');
    await until(() => fake.stats().active === 0);
    expect(fake.requests[0].outcome).toBe('cut');
  });

  it('cuts by directive too, and the openai client sees the stream break', async () => {
    const stream = await client.chat.completions.create({
      model: 'fake-model',
      stream: true,
      messages: [{ role: 'user', content: '[[words:20]] [[cut:4]]' }],
    });
    let text = '';
    await expect(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    ).rejects.toThrow();
    expect(text).toBe(loremWords(4));
  });

  it('stalls after headers until the client aborts, then frees the request', async () => {
    fake.setFaults({ stallRate: 1 });
    const abort = new AbortController();
    const res = await post('x', {}, { signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(fake.stats()).toMatchObject({ active: 1, byOutcome: { stall: 1 } });
    abort.abort();
    await until(() => fake.stats().active === 0);
    expect(fake.requests[0].outcome).toBe('stall');
  });

  it('stops the stream timers when the client aborts mid-stream', async () => {
    fake.setTokenDelay(20);
    const abort = new AbortController();
    const res = await post('[[words:500]]', {}, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await until(() => fake.stats().active === 0);
    expect(fake.requests[0].outcome).toBe('aborted');
    expect(fake.requests[0].durationMs).toBeLessThan(1000);
  });

  it('sends one chunk that is not JSON when malformed', async () => {
    const { data } = await readSse(await post('a b c [[malformed]]'));
    const broken = data.filter((d) => {
      try {
        JSON.parse(d);
        return false;
      } catch {
        return d !== '[DONE]';
      }
    });
    expect(broken).toHaveLength(1);
    expect(data.at(-1)).toBe('[DONE]');
    expect(contentOf(data.filter((d) => !broken.includes(d)))).toBe('You said: a b c');
    expect(fake.stats().byOutcome.malformed).toBe(1);
  });

  it('answers 200 with an HTML page', async () => {
    fake.setFaults({ htmlRate: 1 });
    const res = await post('x');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<html>');
  });

  it('delays the first token (ttft) and each chunk', async () => {
    const started = performance.now();
    const res = await post('a b [[ttft:120]] [[delay:30]]');
    const headersAt = performance.now() - started;
    const { data } = await readSse(res);
    const total = performance.now() - started;
    expect(headersAt).toBeLessThan(100); // headers go out at once, like vLLM
    expect(total).toBeGreaterThanOrEqual(120 + 3 * 30 - 5);
    expect(contentOf(data)).toBe('You said: a b');
  });

  it('applies latency from the fault model', async () => {
    fake.setFaults({ latency: { kind: 'fixed', ms: 80 } });
    const started = performance.now();
    await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('refuses connections, then really closes and reopens the port', async () => {
    const [dead] = await startFakeUpstreams(1);
    const ping = () => fetch(`${dead.url}/models`).then((r) => r.status);
    expect(await ping()).toBe(200);
    dead.setFaults({ refuseConnections: true });
    await expect(ping()).rejects.toThrow();
    dead.setFaults({});
    await dead.stopListening();
    // A fresh socket, not fetch: a pooled keep-alive socket may first report 'other side closed'.
    const refused = await new Promise((resolve) => connect(dead.port, '127.0.0.1').once('error', resolve).once('connect', resolve));
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    await expect(ping()).rejects.toThrow();
    await dead.startListening();
    expect(await ping()).toBe(200);
    await dead.close();
  });

  it('is reproducible with a seed', async () => {
    const fates = async (): Promise<number[]> => {
      const seeded = await startFakeUpstream({ seed: 7, faults: { errorRate: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await fetch(`${seeded.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }) })).status);
      await seeded.close();
      return statuses;
    };
    const first = await fates();
    expect(await fates()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500]));
  });
});

describe('embeddings', () => {
  it('places similar texts closer than unrelated ones', async () => {
    const res = await client.embeddings.create({
      model: 'fake-embedding',
      input: ['How do I reset my password?', 'how to reset a password', 'best pizza in Naples'],
      encoding_format: 'float',
    });
    const [a, b, c] = res.data.map((d) => d.embedding);
    expect(a).toHaveLength(64);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c) + 0.3);
    expect(res.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('serves base64 (the openai client default) with the same vectors', async () => {
    const viaBase64 = await client.embeddings.create({ model: 'fake-embedding', input: 'hello', dimensions: 16 });
    const raw = await fetch(`${fake.url}/embeddings`, { method: 'POST', body: JSON.stringify({ model: 'm', input: 'hello', dimensions: 16 }) });
    const floats = ((await raw.json()) as { data: { embedding: number[] }[] }).data[0].embedding;
    expect(viaBase64.data[0].embedding).toHaveLength(16);
    viaBase64.data[0].embedding.forEach((x, i) => expect(x).toBeCloseTo(floats[i], 6));
  });
});
