import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loremWords, startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { readEvents } from '../support/redline-server.js';
import { ownerCookie, spawnRedline } from '../support/spawn-redline.js';
import { createTestDatabase, testStores } from '../support/test-database.js';

describe.each(testStores)('persistence and crash recovery on %s', (store) => {
  let upstream: FakeUpstream;
  let dataDir: string;
  let env: Record<string, string>;
  let dropDb: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    dataDir = mkdtempSync(path.join(tmpdir(), 'redline-crash-'));
    env = { REDLINE_DATA_DIR: dataDir, OPENAI_BASE_URL: upstream.url };
    if (store === 'postgres') {
      const db = await createTestDatabase();
      env.DATABASE_URL = db.url;
      dropDb = db.drop;
    }
  });
  afterAll(async () => {
    await upstream?.close();
    await dropDb();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the user message and the flushed partial answer after kill -9, and conversations across restarts', async () => {
    const first = await spawnRedline(env);
    const cookie = await ownerCookie(first.url);
    const headers = { cookie, 'content-type': 'application/json' };
    const { conversation } = await (await fetch(`${first.url}/api/conversations`, { method: 'POST', headers, body: '{}' })).json();

    // A complete turn first, then one killed mid-stream.
    await readEvents(await fetch(`${first.url}/api/conversations/${conversation.id}/messages`, { method: 'POST', headers, body: JSON.stringify({ content: 'remember me' }) }));
    const response = await fetch(`${first.url}/api/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ content: 'long answer please [[words:400]] [[delay:15]]' }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    // Wait until well past one flush interval (250 ms) of streaming.
    const started = Date.now();
    while (Date.now() - started < 1200) received += decoder.decode((await reader.read()).value);
    expect(received).toContain('event: delta');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await spawnRedline(env);
    try {
      const cookie2 = await ownerCookie(second.url);
      const { conversations } = await (await fetch(`${second.url}/api/conversations`, { headers: { cookie: cookie2 } })).json();
      expect(conversations.map((c: { id: string }) => c.id)).toContain(conversation.id);
      const { messages } = await (await fetch(`${second.url}/api/conversations/${conversation.id}`, { headers: { cookie: cookie2 } })).json();
      expect(messages.map((m: { role: string; status: string }) => `${m.role}:${m.status}`)).toEqual(['user:complete', 'assistant:complete', 'user:complete', 'assistant:interrupted']);
      expect(messages[2].content).toBe('long answer please [[words:400]] [[delay:15]]');
      const partial: string = messages[3].content;
      expect(partial.length).toBeGreaterThan(10);
      // What was kept is a prefix of the real answer: nothing garbled.
      expect(loremWords(400).startsWith(partial)).toBe(true);

      // The interrupted answer can be retried.
      const retry = await readEvents(
        await fetch(`${second.url}/api/conversations/${conversation.id}/messages/${messages[3].id}/regenerate`, { method: 'POST', headers: { cookie: cookie2, 'content-type': 'application/json' }, body: '{}' }),
      );
      expect(retry.at(-1)!.event).toBe('done');
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  });
});
