import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loremWords, startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { spawnRedline } from '../support/spawn-redline.js';
import { signIn } from './support/app-client.js';
import { fakeProvider, writeConfigFile, type ConfigFileOnDisk } from './support/redline-config.js';

const WORDS = 200;
const prompt = (i: number) => `crash answer ${i} [[words:${WORDS}]] [[delay:10]]`;

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));

// kill -9 while three answers stream: after a restart on the same data dir nothing the user sent is
// lost, each answer is kept as a clean prefix marked interrupted, and Continue finishes it exactly.
describe('kill -9 mid-stream, restart, continue', () => {
  let upstream: FakeUpstream;
  let config: ConfigFileOnDisk;
  let dataDir: string;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    upstream = await startFakeUpstream({ name: 'up', models: ['m'] });
    config = writeConfigFile({ providers: { up: fakeProvider(upstream.url) }, aliases: { chat: ['up:m'] }, defaultModel: 'chat' });
    dataDir = mkdtempSync(path.join(tmpdir(), 'redline-crash-continue-'));
    env = { REDLINE_DATA_DIR: dataDir, REDLINE_CONFIG: config.path };
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    await upstream?.close();
    config?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged message and continues every interrupted answer to its exact full text', async () => {
    const first = await spawnRedline(env);
    children.push(first.child);
    const app = await signIn(first.url);
    const conversations = await Promise.all([0, 1, 2].map(() => app.createConversation()));
    const streams = conversations.map((id, i) => app.send(id, prompt(i)));
    const acknowledged = await Promise.all(streams.map((s) => s.started));
    await Promise.all(streams.map((s) => s.firstDelta));
    // Past two flushes of the partial text (every 250 ms), well before the end (2 s of tokens).
    await new Promise((resolve) => setTimeout(resolve, 700));
    first.child.kill('SIGKILL');
    await exited(first.child);
    for (const s of streams) expect((await s.ended).last).not.toBe('done');

    const second = await spawnRedline(env);
    children.push(second.child);
    try {
      const app2 = await signIn(second.url);
      const interrupted = await Promise.all(
        conversations.map(async (id, i) => {
          const { conversation, messages } = await app2.conversation(id);
          const [user, assistant] = messages;
          expect(messages).toHaveLength(2);
          expect(user).toMatchObject({ id: acknowledged[i].userMessage!.id, role: 'user', status: 'complete', content: prompt(i) });
          expect(assistant).toMatchObject({ id: acknowledged[i].assistantMessage.id, role: 'assistant', status: 'interrupted', parentId: user.id });
          expect(conversation.currentLeafId).toBe(assistant.id);
          expect(assistant.content.length).toBeGreaterThan(0);
          expect(loremWords(WORDS).startsWith(assistant.content)).toBe(true);
          return assistant;
        }),
      );

      const continued = await Promise.all(interrupted.map((message, i) => app2.continue(conversations[i], message.id).ended));
      for (const result of continued) {
        expect(result.last).toBe('done');
        expect(result.final).toMatchObject({ status: 'complete', content: loremWords(WORDS) });
        expect(result.text).toBe(loremWords(WORDS));
      }
      for (const [i, id] of conversations.entries()) {
        const { messages } = await app2.conversation(id);
        expect(messages.map((m) => `${m.role}:${m.status}`)).toEqual(['user:complete', 'assistant:complete']);
        expect(messages[1]).toMatchObject({ id: interrupted[i].id, content: loremWords(WORDS) });
      }
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });
});
