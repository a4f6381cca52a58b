import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loremWords, startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import type { ChatRequest } from '../fake-upstream/types.js';
import { readEvents, startTestServer, type TestServer } from '../support/redline-server.js';

const lastChat = (upstream: FakeUpstream) =>
  upstream.requests.filter((r) => r.path.endsWith('/chat/completions') && !(r.body as ChatRequest | undefined)?.response_format).at(-1)?.body as ChatRequest & { reasoning_effort?: string };
const systemOf = (req: ChatRequest) => req.messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => String(m.content)).join('\n');

describe('reasoning in app turns', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['qwen3', 'o4-mini', 'gpt-4o'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'redline-reasoning-'));
    const providers = {
      compat: { kind: 'openai-compatible', baseURL: upstream.url, models: ['qwen3'] },
      openai: { kind: 'openai', baseURL: upstream.url, apiKey: 'sk-test', models: ['o4-mini', 'gpt-4o'] },
    };
    writeFileSync(path.join(dir, 'redline.config.json'), JSON.stringify({ providers, defaultModel: 'compat:qwen3', tools: { enabled: false } }));
    redline = await startTestServer({ env: { REDLINE_CONFIG: path.join(dir, 'redline.config.json') } });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  async function send(content: string, body: Record<string, unknown>) {
    const id = (await (await redline.api('POST', '/api/conversations', {})).json()).conversation.id;
    const events = await readEvents(await redline.api('POST', `/api/conversations/${id}/messages`, { content, ...body }));
    const done = events.find((e) => e.event === 'done')?.data.message;
    return { done, reasoning: events.filter((e) => e.event === 'reasoning').map((e) => e.data.text).join(''), request: lastChat(upstream) };
  }

  it('streams a model\'s reasoning apart from its answer and keeps it on the message', async () => {
    const { done, reasoning, request } = await send('Why is the sky blue? [[reasoning:6]]', { model: 'compat:qwen3', reasoning: 'high' });
    // An OpenAI-compatible server may or may not reason: it gets the effort and the instruction both.
    expect(request.reasoning_effort).toBe('high');
    expect(systemOf(request)).toContain('Start your reply with <think>');
    expect(reasoning).toContain(loremWords(6));
    expect(reasoning).toContain('Plan: read the question.');
    expect(done.content).toBe('You said: Why is the sky blue?');
    expect(done.metadata.reasoning).toEqual({ effort: 'high', text: reasoning });
  });

  it('asks nothing extra without the switch, and still shows reasoning the model streams', async () => {
    const { done, reasoning, request } = await send('Hello [[reasoning:3]]', { model: 'compat:qwen3' });
    expect(request.reasoning_effort).toBeUndefined();
    expect(systemOf(request)).not.toContain('<think>');
    expect(reasoning).toBe(loremWords(3));
    expect(done.content).toBe('You said: Hello');
    expect(done.metadata.reasoning).toEqual({ effort: null, text: loremWords(3) });
  });

  it('gives a reasoning model its effort, and a model without reasoning the think-harder instruction instead', async () => {
    const native = await send('Prove it', { model: 'openai:o4-mini', reasoning: 'low' });
    expect(native.request.reasoning_effort).toBe('low');
    expect(systemOf(native.request)).not.toContain('<think>');
    expect(native.done.content).toBe('You said: Prove it');

    const prompted = await send('Prove it', { model: 'openai:gpt-4o', reasoning: 'medium' });
    // gpt-4o rejects reasoning_effort, so it is not sent; the instruction is.
    expect(prompted.request.reasoning_effort).toBeUndefined();
    expect(systemOf(prompted.request)).toContain('Start your reply with <think>');
    expect(prompted.reasoning).toBe('Plan: read the question. Check: the answer repeats it.');
    expect(prompted.done.content).toBe('You said: Prove it');
  });

  it('passes /v1 reasoning_effort on, and streams the reasoning as reasoning_content', async () => {
    const res = await fetch(`${redline.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'compat:qwen3', reasoning_effort: 'medium', messages: [{ role: 'user', content: 'Hi [[reasoning:2]]' }] }),
    });
    const body = await res.json();
    expect(lastChat(upstream).reasoning_effort).toBe('medium');
    // /v1 adds no instruction of its own: the client's prompt is the prompt.
    expect(systemOf(lastChat(upstream))).toBe('');
    expect(body.choices[0].message).toMatchObject({ content: 'You said: Hi', reasoning_content: loremWords(2) });
  });

  it('refuses an unknown effort with a readable error', async () => {
    const id = (await (await redline.api('POST', '/api/conversations', {})).json()).conversation.id;
    const res = await redline.api('POST', `/api/conversations/${id}/messages`, { content: 'hi', reasoning: 'maximum' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/reasoning/);
  });
});
