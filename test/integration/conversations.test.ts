import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loremWords, startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { readEvents, startTestServer, type TestServer } from '../support/redline-server.js';
import { testStores } from '../support/test-database.js';
import { lastAnswerRequest } from '../support/upstream-requests.js';

describe.each(testStores)('conversations over the app API on %s', (store) => {
  let upstream: FakeUpstream;
  let redline: TestServer;

  beforeAll(async () => {
    // Fault tests use their own model: provider health (circuit breakers) is tracked per provider:model.
    upstream = await startFakeUpstream({ models: ['fake-model', 'fake-model-2', 'faulty'] });
    redline = await startTestServer({ store, env: { OPENAI_BASE_URL: upstream.url } });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });
  beforeEach(() => upstream.reset());

  const newConversation = async () => (await (await redline.api('POST', '/api/conversations', {})).json()).conversation;
  const send = async (conversationId: string, body: Record<string, unknown>) => readEvents(await redline.api('POST', `/api/conversations/${conversationId}/messages`, body));
  const load = async (conversationId: string) => (await redline.api('GET', `/api/conversations/${conversationId}`)).json();

  it('sends a message, streams the answer, and persists both', async () => {
    const conversation = await newConversation();
    const events = await send(conversation.id, { content: 'hello redline' });
    expect(events[0].event).toBe('start');
    expect(events[0].data.userMessage.content).toBe('hello redline');
    const deltas = events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('');
    expect(deltas).toBe('You said: hello redline');
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.message).toMatchObject({ status: 'complete', content: 'You said: hello redline', role: 'assistant' });
    expect(done.data.conversation.title).toBe('hello redline');

    const { conversation: saved, messages } = await load(conversation.id);
    expect(messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ['user', 'hello redline'],
      ['assistant', 'You said: hello redline'],
    ]);
    expect(saved.currentLeafId).toBe(done.data.message.id);
    expect(done.data.message.usage.outputTokens).toBeGreaterThan(0);
  });

  it('sends the whole thread to the model on the next turn', async () => {
    const conversation = await newConversation();
    await send(conversation.id, { content: 'first' });
    await send(conversation.id, { content: 'second' });
    const sent = lastAnswerRequest(upstream) as { messages: { role: string; content: unknown }[] };
    expect(sent.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });

  it('branches on edit and on regenerate, and switches between branches', async () => {
    const conversation = await newConversation();
    const first = await send(conversation.id, { content: 'original question' });
    const userMsg = first[0].data.userMessage;
    const answer1 = first.at(-1)!.data.message;

    // Regenerate: a sibling answer under the same user message.
    const regen = readEvents(await redline.api('POST', `/api/conversations/${conversation.id}/messages/${answer1.id}/regenerate`, {}));
    const answer2 = (await regen).at(-1)!.data.message;
    expect(answer2.parentId).toBe(userMsg.id);
    expect(answer2.id).not.toBe(answer1.id);

    // Edit: a sibling user message (same parent: the root).
    const edited = await send(conversation.id, { content: 'edited question', parentId: null });
    expect(edited[0].data.userMessage.parentId).toBeNull();
    expect(edited.at(-1)!.data.message.content).toBe('You said: edited question');

    let state = await load(conversation.id);
    expect(state.messages).toHaveLength(5);
    expect(state.conversation.currentLeafId).toBe(edited.at(-1)!.data.message.id);

    // Switch back to the first branch.
    const patched = await redline.api('PATCH', `/api/conversations/${conversation.id}`, { currentLeafId: answer1.id });
    expect(patched.status).toBe(200);
    state = await load(conversation.id);
    expect(state.conversation.currentLeafId).toBe(answer1.id);

    // A new message continues the selected branch.
    const next = await send(conversation.id, { content: 'follow-up' });
    expect(next[0].data.userMessage.parentId).toBe(answer1.id);
  });

  it('stops an answer and keeps the text so far', async () => {
    const conversation = await newConversation();
    const response = await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: '[[words:500]] [[delay:10]]' });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while (!seen.includes('event: delta')) seen += decoder.decode((await reader.read()).value);
    const assistantId = /"assistantMessage":\{"id":"([^"]+)"/.exec(seen)![1];
    // Stored as stopped by the time the stop is answered, even when saving is slow: a reload right
    // after the click shows it so.
    const { store: conversations } = redline.running.runtime;
    const finishMessage = conversations.finishMessage.bind(conversations);
    conversations.finishMessage = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return finishMessage(...args);
    };
    let stopped;
    try {
      const stop = await redline.api('POST', `/api/conversations/${conversation.id}/messages/${assistantId}/stop`);
      expect((await stop.json()).stopped).toBe(true);
      stopped = (await load(conversation.id)).messages.find((m: { id: string }) => m.id === assistantId);
    } finally {
      conversations.finishMessage = finishMessage;
    }
    expect(stopped.status).toBe('stopped');
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
    expect(seen).toContain('event: done');
    expect(stopped.content.length).toBeGreaterThan(0);
    expect(stopped.content.split(' ').length).toBeLessThan(500);
    await expect.poll(() => upstream.stats().active).toBe(0);
  });

  it('continues a stopped answer in place, with nothing repeated', async () => {
    const conversation = await newConversation();
    const response = await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: '[[words:60]] [[delay:10]]' });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while ((seen.match(/event: delta/g) ?? []).length < 3) seen += decoder.decode((await reader.read()).value);
    const assistantId = /"assistantMessage":\{"id":"([^"]+)"/.exec(seen)![1];
    await redline.api('POST', `/api/conversations/${conversation.id}/messages/${assistantId}/stop`);
    while (!(await reader.read()).done);
    const stopped = (await load(conversation.id)).messages.find((m: { id: string }) => m.id === assistantId);
    expect(stopped.status).toBe('stopped');

    const events = await readEvents(await redline.api('POST', `/api/conversations/${conversation.id}/messages/${assistantId}/continue`, {}));
    expect(events[0].data.assistantMessage).toMatchObject({ id: assistantId, status: 'streaming', content: stopped.content });
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.message.content).toBe(loremWords(60));
    expect(stopped.content + events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('')).toBe(loremWords(60));
    expect(done.data.message.metadata.continuations).toEqual([{ atChar: stopped.content.length, reason: 'resumed' }]);
    // The provider was given the partial answer to continue from.
    const sent = lastAnswerRequest(upstream) as { messages: { role: string; content: unknown }[] };
    expect(sent.messages.at(-1)!.role).toBe('assistant');

    // A complete answer, or one with no text, cannot be continued.
    const again = await redline.api('POST', `/api/conversations/${conversation.id}/messages/${assistantId}/continue`, {});
    expect(again.status).toBe(409);
  });

  it('keeps the partial answer with status failed when the stream is cut, and can retry', async () => {
    const conversation = await newConversation();
    const events = await send(conversation.id, { content: '[[words:40]] [[cut:5]]', model: 'openai:faulty' });
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data.message.status).toBe('failed');
    expect(last.data.message.content.length).toBeGreaterThan(0);
    expect(last.data.error.message).toBeTruthy();
    const { messages } = await load(conversation.id);
    expect(messages.find((m: { id: string }) => m.id === last.data.message.id).content).toBe(last.data.message.content);
  });

  it('reports an upstream error status clearly and keeps the user message', async () => {
    const conversation = await newConversation();
    const events = await send(conversation.id, { content: 'boom [[error:503]]', model: 'openai:faulty' });
    expect(events.at(-1)!.event).toBe('error');
    expect(events.at(-1)!.data.error.message).toMatch(/503/);
    const { messages } = await load(conversation.id);
    expect(messages[0]).toMatchObject({ role: 'user', content: 'boom [[error:503]]', status: 'complete' });
    expect(messages[1].status).toBe('failed');
  });

  it('fails a message that cannot be saved, before any answer, and writes nothing of it', async () => {
    const conversation = await newConversation();
    const { store: conversations } = redline.running.runtime;
    const startTurn = conversations.startTurn.bind(conversations);
    // The model is called while the turn's start commits: the commit failing must still drop the answer.
    conversations.startTurn = () => Promise.reject(new Error('disk full'));
    try {
      const res = await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: 'will this be kept? [[words:30]]' });
      expect(res.status).toBe(500);
      expect((await res.json()).error.message).toEqual(expect.any(String));
    } finally {
      conversations.startTurn = startTurn;
    }
    // Let the dropped answer run out: it must not write a thing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await load(conversation.id)).messages).toHaveLength(0);
    const events = await send(conversation.id, { content: 'and this one?' });
    expect(events.at(-1)!.event).toBe('done');
    expect((await load(conversation.id)).messages.map((m: { content: string }) => m.content)).toEqual(['and this one?', 'You said: and this one?']);
  });

  it('rejects bad input with clear errors and writes nothing', async () => {
    const conversation = await newConversation();
    const empty = await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: '   ' });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/content/);
    const malformed = await redline.api('POST', `/api/conversations/${conversation.id}/messages`, '{"content": ');
    expect(malformed.status).toBe(400);
    const wrongType = await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: 42 });
    expect(wrongType.status).toBe(400);
    const unknown = await redline.api('POST', `/api/conversations/00000000-0000-4000-8000-000000000000/messages`, { content: 'hi' });
    expect(unknown.status).toBe(404);
    const garbageId = await redline.api('GET', '/api/conversations/not-an-id');
    expect(garbageId.status).toBe(404);
    const unknownModel = await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: 'hi', model: 'nope:nope' });
    expect(unknownModel.status).toBe(404);
    expect((await load(conversation.id)).messages).toHaveLength(0);
  });

  it('renames, searches by title and content, and deletes', async () => {
    const a = await newConversation();
    await send(a.id, { content: 'the quick brown fox' });
    const b = await newConversation();
    await send(b.id, { content: 'lorem ipsum' });
    await redline.api('PATCH', `/api/conversations/${b.id}`, { title: 'Zebra facts' });

    const byContent = await (await redline.api('GET', '/api/conversations?q=brown')).json();
    expect(byContent.conversations.map((c: { id: string }) => c.id)).toEqual([a.id]);
    const byTitle = await (await redline.api('GET', '/api/conversations?q=zebra')).json();
    expect(byTitle.conversations.map((c: { id: string }) => c.id)).toEqual([b.id]);

    expect((await redline.api('DELETE', `/api/conversations/${a.id}`)).status).toBe(200);
    expect((await redline.api('GET', `/api/conversations/${a.id}`)).status).toBe(404);
  });
});
