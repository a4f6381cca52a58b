import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoResponder, startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import type { ChatRequest } from '../fake-upstream/types.js';
import { readEvents, startTestServer, type TestServer } from '../support/redline-server.js';

const chatRequests = (upstream: FakeUpstream) => upstream.requests.filter((r) => r.path.endsWith('/chat/completions') && !(r.body as ChatRequest | undefined)?.response_format).map((r) => r.body as ChatRequest);

async function send(redline: TestServer, content: string, api = redline.api.bind(redline)) {
  const id = (await (await api('POST', '/api/conversations', {})).json()).conversation.id;
  const events = await readEvents(await api('POST', `/api/conversations/${id}/messages`, { content }));
  return { events, done: events.find((e) => e.event === 'done')?.data.message, tools: events.filter((e) => e.event === 'tool').map((e) => e.data.call) };
}

describe('tools in app turns', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let page: Server;
  let pageHost: string;
  beforeAll(async () => {
    // A model that keeps calling the clock while it is offered tools, and answers once it is not.
    upstream = await startFakeUpstream({
      respond: (req, ctx) => {
        if (!/keep calling/.test(JSON.stringify(req.messages[1] ?? ''))) return echoResponder(req, ctx);
        return req.tools?.length ? { toolCalls: [{ name: 'current_time', arguments: '{"timeZone":"Europe/Lisbon"}' }] } : 'Enough tools: here is my answer.';
      },
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'redline-tools-'));
    // A page server on loopback, allowed by name as an owner allows an intranet host.
    page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><head><title>Team wiki</title></head><body><article><p>The deploy freeze starts on Friday at 16:00 and lasts the whole weekend, for everyone.</p></article></body></html>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageHost = `127.0.0.1:${(page.address() as AddressInfo).port}`;
    writeFileSync(path.join(dir, 'redline.config.json'), JSON.stringify({ providers: { openai: { kind: 'openai-compatible', baseURL: upstream.url } }, tools: { maxSteps: 3, fetch: { allowHosts: [pageHost] } } }));
    redline = await startTestServer({ env: { REDLINE_CONFIG: path.join(dir, 'redline.config.json') } });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
    page?.closeAllConnections();
    page?.close();
  });

  it('runs the tools the model calls, streams them, keeps them on the answer and gives the results back to the model', async () => {
    const { done, tools } = await send(redline, 'What is 2^100, and the sum? [[tool:calculator {"expression":"2^100"}]] [[tool:run_javascript {"code":"console.log([1,2,3].reduce((a,b)=>a+b))"}]]');
    expect(tools.map((t) => [t.name, t.status])).toEqual([
      ['calculator', 'running'],
      ['run_javascript', 'running'],
      ['calculator', 'done'],
      ['run_javascript', 'done'],
    ]);
    expect(done).toMatchObject({ status: 'complete', content: 'Tool result: 6' });
    expect(done.metadata.toolCalls).toEqual([
      expect.objectContaining({ name: 'calculator', input: { expression: '2^100' }, output: '1267650600228229401496703205376', error: null, step: 0 }),
      expect.objectContaining({ name: 'run_javascript', output: '6', error: null, step: 0 }),
    ]);
    const [first, second] = chatRequests(upstream).slice(-2);
    expect((first.tools as { function: { name: string } }[]).map((t) => t.function.name).sort()).toEqual(['calculator', 'current_time', 'fetch_url', 'run_javascript', 'search_documents', 'search_past_chats']);
    expect(second.messages.filter((m) => m.role === 'tool').map((m) => m.content)).toEqual(['1267650600228229401496703205376', '6']);
    // Kept across a reload of the conversation.
    const stored = await (await redline.api('GET', `/api/conversations/${done.conversationId}`)).json();
    expect(stored.messages.at(-1).metadata.toolCalls).toHaveLength(2);
  });

  it('gives a failing call back to the model as an error, without failing the answer', async () => {
    const { done, tools } = await send(redline, 'Loop forever [[tool:run_javascript {"code":"while(true){}"}]]');
    expect(tools.at(-1)).toMatchObject({ name: 'run_javascript', status: 'error', error: expect.stringContaining('ran longer than') });
    expect(done.status).toBe('complete');
    expect(done.content).toContain('ran longer than');
  });

  it('stops offering tools after the step limit, and the model answers in text', async () => {
    const before = chatRequests(upstream).length;
    const { done, tools } = await send(redline, 'Please keep calling the clock');
    const calls = chatRequests(upstream).slice(before);
    expect(calls.map((c) => (c.tools ? 'tools' : 'none'))).toEqual(['tools', 'tools', 'tools', 'none']);
    expect(tools.filter((t) => t.status === 'done')).toHaveLength(3);
    expect(done).toMatchObject({ status: 'complete', content: 'Enough tools: here is my answer.' });
  });

  it('reads a page the user pasted, and refuses private and metadata addresses', async () => {
    const read = await send(redline, `Summarise http://${pageHost}/freeze [[tool:fetch_url {"url":"http://${pageHost}/freeze"}]]`);
    expect(read.done.metadata.toolCalls[0]).toMatchObject({ name: 'fetch_url', error: null });
    expect(read.done.metadata.toolCalls[0].output).toMatch(/^Title: Team wiki\nURL: .*\n\nThe deploy freeze starts on Friday/);
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://127.0.0.1:1/']) {
      const refused = await send(redline, `Open ${url} [[tool:fetch_url {"url":"${url}"}]]`);
      expect(refused.done.metadata.toolCalls[0].error).toMatch(/only fetches public addresses/);
      expect(refused.done.content).toMatch(/only fetches public addresses/);
    }
  });

  it("searches only the asking user's past chats", async () => {
    await send(redline, 'My secret word is pineapple');
    await redline.api('POST', '/api/users', { email: 'bob@example.com', name: 'Bob', password: 'correct horse' });
    const login = await fetch(`${redline.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bob@example.com', password: 'correct horse' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const bob = (method: string, p: string, body?: unknown) => fetch(`${redline.url}${p}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const asBob = await send(redline, 'Find it [[tool:search_past_chats {"query":"pineapple"}]]', bob);
    expect(asBob.done.metadata.toolCalls[0].output).toBe('No earlier conversation mentions "pineapple".');
    const asAlice = await send(redline, 'Find it [[tool:search_past_chats {"query":"pineapple"}]]');
    expect(asAlice.done.metadata.toolCalls[0].output).toContain('My secret word is pineapple');
  });

  it('never adds tools to the OpenAI-compatible API', async () => {
    const response = await fetch(`${redline.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai:fake-model', messages: [{ role: 'user', content: 'plain v1 call' }] }),
    });
    expect(response.status).toBe(200);
    expect(chatRequests(upstream).at(-1)!.tools).toBeUndefined();
  });
});

describe('a model that does not take tools', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ rejectTools: true });
    redline = await startTestServer({ env: { OPENAI_BASE_URL: upstream.url } });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  it('is asked again without tools, and not offered them after that', async () => {
    const first = await send(redline, 'hello there');
    expect(first.done).toMatchObject({ status: 'complete', content: 'You said: hello there' });
    await send(redline, 'and again');
    expect(chatRequests(upstream).map((c) => (c.tools ? 'tools' : 'none'))).toEqual(['tools', 'none', 'none']);
  });
});

describe('tools turned off', () => {
  it('sends no tools with REDLINE_TOOLS=0', async () => {
    const upstream = await startFakeUpstream();
    const redline = await startTestServer({ env: { OPENAI_BASE_URL: upstream.url, REDLINE_TOOLS: '0' } });
    try {
      expect((await send(redline, 'no tools please')).done.status).toBe('complete');
      expect(chatRequests(upstream).every((c) => !c.tools)).toBe(true);
    } finally {
      await redline.close();
      await upstream.close();
    }
  });
});
