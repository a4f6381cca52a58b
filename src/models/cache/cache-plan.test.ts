import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { planCache } from './cache-plan.js';
import type { CacheSettings } from './types.js';

const settings: CacheSettings = { enabled: true, ttlMs: 60_000, maxEntryBytes: 10_000, maxEntriesPerUser: 10, maxEntries: 100, semantic: { enabled: true, threshold: 0.84 } };
const call = (text: string, extra: Partial<LanguageModelV3CallOptions> = {}, cache: Record<string, unknown> = { userId: 'u1' }): LanguageModelV3CallOptions => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
  providerOptions: { redline: { cache: cache as never } },
  ...extra,
});
const plan = (options: LanguageModelV3CallOptions, modelId = 'p:m') => planCache({ modelId, options, settings });

describe('planCache', () => {
  it('keys deterministic requests by model, prompt and sampling, ignoring our own hint', () => {
    const a = plan(call('hi', { temperature: 0 }));
    expect(a.exact?.key).toMatch(/^[0-9a-f]{64}$/);
    expect(plan(call('hi', { temperature: 0 }, { userId: 'u2', shared: true })).exact?.key).toBe(a.exact?.key);
    expect(plan(call('hi', { temperature: 0 }), 'p:other').exact?.key).not.toBe(a.exact?.key);
    expect(plan(call('hi!', { temperature: 0 })).exact?.key).not.toBe(a.exact?.key);
    expect(plan(call('hi', { temperature: 0, maxOutputTokens: 5 })).exact?.key).not.toBe(a.exact?.key);
    // A harder-thought answer is not the quick one.
    const thought = call('hi', { temperature: 0 });
    thought.providerOptions = { redline: { ...thought.providerOptions?.redline, reasoning: 'high' } };
    expect(plan(thought).exact?.key).not.toBe(a.exact?.key);
  });

  it('bypasses sampled requests unless forced, skips when told, and needs a user', () => {
    expect(plan(call('hi', { temperature: 0.7 })).exact).toBeNull();
    expect(plan(call('hi')).exact).toBeNull();
    expect(plan(call('hi', { temperature: 0.7 }, { userId: 'u1', mode: 'force' })).exact).not.toBeNull();
    expect(plan(call('hi', { temperature: 0 }, { userId: 'u1', mode: 'skip' })).exact).toBeNull();
    expect(plan(call('hi', { temperature: 0 }, {})).exact).toBeNull();
  });

  it('allows the semantic cache only for a vouched, stand-alone, timeless, impersonal question', () => {
    const standalone = { userId: 'u1', standalone: true };
    expect(plan(call('What is the capital of France?', {}, standalone)).semantic?.question).toBe('What is the capital of France?');
    expect(plan(call('What is the capital of France?')).semantic).toBeNull();
    expect(plan(call('What is the weather today?', {}, standalone)).semantic).toBeNull();
    expect(plan(call('Latest version of Node?', {}, standalone)).semantic).toBeNull();
    expect(plan(call('What happened on 2024-03-01?', {}, standalone)).semantic).toBeNull();
    expect(plan(call('What is my name?', {}, standalone)).semantic).toBeNull();
    const tools = { tools: [{ type: 'function' as const, name: 'f', inputSchema: { type: 'object' as const } }] };
    expect(plan(call('What is the capital of France?', tools, standalone)).semantic).toBeNull();
    const thread = call('And Germany?', {}, standalone);
    thread.prompt = [{ role: 'user', content: [{ type: 'text', text: 'Capital of France?' }] }, { role: 'assistant', content: [{ type: 'text', text: 'Paris' }] }, ...thread.prompt];
    expect(plan(thread).semantic).toBeNull();
  });
});
