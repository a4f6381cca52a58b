import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { readEvents, startTestServer, type TestServer } from '../support/redline-server.js';
import { testStores } from '../support/test-database.js';

describe.each(testStores)('user isolation on %s', (store) => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let bob: { cookie: string; key: string };
  let aliceConversation: string;
  let aliceMessage: string;

  const as = (cookie: string) => (method: string, path: string, body?: unknown) =>
    fetch(`${redline.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    redline = await startTestServer({ store, env: { OPENAI_BASE_URL: upstream.url } });
    // The owner ("alice") creates a user and has a conversation with a secret in it.
    const created = await redline.api('POST', '/api/users', { email: 'bob@example.com', name: 'Bob', password: 'correct horse' });
    expect(created.status).toBe(201);
    const login = await fetch(`${redline.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bob@example.com', password: 'correct horse' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const key = (await (await as(cookie)('POST', '/api/keys', { name: 'bob' })).json()).secret;
    bob = { cookie, key };
    aliceConversation = (await (await redline.api('POST', '/api/conversations', {})).json()).conversation.id;
    const events = await readEvents(await redline.api('POST', `/api/conversations/${aliceConversation}/messages`, { content: 'alice secret pineapple' }));
    aliceMessage = events.at(-1)!.data.message.id;
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  it('rejects a wrong password', async () => {
    const login = await fetch(`${redline.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bob@example.com', password: 'nope' }) });
    expect(login.status).toBe(401);
  });

  it("never shows one user's conversations to another, by any route", async () => {
    const bobApi = as(bob.cookie);
    const list = await (await bobApi('GET', '/api/conversations')).json();
    expect(list.conversations).toEqual([]);
    const search = await (await bobApi('GET', '/api/conversations?q=pineapple')).json();
    expect(search.conversations).toEqual([]);
    const base = `/api/conversations/${aliceConversation}`;
    expect((await bobApi('GET', base)).status).toBe(404);
    expect((await bobApi('PATCH', base, { title: 'mine now' })).status).toBe(404);
    expect((await bobApi('POST', `${base}/messages`, { content: 'hi' })).status).toBe(404);
    expect((await bobApi('POST', `${base}/messages/${aliceMessage}/regenerate`, {})).status).toBe(404);
    expect((await bobApi('POST', `${base}/messages/${aliceMessage}/stop`)).status).toBe(404);
    expect((await bobApi('POST', `${base}/messages/${aliceMessage}/continue`, {})).status).toBe(404);
    expect((await bobApi('GET', `${base}/messages/${aliceMessage}/stream`)).status).toBe(404);
    expect((await bobApi('DELETE', base)).status).toBe(404);

    // With an API key too.
    const viaKey = await fetch(`${redline.url}${base}`, { headers: { authorization: `Bearer ${bob.key}` } });
    expect(viaKey.status).toBe(404);

    // Bob cannot attach a branch to Alice's message from his own conversation.
    const bobConversation = (await (await bobApi('POST', '/api/conversations', {})).json()).conversation.id;
    expect((await bobApi('POST', `/api/conversations/${bobConversation}/messages`, { content: 'x', parentId: aliceMessage })).status).toBe(404);
    expect((await bobApi('PATCH', `/api/conversations/${bobConversation}`, { currentLeafId: aliceMessage })).status).toBe(404);

    // Alice's data is untouched.
    const alice = await (await redline.api('GET', base)).json();
    expect(alice.conversation.title).toBe('alice secret pineapple');
    expect(alice.messages).toHaveLength(2);
  });

  it("does not let a user delete another user's API key or manage users", async () => {
    const aliceKeys = await (await redline.api('GET', '/api/keys')).json();
    const bobApi = as(bob.cookie);
    expect((await bobApi('DELETE', `/api/keys/${aliceKeys.keys[0].id}`)).status).toBe(404);
    expect((await bobApi('GET', '/api/users')).status).toBe(403);
    expect((await bobApi('POST', '/api/users', { email: 'eve@example.com', password: '12345678' })).status).toBe(403);
    const bobKeys = await (await bobApi('GET', '/api/keys')).json();
    expect(bobKeys.keys.map((k: { name: string }) => k.name)).toEqual(['bob']);
  });

  it('stores API keys hashed and shows the secret once', async () => {
    const created = await (await redline.api('POST', '/api/keys', { name: 'once' })).json();
    expect(created.secret).toMatch(/^rl-/);
    const listed = await (await redline.api('GET', '/api/keys')).json();
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const { rows } = await redline.running.runtime.database.db.execute<{ key_hash: string }>(
      (await import('drizzle-orm')).sql`select key_hash from api_keys`,
    ) as unknown as { rows: { key_hash: string }[] };
    expect(rows.some((r) => r.key_hash.includes(created.secret))).toBe(false);
  });
});
