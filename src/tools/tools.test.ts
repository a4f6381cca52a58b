import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calculator } from './calculator.js';
import { currentTimeTool } from './current-time.js';
import { runInSandbox } from './run-javascript.js';
import { searchChatsTool } from './search-chats.js';
import { ToolRunner } from './tool-runner.js';
import type { Tool } from './types.js';

const context = { userId: 'u1', conversationId: null, signal: new AbortController().signal };
const calc = (expression: string) => calculator.run({ expression }, context).then((r) => r.text);
const limits = { timeoutMs: 800, memoryBytes: 16 * 1024 * 1024, maxOutputChars: 200 };

describe('calculator', () => {
  it('is exact with decimals and big integers, and converts units', async () => {
    expect(await calc('0.1 + 0.2')).toBe('0.3');
    expect(await calc('2^64')).toBe('18446744073709551616');
    expect(await calc('2^100')).toBe('1267650600228229401496703205376');
    expect(await calc('1/3 * 3')).toBe('1');
    expect(await calc('5 km to m')).toBe('5000 m');
  });
  it('refuses what would reach the library itself, with a readable error', async () => {
    await expect(calc('import({ x: 1 })')).rejects.toThrow(/import is not available/);
    await expect(calc('evaluate("1+1")')).rejects.toThrow(/evaluate is not available/);
    await expect(calc('2 +* 3')).rejects.toThrow(/Could not evaluate/);
  });
});

describe('current_time', () => {
  it('answers in the asked time zone and refuses an unknown one', async () => {
    const tool = currentTimeTool(() => new Date('2026-03-01T12:00:00Z'));
    expect((await tool.run({ timeZone: 'Asia/Tokyo' }, context)).text).toMatch(/Sunday, 1 March 2026 at 21:00:00 GMT\+9/);
    expect((await tool.run({}, context)).text).toContain('2026-03-01T12:00:00.000Z');
    await expect(tool.run({ timeZone: 'Mars/Olympus' }, context)).rejects.toThrow(/Unknown time zone/);
  });
});

describe('the JavaScript sandbox', () => {
  it('runs code and returns what it printed and its last value', async () => {
    expect(await runInSandbox('console.log("sum", [1, 2, 3].reduce((a, b) => a + b)); ({ ok: true })', limits)).toEqual({ ok: true, output: 'sum 6\n', value: '{"ok":true}' });
  });
  it('has no files, network, modules, timers or process', async () => {
    const probe = await runInSandbox('[typeof require, typeof process, typeof fetch, typeof setTimeout, typeof XMLHttpRequest, typeof std, typeof os].join()', limits);
    expect(probe).toMatchObject({ ok: true, value: 'undefined,undefined,undefined,undefined,undefined,undefined,undefined' });
    const imported = await runInSandbox('let r; import("node:fs").then(() => { r = "loaded" }, (e) => { r = String(e) }); r', limits);
    expect(imported.ok && imported.value).not.toBe('loaded');
  });
  it('stops runaway loops, memory bombs and deep recursion, and keeps the output bounded', async () => {
    expect(await runInSandbox('while (true) {}', limits)).toMatchObject({ ok: false, error: 'Stopped: the code ran longer than 800 ms.' });
    // A long time limit: on a loaded machine the 800 ms one could stop the loop before it fills 16 MB.
    expect(await runInSandbox('const a = []; while (true) a.push(new Array(1e4).fill(1))', { ...limits, timeoutMs: 20_000 })).toMatchObject({ ok: false, error: 'Stopped: the code used more than 16 MB of memory.' });
    expect(await runInSandbox('function f() { return f() } f()', limits)).toMatchObject({ ok: false, error: expect.stringMatching(/stack overflow/) });
    const chatty = await runInSandbox('for (let i = 0; i < 1000; i++) console.log("line", i)', limits);
    expect(chatty.ok && chatty.output.length).toBe(200);
  });
});

describe('ToolRunner', () => {
  const slow: Tool<{ ms: number }> = {
    name: 'slow',
    description: 'waits',
    inputSchema: { type: 'object' },
    parse: z.object({ ms: z.number() }),
    timeoutMs: 50,
    run: ({ ms }, { signal }) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ text: 'late' }), ms);
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)));
    }),
  };
  const runner = new ToolRunner([calculator, slow]);
  const run = (toolName: string, input: string) => runner.run({ toolCallId: 'c1', toolName, input }, { ...context, step: 0 });

  it('describes its tools to the model', () => {
    expect(runner.definitions().map((d) => [d.type, d.name])).toEqual([['function', 'calculator'], ['function', 'slow']]);
  });
  it('returns results, and turns every failure into an error result the model can read', async () => {
    expect((await run('calculator', '{"expression":"6*7"}')).part.output).toEqual({ type: 'text', value: '42' });
    expect((await run('nope', '{}')).part.output).toEqual({ type: 'error-text', value: expect.stringContaining('no tool named "nope"') });
    expect((await run('calculator', '{"expr":1}')).part.output).toEqual({ type: 'error-text', value: expect.stringContaining('Invalid arguments for calculator') });
    expect((await run('calculator', 'not json')).part.output).toEqual({ type: 'error-text', value: expect.stringContaining('not valid JSON') });
    const late = await run('slow', '{"ms":1000}');
    expect(late.part.output).toEqual({ type: 'error-text', value: 'The tool "slow" took longer than 50 ms and was stopped.' });
    expect(late.record).toMatchObject({ id: 'c1', name: 'slow', input: { ms: 1000 }, output: null, step: 0 });
  });
  it("prepares a tool before its call's deadline starts", async () => {
    let prepared = 0;
    const loads: Tool<{ ms: number }> = {
      ...slow,
      name: 'loads',
      // Longer than the call may take, as loading a large library can be on a busy machine.
      prepare: () => new Promise((resolve) => setTimeout(() => resolve(void prepared++), 120)),
    };
    const withLoad = new ToolRunner([loads]);
    const call = () => withLoad.run({ toolCallId: 'c2', toolName: 'loads', input: '{"ms":10}' }, { ...context, step: 0 });
    expect((await call()).part.output).toEqual({ type: 'text', value: 'late' });
    expect(prepared).toBe(1);
  });
});

describe('search_past_chats', () => {
  it("searches only the calling user's chats", async () => {
    const asked: string[] = [];
    const tool = searchChatsTool(async ({ userId, query, excludeConversationId }) => {
      asked.push(`${userId}:${query}:${excludeConversationId}`);
      return [{ conversationTitle: 'Kyoto', role: 'user', text: 'We booked the ryokan', createdAt: new Date('2026-05-01') }];
    });
    expect((await tool.run({ query: 'ryokan' }, { ...context, userId: 'bob', conversationId: 'c9' })).text).toBe('[1] 2026-05-01, "Kyoto", user: We booked the ryokan');
    expect(asked).toEqual(['bob:ryokan:c9']);
  });
});
