import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstreams, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';

describe('several endpoints serving one model', () => {
  let servers: FakeUpstream[];
  let redline: TestServer;

  beforeAll(async () => {
    servers = await startFakeUpstreams(2, [{ name: 'gpu-a', models: ['llama'], tokenDelayMs: 2 }, { name: 'gpu-b', models: ['llama'], tokenDelayMs: 2 }]);
    const dir = mkdtempSync(path.join(tmpdir(), 'redline-lb-'));
    const configPath = path.join(dir, 'redline.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        providers: {
          gpu: { kind: 'openai-compatible', models: ['llama'], endpoints: [{ id: 'a', baseURL: servers[0].url, weight: 3 }, { id: 'b', baseURL: servers[1].url, weight: 1 }] },
        },
      }),
    );
    redline = await startTestServer({ env: { REDLINE_CONFIG: configPath } });
  });
  afterAll(async () => {
    await redline?.close();
    for (const s of servers ?? []) await s.close();
  });

  const ask = (i: number) =>
    fetch(`${redline.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpu:llama', stream: true, messages: [{ role: 'user', content: `question ${i} [[words:20]]` }] }),
    }).then(async (r) => ({ status: r.status, text: await r.text() }));

  it('spreads concurrent requests by weight and outstanding requests', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => ask(i)));
    expect(results.every((r) => r.status === 200 && r.text.includes('[DONE]'))).toBe(true);
    const [a, b] = servers.map((s) => s.stats().total);
    expect(a + b).toBe(40);
    expect(b).toBeGreaterThan(0);
    expect(a).toBeGreaterThan(b);
  });

  it('keeps answering when one endpoint goes down', async () => {
    await servers[0].stopListening();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(100 + i)));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
    const health = await (await fetch(`${redline.url}/healthz`)).json();
    expect(health.providers.map((p: { key: string }) => p.key)).toEqual(expect.arrayContaining(['gpu:llama@a', 'gpu:llama@b']));
  });
});
