import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { UnknownModelError } from './errors.js';
import { ModelRegistry } from './model-registry.js';

const noLocal = () => {
  throw new Error('no local engine in this test');
};

describe('ModelRegistry', () => {
  const registry = new ModelRegistry({
    providers: [
      { id: 'work', kind: 'openai-compatible', baseURL: 'http://127.0.0.1:9/v1', models: ['small', 'big'] },
      { id: 'claude', kind: 'anthropic', apiKey: 'x' },
    ],
    aliases: { fast: { models: ['work:small'] }, smart: { models: ['claude:claude-sonnet-4-5', 'work:big'] } },
    defaultModel: null,
    localEngine: noLocal,
  });

  it('resolves provider:model, aliases, and rejects unknown providers', () => {
    expect(registry.resolve('work:big')).toMatchObject({ ref: 'work:big', provider: 'work', kind: 'openai-compatible' });
    expect(registry.resolve('smart')).toMatchObject({ id: 'smart', ref: 'claude:claude-sonnet-4-5', provider: 'claude' });
    expect(() => registry.resolve('nope:x')).toThrow(UnknownModelError);
  });

  it('keeps colons in model names (Ollama tags)', () => {
    const ollama = new ModelRegistry({ providers: [{ id: 'ollama', kind: 'ollama', baseURL: 'http://127.0.0.1:9' }], aliases: {}, defaultModel: null, localEngine: noLocal });
    expect(ollama.resolve('ollama:llama3.2:3b').ref).toBe('ollama:llama3.2:3b');
    // With one provider, a bare name is that provider's model.
    expect(ollama.resolve('llama3.2:3b').ref).toBe('ollama:llama3.2:3b');
  });

  it('lists aliases first, then each provider model, and picks a default', async () => {
    const ids = (await registry.list()).map((m) => m.id);
    expect(ids.slice(0, 4)).toEqual(['fast', 'smart', 'work:small', 'work:big']);
    expect(ids).toContain('claude:claude-sonnet-4-5');
    expect(await registry.defaultModelId()).toBe('fast');
  });

  it('rejects a model missing from a complete list, but trusts providers whose list is only a guess', async () => {
    await expect(registry.resolveListed('work:huge')).rejects.toThrow(UnknownModelError);
    await expect(registry.resolveListed('claude:claude-3-opus-some-new-one')).resolves.toMatchObject({ provider: 'claude' });
  });

  it('answers the list within its budget when a provider hangs', async () => {
    // A listener on loopback that accepts connections and never answers.
    const sockets: Socket[] = [];
    const hanging = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      for (const s of sockets) s.destroy();
      hanging.close();
    });
    const slow = new ModelRegistry({
      providers: [{ id: 'dead', kind: 'openai-compatible', baseURL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/v1` }],
      aliases: {},
      defaultModel: null,
      localEngine: noLocal,
      listTimeoutMs: 200,
    });
    const started = Date.now();
    expect(await slow.list()).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
