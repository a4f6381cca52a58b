import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHfMirror } from '../support/fake-hf-mirror.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { repoRoot } from '../support/spawn-redline.js';

const fixture = path.resolve(repoRoot, '../shared/fixtures/llama-2-tiny-random.gguf');

describe('first run with nothing configured', () => {
  let mirror: Awaited<ReturnType<typeof startFakeHfMirror>>;
  let redline: TestServer;

  beforeAll(async () => {
    // The mirror stands in for huggingface.co (no network here): it serves the tiny fixture as the recommended model.
    mirror = await startFakeHfMirror(fixture);
    redline = await startTestServer({ env: { HF_ENDPOINT: mirror.endpoint } });
  });
  afterAll(async () => {
    await redline?.close();
    await mirror?.close();
  });

  const stopLatest = async (conversationId: string) => {
    const { conversation } = await (await redline.api('GET', `/api/conversations/${conversationId}`)).json();
    await redline.api('POST', `/api/conversations/${conversationId}/messages/${conversation.currentLeafId}/stop`);
  };

  it('offers the recommended model, downloads it with progress, and chats with it without a restart', async () => {
    const before = await (await redline.api('GET', '/api/models')).json();
    expect(before.models).toEqual([]);
    expect(before.setup).toMatchObject({ needed: true, state: 'idle', model: 'Qwen2.5-1.5B-Instruct' });
    expect(before.setup.hint).toMatch(/OPENAI_API_KEY/);

    // Sending before a model exists is a clear error, not a hang.
    const { conversation } = await (await redline.api('POST', '/api/conversations', {})).json();
    const early = await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: 'hi' });
    expect(early.status).toBe(400);
    expect((await early.json()).error.message).toMatch(/No model is available/);

    const started = await (await redline.api('POST', '/api/setup/local-model')).json();
    expect(['downloading', 'ready']).toContain(started.setup.state);
    let setup = started.setup;
    const deadline = Date.now() + 20_000;
    while (setup.state !== 'ready' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      setup = (await (await redline.api('GET', '/api/setup/local-model')).json()).setup;
      expect(setup.state).not.toBe('failed');
    }
    expect(setup.state).toBe('ready');
    expect(setup.downloadedBytes).toBe(setup.totalBytes);

    await expect.poll(async () => (await (await redline.api('GET', '/api/models')).json()).models.map((m: { id: string }) => m.id), { timeout: 5000 }).toEqual(['local:qwen2.5-1.5b-instruct']);
    const after = await (await redline.api('GET', '/api/models')).json();
    expect(after.setup.needed).toBe(false);

    // The fixture has random weights and rarely ends its turn: stop it after a few tokens.
    const response = await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: 'Hello' });
    const { readSse } = await import('../../src/cli/sse.js');
    let deltas = 0;
    let final: { status: string; model: string; content: string } | null = null;
    for await (const event of readSse(response.body!)) {
      const data = JSON.parse(event.data);
      if (event.event === 'start') expect(data.assistantMessage.model).toBe('local:qwen2.5-1.5b-instruct');
      if (event.event === 'delta' && ++deltas === 5) await stopLatest(conversation.id);
      if (event.event === 'done') final = data.message;
    }
    expect(final?.status).toBe('stopped');
    expect(final?.content.length).toBeGreaterThan(0);
  });
});
