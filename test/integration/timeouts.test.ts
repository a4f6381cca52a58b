import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { readEvents, startTestServer, type TestServer } from '../support/redline-server.js';

describe('a provider that stops answering', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['m'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'redline-timeouts-'));
    const configPath = path.join(dir, 'redline.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        providers: { slow: { kind: 'openai-compatible', baseURL: upstream.url, models: ['m'], timeouts: { firstTokenMs: 300, idleMs: 300 } } },
        resilience: { retry: { maxRetries: 0 }, continuation: { enabled: false } },
      }),
    );
    redline = await startTestServer({ env: { REDLINE_CONFIG: configPath } });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  it('answers 504 on /v1 when the first token never comes, and frees the upstream request', async () => {
    const started = Date.now();
    const response = await fetch(`${redline.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow:m', stream: true, messages: [{ role: 'user', content: 'hello [[stall]]' }] }),
    });
    expect(response.status).toBe(504);
    expect((await response.json()).error.code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    await expect.poll(() => upstream.stats().active).toBe(0);
  });

  it('ends a /v1 stream that goes silent mid-way with an upstream_timeout error event after its text', async () => {
    const response = await fetch(`${redline.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow:m', stream: true, messages: [{ role: 'user', content: '[[words:30]] [[delay:700]]' }] }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/"content":"[^"]+"/);
    expect(text).toContain('"code":"upstream_timeout"');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    await expect.poll(() => upstream.stats().active).toBe(0);
  });

  it('marks a chat answer that goes silent mid-stream as failed, keeping its text', async () => {
    const { conversation } = await (await redline.api('POST', '/api/conversations', {})).json();
    const events = await readEvents(await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: '[[words:30]] [[delay:700]]', model: 'slow:m' }));
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data.message.status).toBe('failed');
    expect(last.data.message.content.length).toBeGreaterThan(0);
    expect(last.data.error.code).toBe('upstream_timeout');
  });
});
