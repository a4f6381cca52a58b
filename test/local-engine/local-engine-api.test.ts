import { existsSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { repoRoot } from '../support/spawn-redline.js';

const fixture = path.resolve(repoRoot, '../shared/fixtures/llama-2-tiny-random.gguf');

describe('the in-process engine through /v1/chat/completions', () => {
  let redline: TestServer;
  let client: OpenAI;

  beforeAll(async () => {
    expect(existsSync(fixture), `missing fixture ${fixture}`).toBe(true);
    redline = await startTestServer({ env: { REDLINE_MODEL: fixture } });
    client = new OpenAI({ apiKey: redline.apiKey, baseURL: `${redline.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await redline?.close();
  });

  it('lists the local model', async () => {
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toContain('local:llama-2-tiny-random');
  });

  it('streams tokens and counts them', async () => {
    const stream = await client.chat.completions.create({
      model: 'local:llama-2-tiny-random',
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 12,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    let deltas = 0;
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const d = chunk.choices[0]?.delta?.content;
      if (d) {
        deltas++;
        text += d;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect(deltas).toBeGreaterThan(1);
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeLessThanOrEqual(12);
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('stops generating when the client goes away, and serves the next request', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'local:llama-2-tiny-random', messages: [{ role: 'user', content: 'Tell me a long story' }], max_tokens: 4000, stream: true },
      { signal: controller.signal },
    );
    let seen = 0;
    try {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.content) seen++;
        if (seen >= 3) controller.abort();
      }
    } catch {
      // aborted
    }
    expect(seen).toBeGreaterThanOrEqual(3);
    const started = Date.now();
    const next = await client.chat.completions.create({ model: 'local:llama-2-tiny-random', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5 });
    expect(next.choices[0].message.content?.length).toBeGreaterThan(0);
    // Had the aborted generation kept running to 4000 tokens, the queue would hold this one far longer.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
