import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { scriptedModel, type Step } from '../resilience/testing.js';
import { hashedEmbedder } from './hashed-embedder.js';
import type { CacheEntry, ResponseCacheStore, SemanticCandidate } from './types.js';
import { withResponseCache } from './with-response-cache.js';

/** The store spec in memory: enough to test the wrapper alone (the table is tested over HTTP). */
function memoryStore() {
  const rows: { id: string; userId: string; shared: boolean; entry: CacheEntry }[] = [];
  const store: ResponseCacheStore = {
    async getExact({ userId, key, shared }) {
      const row = rows.find((r) => r.entry.kind === 'exact' && r.entry.key === key && (r.userId === userId || (shared && r.shared)));
      return row ? { id: row.id, answer: row.entry.answer } : null;
    },
    async semanticCandidates({ userId, model, shared }): Promise<SemanticCandidate[]> {
      return rows
        .filter((r) => r.entry.kind === 'semantic' && r.entry.model === model && (r.userId === userId || (shared && r.shared)))
        .map((r) => ({ id: r.id, question: r.entry.question ?? '', embedding: r.entry.embedding ?? [], context: r.entry.context ?? null, answer: r.entry.answer }));
    },
    async put({ userId, shared, entry }) {
      rows.push({ id: String(rows.length), userId, shared, entry });
    },
    async touch() {},
    async sweep() {
      return 0;
    },
  };
  return { store, rows };
}

const usage = { inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 4, text: 4, reasoning: 0 } };
const answer = (text: string, finish: 'stop' | 'length' = 'stop'): Step[] => [
  { type: 'stream-start', warnings: [] },
  { type: 'text-start', id: '1' },
  ...text.split(/(?<= )/).map((delta) => ({ type: 'text-delta' as const, id: '1', delta })),
  { type: 'text-end', id: '1' },
  { type: 'finish', finishReason: { unified: finish, raw: finish }, usage },
];
const settings = { enabled: true, ttlMs: 60_000, maxEntryBytes: 10_000, maxEntriesPerUser: 10, maxEntries: 100, semantic: { enabled: true, threshold: 0.84 } };
const call = (text: string, hint: Record<string, unknown>, extra: Partial<LanguageModelV3CallOptions> = {}): LanguageModelV3CallOptions => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
  providerOptions: { redline: { cache: hint as never } },
  ...extra,
});

async function read(stream: ReadableStream<LanguageModelV3StreamPart>) {
  const parts: LanguageModelV3StreamPart[] = [];
  for await (const part of stream as unknown as AsyncIterable<LanguageModelV3StreamPart>) parts.push(part);
  const text = parts.map((p) => (p.type === 'text-delta' ? p.delta : '')).join('');
  return { parts, text };
}
const settle = () => new Promise((r) => setTimeout(r, 5));

describe('withResponseCache', () => {
  it('replays a stored answer as a stream with the same text and usage, without calling the model', async () => {
    const inner = scriptedModel([{ steps: answer('The answer is forty two.') }]);
    const { store } = memoryStore();
    const model = withResponseCache(inner, { cache: { store, settings, embedder: hashedEmbedder }, modelId: 'p:m' });
    const first = await model.doStream(call('q', { userId: 'u1' }, { temperature: 0 }));
    expect(first.response?.headers?.['x-redline-cache']).toBe('miss');
    expect((await read(first.stream)).text).toBe('The answer is forty two.');
    await settle();
    const second = await model.doStream(call('q', { userId: 'u1' }, { temperature: 0 }));
    expect(second.response?.headers?.['x-redline-cache']).toBe('hit');
    const replay = await read(second.stream);
    expect(replay.text).toBe('The answer is forty two.');
    expect(replay.parts.at(-1)).toMatchObject({ type: 'finish', usage, finishReason: { unified: 'stop' } });
    expect(inner.calls).toHaveLength(1);
    expect(inner.calls[0].options.providerOptions).toBeUndefined();
  });

  it('stores nothing for cut, failed or cancelled answers', async () => {
    const inner = scriptedModel([{ steps: answer('half', 'length') }, { steps: [...answer('broken').slice(0, 3), { throws: new Error('reset') }] }, { steps: answer('long answer here') }]);
    const { store, rows } = memoryStore();
    const model = withResponseCache(inner, { cache: { store, settings, embedder: hashedEmbedder }, modelId: 'p:m' });
    await read((await model.doStream(call('a', { userId: 'u1' }, { temperature: 0 }))).stream);
    await expect(read((await model.doStream(call('b', { userId: 'u1' }, { temperature: 0 }))).stream)).rejects.toThrow('reset');
    const cancelled = (await model.doStream(call('c', { userId: 'u1' }, { temperature: 0 }))).stream.getReader();
    await cancelled.read();
    await cancelled.cancel();
    await settle();
    expect(rows).toHaveLength(0);
  });

  it('keeps users apart and answers paraphrases only for stand-alone questions', async () => {
    const inner = scriptedModel((n) => ({ steps: answer(`answer ${n}`) }));
    const { store } = memoryStore();
    const model = withResponseCache(inner, { cache: { store, settings, embedder: hashedEmbedder }, modelId: 'p:m' });
    const ask = async (text: string, hint: Record<string, unknown>) => {
      const result = await model.doStream(call(text, hint));
      const { text: out } = await read(result.stream);
      await settle();
      return { cache: result.response?.headers?.['x-redline-cache'], text: out };
    };
    expect(await ask('What is the capital of France?', { userId: 'u1', standalone: true })).toEqual({ cache: 'miss', text: 'answer 0' });
    expect(await ask("what's the capital of france", { userId: 'u1', standalone: true })).toEqual({ cache: 'hit', text: 'answer 0' });
    expect(await ask("what's the capital of france", { userId: 'u2', standalone: true })).toEqual({ cache: 'miss', text: 'answer 1' });
    expect(await ask('What is the capital of Germany?', { userId: 'u1', standalone: true })).toEqual({ cache: 'miss', text: 'answer 2' });
    expect(await ask("what's the capital of france", { userId: 'u1' })).toEqual({ cache: 'bypass', text: 'answer 3' });
  });
});
