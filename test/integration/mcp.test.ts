import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { McpManager, McpToolError, ToolRunner, type McpServerConfig, type Tool } from '../../src/tools/index.js';
import { echoResponder, startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import type { ChatRequest } from '../fake-upstream/types.js';
import { startHttpMcpServer, type HttpMcpServer } from '../fixtures/mcp/http-server.js';
import { readEvents, startTestServer, type TestServer } from '../support/redline-server.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/mcp');
const stdioScript = path.join(fixtures, 'stdio-server.mjs');
const logger = pino({ level: 'silent' });
const context = () => ({ userId: 'u1', conversationId: null, signal: new AbortController().signal });

const stdio = (id: string, over: Partial<McpServerConfig> = {}): McpServerConfig => ({
  id,
  transport: { kind: 'stdio', command: process.execPath, args: [stdioScript], env: {}, cwd: null },
  enabled: true,
  tools: null,
  disabledTools: [],
  timeoutMs: 10_000,
  ...over,
});
const http = (id: string, url: string, headers: Record<string, string> = {}): McpServerConfig => ({ id, transport: { kind: 'http', url, headers }, enabled: true, tools: null, disabledTools: [], timeoutMs: 10_000 });

const managers: McpManager[] = [];
async function started(servers: McpServerConfig[], options: { retry?: { baseMs: number; maxMs: number } } = {}): Promise<McpManager> {
  const manager = new McpManager({ servers, logger, connectTimeoutMs: 5000, ...options });
  managers.push(manager);
  await manager.start({ waitMs: 10_000 });
  return manager;
}
const byName = (manager: McpManager, name: string): Tool => {
  const tool = manager.tools().find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}; have ${manager.tools().map((t) => t.name).join(', ')}`);
  return tool;
};
const run = (manager: McpManager, name: string, input: Record<string, unknown> = {}) => byName(manager, name).run(input, context());
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

describe('MCP servers over stdio', () => {
  it('offers the server tools under its prefix, with their descriptions and schemas, and runs them', async () => {
    const mcp = await started([stdio('fixture')]);
    expect(mcp.tools().map((t) => t.name)).toEqual(['fixture__add', 'fixture__echo', 'fixture__fail', 'fixture__pid', 'fixture__picture', 'fixture__slow', 'fixture__grow']);
    const add = byName(mcp, 'fixture__add');
    expect(add.description).toBe('Adds two numbers.');
    expect(add.inputSchema).toMatchObject({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] });
    expect(byName(mcp, 'fixture__pid').inputSchema).toMatchObject({ type: 'object', properties: {} });
    expect(await run(mcp, 'fixture__add', { a: 2, b: 40 })).toEqual({ text: '42' });
    expect(await run(mcp, 'fixture__echo', { text: 'hello' })).toEqual({ text: 'hello' });
    expect(await run(mcp, 'fixture__picture')).toEqual({ text: 'A red dot.\n[image: image/png]' });
    expect(mcp.status()).toEqual([expect.objectContaining({ id: 'fixture', state: 'ready', error: null })]);
  });

  it('raises an isError result as an error with the server text, which the runner gives back to the model', async () => {
    const mcp = await started([stdio('fixture')]);
    const failure = await run(mcp, 'fixture__fail', { reason: 'disk full' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(McpToolError);
    expect((failure as Error).message).toBe('It went wrong: disk full');

    const runner = new ToolRunner([], { extraTools: () => mcp.tools() });
    const { part, record } = await runner.run({ toolCallId: 'c1', toolName: 'fixture__fail', input: '{"reason":"disk full"}' }, { ...context(), step: 0 });
    expect(part.output).toEqual({ type: 'error-text', value: 'It went wrong: disk full' });
    expect(record.error).toBe('It went wrong: disk full');
    // Arguments the server's schema rejects come back as the server's own error.
    const bad = await runner.run({ toolCallId: 'c2', toolName: 'fixture__add', input: '{"a":"two"}' }, { ...context(), step: 0 });
    expect(bad.part.output).toMatchObject({ type: 'error-text', value: expect.stringMatching(/invalid/i) });
  });

  it('respects the allow-list and disabledTools', async () => {
    const mcp = await started([stdio('only', { tools: ['add', 'echo', 'missing'], disabledTools: ['echo'] }), stdio('most', { disabledTools: ['fail', 'slow', 'grow', 'picture'] }), stdio('off', { enabled: false })]);
    expect(mcp.tools().map((t) => t.name)).toEqual(['only__add', 'most__add', 'most__echo', 'most__pid']);
    expect(mcp.status().map((s) => s.id)).toEqual(['only', 'most']);
  });

  it('keeps the other servers when one fails to start, and says why', async () => {
    const mcp = await started([
      stdio('broken', { transport: { kind: 'stdio', command: process.execPath, args: [path.join(fixtures, 'no-such-server.mjs')], env: {}, cwd: null } }),
      stdio('absent', { transport: { kind: 'stdio', command: 'redline-no-such-command', args: [], env: {}, cwd: null } }),
      http('refused', 'http://127.0.0.1:9/mcp'),
      stdio('fixture'),
      // No retry during the test: on a loaded machine the first one came before the status was read.
    ], { retry: { baseMs: 60_000, maxMs: 60_000 } });
    expect(mcp.tools().every((t) => t.name.startsWith('fixture__'))).toBe(true);
    expect(await run(mcp, 'fixture__add', { a: 1, b: 1 })).toEqual({ text: '2' });
    const status = Object.fromEntries(mcp.status().map((s) => [s.id, s]));
    expect(status.broken).toMatchObject({ state: 'down', tools: [], error: expect.stringContaining('Cannot find module') });
    expect(status.absent).toMatchObject({ state: 'down', error: expect.stringContaining('ENOENT') });
    expect(status.refused).toMatchObject({ state: 'down', error: expect.stringContaining('SSE') });
  });

  it('does not wait past the bound for a server that never answers', async () => {
    const silent = stdio('silent', { transport: { kind: 'stdio', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], env: {}, cwd: null } });
    const mcp = new McpManager({ servers: [silent, stdio('fixture')], logger, connectTimeoutMs: 30_000 });
    managers.push(mcp);
    const before = Date.now();
    await mcp.start({ waitMs: 1500 });
    expect(Date.now() - before).toBeLessThan(3000);
    expect(mcp.status().map((s) => s.state)).toEqual(['connecting', 'ready']);
    expect(mcp.tools().length).toBeGreaterThan(0);
    // Shutdown abandons the attempt in flight instead of waiting out its 30 s.
    const closing = Date.now();
    await mcp.close();
    expect(Date.now() - closing).toBeLessThan(5000);
  });

  it('ends the child process on close', async () => {
    const mcp = await started([stdio('fixture')]);
    const pid = Number((await run(mcp, 'fixture__pid')).text);
    expect(alive(pid)).toBe(true);
    await mcp.close();
    expect(alive(pid)).toBe(false);
    expect(mcp.tools()).toEqual([]);
    expect(mcp.status()[0].state).toBe('closed');
  });

  it('reconnects with backoff after the server dies, and connects a server that comes up later', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'redline-mcp-'));
    const later = path.join(dir, 'later.mjs');
    const mcp = await started([stdio('fixture'), stdio('later', { transport: { kind: 'stdio', command: process.execPath, args: [later], env: {}, cwd: null } })], { retry: { baseMs: 100, maxMs: 400 } });
    // Its file does not exist yet: down, or already retrying (100 ms backoff), and offering nothing.
    expect(['down', 'connecting']).toContain(mcp.status()[1].state);
    expect(mcp.tools().some((t) => t.name.startsWith('later__'))).toBe(false);

    const pid = Number((await run(mcp, 'fixture__pid')).text);
    process.kill(pid, 'SIGKILL');
    await until(() => mcp.status()[0].state !== 'ready');
    expect(mcp.tools().some((t) => t.name.startsWith('fixture__'))).toBe(false);
    await until(() => mcp.status()[0].state === 'ready');
    expect(Number((await run(mcp, 'fixture__pid')).text)).not.toBe(pid);

    writeFileSync(later, `import ${JSON.stringify(stdioScript)};\n`);
    await until(() => mcp.tools().some((t) => t.name === 'later__echo'));
  });

  it('re-lists the tools when the server says its list changed', async () => {
    const mcp = await started([stdio('fixture')]);
    expect(mcp.tools().some((t) => t.name === 'fixture__late')).toBe(false);
    await run(mcp, 'fixture__grow');
    await until(() => mcp.tools().some((t) => t.name === 'fixture__late'));
    expect(await run(mcp, 'fixture__late')).toEqual({ text: 'late answer' });
  });

  it('honours the call signal and the per-call timeout', async () => {
    const mcp = await started([stdio('fixture', { timeoutMs: 300 })]);
    const slow = byName(mcp, 'fixture__slow');
    expect(slow.timeoutMs).toBe(300);
    const controller = new AbortController();
    const call = slow.run({ ms: 5000 }, { ...context(), signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user stopped')), 50);
    const before = Date.now();
    await expect(call).rejects.toThrow('user stopped');
    expect(Date.now() - before).toBeLessThan(1000);

    const runner = new ToolRunner([], { extraTools: () => mcp.tools() });
    const { record } = await runner.run({ toolCallId: 'c1', toolName: 'fixture__slow', input: '{"ms":5000}' }, { ...context(), step: 0 });
    expect(record.error).toContain('took longer than 300 ms');
    // The server is still usable after the cancelled calls.
    expect(await run(mcp, 'fixture__add', { a: 1, b: 2 })).toEqual({ text: '3' });
  });
});

describe('MCP servers over HTTP', () => {
  let streamable: HttpMcpServer;
  let sse: HttpMcpServer;
  beforeAll(async () => {
    streamable = await startHttpMcpServer({ transport: 'streamable', pageSize: 1 });
    sse = await startHttpMcpServer({ transport: 'sse', pageSize: 2 });
  });
  afterAll(async () => {
    await streamable?.close();
    await sse?.close();
  });

  it('speaks streamable HTTP, follows tools/list pages, cleans names and sends the configured headers', async () => {
    const mcp = await started([http('web', streamable.url, { 'x-test-token': 'secret-1' })]);
    expect(mcp.tools().map((t) => t.name)).toEqual(['web__multiply', 'web__whoami', 'web__weird_name_with_spaces']);
    expect(streamable.listPages).toBeGreaterThanOrEqual(3);
    expect(await run(mcp, 'web__multiply', { a: 6, b: 7 })).toEqual({ text: '42' });
    expect(await run(mcp, 'web__whoami')).toEqual({ text: 'secret-1' });
    expect(await run(mcp, 'web__weird_name_with_spaces')).toEqual({ text: 'called weird.name with spaces' });
  });

  it('falls back to the SSE transport when streamable HTTP is refused', async () => {
    const mcp = await started([http('legacy', sse.url, { 'x-test-token': 'secret-2' })]);
    expect(mcp.status()[0]).toMatchObject({ state: 'ready' });
    expect(mcp.tools().map((t) => t.name)).toEqual(['legacy__multiply', 'legacy__whoami', 'legacy__weird_name_with_spaces']);
    expect(await run(mcp, 'legacy__whoami')).toEqual({ text: 'secret-2' });
  });
});

describe('tools.mcp in the config file', () => {
  const load = (tools: unknown) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'redline-mcp-config-'));
    writeFileSync(path.join(dir, 'redline.config.json'), JSON.stringify({ tools }));
    return loadConfig({ REDLINE_DATA_DIR: dir, MCP_TOKEN: 't0k' }, dir);
  };

  it('reads stdio and HTTP servers with their defaults', () => {
    const config = load({ mcp: { files: { command: 'npx', args: ['-y', 'server-files'], cwd: 'work' }, remote: { url: 'https://mcp.example.com/mcp', headers: { authorization: 'Bearer ${MCP_TOKEN}' }, tools: ['search'], timeoutSeconds: 5 } } });
    expect(config.tools.mcp).toEqual([
      { id: 'files', transport: { kind: 'stdio', command: 'npx', args: ['-y', 'server-files'], env: {}, cwd: expect.stringMatching(/redline-mcp-config-.*[/\\]work$/) }, enabled: true, tools: null, disabledTools: [], timeoutMs: 30_000 },
      { id: 'remote', transport: { kind: 'http', url: 'https://mcp.example.com/mcp', headers: { authorization: 'Bearer t0k' } }, enabled: true, tools: ['search'], disabledTools: [], timeoutMs: 5000 },
    ]);
  });

  it('says what is wrong with an entry', () => {
    expect(() => load({ mcp: { both: { command: 'x', url: 'http://a/mcp' } } })).toThrow(/tools\.mcp\.both: give either "command".*or "url"/);
    expect(() => load({ mcp: { none: { args: ['x'] } } })).toThrow(/tools\.mcp\.none: needs "command"/);
    expect(() => load({ mcp: { mixed: { url: 'http://a/mcp', env: { A: '1' } } } })).toThrow(/tools\.mcp\.mixed\.env: "env" applies to a "command" server only/);
    expect(() => load({ mcp: { ftp: { url: 'ftp://a/mcp' } } })).toThrow(/tools\.mcp\.ftp\.url: must be an http/);
    expect(() => load({ mcp: { 'bad id!': { command: 'x' } } })).toThrow(ConfigError);
    expect(() => load({ mcp: { typo: { command: 'x', disabledTool: ['a'] } } })).toThrow(/disabledTool/);
  });
});

describe('MCP tools in app turns', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ respond: echoResponder });
    const dir = mkdtempSync(path.join(tmpdir(), 'redline-mcp-app-'));
    writeFileSync(
      path.join(dir, 'redline.config.json'),
      JSON.stringify({
        providers: { openai: { kind: 'openai-compatible', baseURL: upstream.url } },
        tools: { disabled: ['fixture__echo'], mcp: { fixture: { command: process.execPath, args: [stdioScript], tools: ['add', 'echo', 'pid'] } } },
      }),
    );
    redline = await startTestServer({ env: { REDLINE_CONFIG: path.join(dir, 'redline.config.json') } });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  it("offers the server's tools to the model, runs its call on the server, and ends the server with the app", async () => {
    const id = (await (await redline.api('POST', '/api/conversations', {})).json()).conversation.id;
    const events = await readEvents(await redline.api('POST', `/api/conversations/${id}/messages`, { content: 'Add them [[tool:fixture__add {"a":2,"b":40}]]' }));
    const done = events.find((e) => e.event === 'done')?.data.message;
    expect(done).toMatchObject({ status: 'complete', content: 'Tool result: 42' });
    expect(done.metadata.toolCalls).toEqual([expect.objectContaining({ name: 'fixture__add', input: { a: 2, b: 40 }, output: '42', error: null })]);
    const offered = (upstream.requests.find((r) => r.path.endsWith('/chat/completions'))?.body as ChatRequest).tools as { function: { name: string } }[];
    const names = offered.map((t) => t.function.name);
    expect(names).toEqual(expect.arrayContaining(['calculator', 'fixture__add', 'fixture__pid']));
    expect(names).not.toContain('fixture__echo');

    const pidTurn = await readEvents(await redline.api('POST', `/api/conversations/${id}/messages`, { content: 'Which process? [[tool:fixture__pid {}]]' }));
    const pid = Number(pidTurn.find((e) => e.event === 'done')?.data.message.metadata.toolCalls[0].output);
    expect(alive(pid)).toBe(true);
    await redline.close();
    expect(alive(pid)).toBe(false);
  });
});
