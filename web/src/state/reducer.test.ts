import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../api/types';
import type { Action } from './actions';
import { initialState, type AppState } from './app-state';
import { reducer } from './reducer';
import { selectPathIds } from './selectors';

const conversation: Conversation = {
  id: 'c1',
  title: '',
  model: null,
  currentLeafId: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

function message(over: Partial<Message> & Pick<Message, 'id' | 'role'>): Message {
  return {
    conversationId: 'c1',
    parentId: null,
    content: '',
    status: 'complete',
    model: null,
    error: null,
    usage: null,
    metadata: null,
    createdAt: '2025-01-01T00:00:01.000Z',
    updatedAt: '2025-01-01T00:00:01.000Z',
    ...over,
  };
}

const run = (state: AppState, actions: Action[]) => actions.reduce(reducer, state);

describe('reducer: one streamed turn', () => {
  const start = run(initialState({ theme: 'system', preferredModel: null, wide: true }), [
    { type: 'route/changed', conversationId: 'c1' },
    { type: 'thread/loaded', conversation, messages: [] },
  ]);
  const localUser = message({ id: 'local-user-1', role: 'user', content: 'Hi' });
  const localAssistant = message({ id: 'local-assistant-1', role: 'assistant', parentId: 'local-user-1', status: 'streaming' });

  it('shows optimistic rows, swaps in the real ones, appends deltas and finishes', () => {
    let state = reducer(start, { type: 'stream/pending', conversationId: 'c1', userMessage: localUser, assistantMessage: localAssistant });
    expect(selectPathIds(state)).toEqual(['local-user-1', 'local-assistant-1']);
    expect(state.stream?.phase).toBe('connecting');

    const user = message({ id: 'u1', role: 'user', content: 'Hi' });
    const assistant = message({ id: 'a1', role: 'assistant', parentId: 'u1', status: 'streaming', createdAt: '2025-01-01T00:00:02.000Z' });
    state = reducer(state, {
      type: 'stream/started',
      conversationId: 'c1',
      localUserId: localUser.id,
      localAssistantId: localAssistant.id,
      userMessage: user,
      assistantMessage: assistant,
    });
    expect(selectPathIds(state)).toEqual(['u1', 'a1']);
    expect(state.stream).toMatchObject({ assistantMessageId: 'a1', userMessageId: 'u1', phase: 'streaming' });
    expect(state.thread?.messages['local-user-1']).toBeUndefined();

    const before = state.thread?.messages.u1;
    state = run(state, [
      { type: 'stream/delta', conversationId: 'c1', messageId: 'a1', text: 'Hel' },
      { type: 'stream/delta', conversationId: 'c1', messageId: 'a1', text: 'lo' },
    ]);
    expect(state.thread?.messages.a1.content).toBe('Hello');
    // Other rows keep their identity, so their memoised components do not re-render.
    expect(state.thread?.messages.u1).toBe(before);

    state = run(state, [
      { type: 'stream/finished', conversationId: 'c1', message: { ...assistant, content: 'Hello', status: 'complete' } },
      { type: 'stream/ended' },
    ]);
    expect(state.thread?.messages.a1.status).toBe('complete');
    expect(state.stream).toBeNull();
  });

  it('shows a tool call running, then its result in place', () => {
    const assistant = message({ id: 'a1', role: 'assistant', parentId: 'u1', status: 'streaming' });
    let state = run(start, [{ type: 'thread/loaded', conversation, messages: [message({ id: 'u1', role: 'user', content: 'Hi' }), assistant] }]);
    const running = { id: 't1', name: 'calculator', input: { expression: '6*7' }, status: 'running' as const };
    state = reducer(state, { type: 'stream/tool', conversationId: 'c1', messageId: 'a1', call: running });
    expect(state.thread?.messages.a1.metadata?.toolCalls).toEqual([running]);
    state = reducer(state, { type: 'stream/tool', conversationId: 'c1', messageId: 'a1', call: { ...running, status: 'done', output: '42', ms: 3 } });
    expect(state.thread?.messages.a1.metadata?.toolCalls).toEqual([{ ...running, status: 'done', output: '42', ms: 3 }]);
  });

  it('gathers streamed reasoning on the answer, apart from its text', () => {
    const assistant = message({ id: 'a1', role: 'assistant', parentId: 'u1', status: 'streaming' });
    let state = run(start, [{ type: 'thread/loaded', conversation, messages: [message({ id: 'u1', role: 'user', content: 'Hi' }), assistant] }]);
    state = reducer(state, { type: 'stream/reasoning', conversationId: 'c1', messageId: 'a1', text: 'First, ' });
    state = reducer(state, { type: 'stream/reasoning', conversationId: 'c1', messageId: 'a1', text: 'check.' });
    expect(state.thread?.messages.a1.metadata?.reasoning).toEqual({ effort: null, text: 'First, check.' });
    expect(state.thread?.messages.a1.content).toBe('');
  });

  it('keeps streamed sources and verification on the answer, and the finished message replaces them', () => {
    const assistant = message({ id: 'a1', role: 'assistant', parentId: 'u1', status: 'streaming' });
    let state = run(start, [{ type: 'thread/loaded', conversation, messages: [message({ id: 'u1', role: 'user', content: 'Hi' }), assistant] }]);
    const sources = [{ n: 1, documentId: 'd1', chunkId: 'k1', name: 'refunds.md', heading: null, page: 2, text: 'Refunds take 30 days.' }];
    const verification = { method: 'lexical' as const, sentences: [{ text: 'Refunds take 30 days [1].', supported: true, citations: [1] }] };
    state = run(state, [
      { type: 'stream/sources', conversationId: 'c1', messageId: 'a1', sources },
      { type: 'stream/delta', conversationId: 'c1', messageId: 'a1', text: 'Refunds take 30 days [1].' },
      { type: 'stream/verification', conversationId: 'c1', messageId: 'a1', verification },
    ]);
    expect(state.thread?.messages.a1).toMatchObject({ content: 'Refunds take 30 days [1].', metadata: { sources, verification } });
    // Another conversation's events change nothing.
    const other = reducer(state, { type: 'stream/sources', conversationId: 'c2', messageId: 'a1', sources: [] });
    expect(other).toBe(state);
    const grounding = { strict: true, abstained: false };
    state = reducer(state, {
      type: 'stream/finished',
      conversationId: 'c1',
      message: { ...assistant, content: 'Refunds take 30 days [1].', status: 'complete', metadata: { sources, verification, grounding } },
    });
    expect(state.thread?.messages.a1.metadata?.grounding).toEqual(grounding);
  });

  it('drops the optimistic rows when the server refuses the turn', () => {
    const state = run(start, [
      { type: 'stream/pending', conversationId: 'c1', userMessage: localUser, assistantMessage: localAssistant },
      { type: 'stream/aborted', conversationId: 'c1', localIds: [localAssistant.id, localUser.id], restore: null },
      { type: 'stream/ended' },
    ]);
    expect(selectPathIds(state)).toEqual([]);
    expect(state.thread?.currentLeafId).toBeNull();
  });

  it('keeps partial text and the error when the model fails', () => {
    const user = message({ id: 'u1', role: 'user' });
    const assistant = message({ id: 'a1', role: 'assistant', parentId: 'u1', status: 'streaming' });
    const state = run(start, [
      { type: 'stream/pending', conversationId: 'c1', userMessage: localUser, assistantMessage: localAssistant },
      { type: 'stream/started', conversationId: 'c1', localUserId: localUser.id, localAssistantId: localAssistant.id, userMessage: user, assistantMessage: assistant },
      { type: 'stream/delta', conversationId: 'c1', messageId: 'a1', text: 'partial' },
      { type: 'stream/failed', conversationId: 'c1', messageId: 'a1', status: 'failed', error: { message: 'Upstream returned 500', code: 'upstream' }, message: null },
    ]);
    expect(state.thread?.messages.a1).toMatchObject({ content: 'partial', status: 'failed', error: { message: 'Upstream returned 500' } });
  });
});

describe('reducer: coming back to a conversation while it streams', () => {
  it('shows the streamed text, not the lagging server copy', () => {
    const base = initialState({ theme: 'system', preferredModel: null, wide: true });
    const user = message({ id: 'u1', role: 'user', content: 'Hi' });
    const assistant = message({ id: 'a1', role: 'assistant', parentId: 'u1', status: 'streaming' });
    const local = message({ id: 'local-a', role: 'assistant', parentId: null, status: 'streaming' });
    let state = run(base, [
      { type: 'route/changed', conversationId: 'c1' },
      { type: 'thread/loaded', conversation, messages: [] },
      { type: 'stream/pending', conversationId: 'c1', userMessage: null, assistantMessage: local },
      { type: 'stream/started', conversationId: 'c1', localUserId: null, localAssistantId: 'local-a', userMessage: user, assistantMessage: assistant },
      { type: 'stream/delta', conversationId: 'c1', messageId: 'a1', text: 'Hello ' },
      { type: 'route/changed', conversationId: 'c2' },
      { type: 'stream/delta', conversationId: 'c1', messageId: 'a1', text: 'world' },
      { type: 'route/changed', conversationId: 'c1' },
      { type: 'thread/loading', conversationId: 'c1' },
    ]);
    expect(state.stream?.text).toBe('Hello world');
    state = reducer(state, {
      type: 'thread/loaded',
      conversation: { ...conversation, currentLeafId: 'a1' },
      messages: [user, { ...assistant, content: 'Hel' }],
    });
    expect(state.thread?.messages.a1.content).toBe('Hello world');
    state = reducer(state, { type: 'stream/delta', conversationId: 'c1', messageId: 'a1', text: '!' });
    expect(state.thread?.messages.a1.content).toBe('Hello world!');
    expect(selectPathIds(state)).toEqual(['u1', 'a1']);
  });
});

describe('reducer: conversations', () => {
  it('keeps the list newest first on upsert and drops removed ones', () => {
    const base = initialState({ theme: 'system', preferredModel: null, wide: true });
    const older = { ...conversation, id: 'old', updatedAt: '2025-01-01T00:00:00.000Z' };
    const newer = { ...conversation, id: 'new', updatedAt: '2025-01-02T00:00:00.000Z' };
    let state = reducer(base, { type: 'conversations/loaded', conversations: [newer, older], more: false, hasMore: false });
    state = reducer(state, { type: 'conversation/upserted', conversation: { ...older, updatedAt: '2025-01-03T00:00:00.000Z' } });
    expect(state.conversations.items.map((c) => c.id)).toEqual(['old', 'new']);
    state = reducer(state, { type: 'conversation/removed', id: 'old' });
    expect(state.conversations.items.map((c) => c.id)).toEqual(['new']);
  });
});

describe('reducer: an existing answer that grows in place', () => {
  const user = message({ id: 'u1', role: 'user', content: 'Hi' });
  const stopped = message({ id: 'a1', role: 'assistant', parentId: 'u1', status: 'stopped', content: 'Once upon' });
  const loaded = run(initialState({ theme: 'system', preferredModel: null, wide: true }), [
    { type: 'route/changed', conversationId: 'c1' },
    { type: 'thread/loaded', conversation: { ...conversation, currentLeafId: 'a1' }, messages: [user, stopped] },
  ]);

  it('continues a stopped answer in the same row, no new branch', () => {
    const reopened = { ...stopped, status: 'streaming' as const };
    let state = run(loaded, [
      { type: 'stream/pending', conversationId: 'c1', userMessage: null, assistantMessage: reopened },
      { type: 'stream/started', conversationId: 'c1', localUserId: null, localAssistantId: 'a1', userMessage: null, assistantMessage: reopened },
      { type: 'stream/delta', conversationId: 'c1', messageId: 'a1', text: ' a time' },
    ]);
    expect(selectPathIds(state)).toEqual(['u1', 'a1']);
    expect(state.thread?.children.u1).toEqual(['a1']);
    expect(state.thread?.messages.a1).toMatchObject({ content: 'Once upon a time', status: 'streaming' });
    expect(state.stream).toMatchObject({ assistantMessageId: 'a1', phase: 'streaming', text: 'Once upon a time' });

    // Coming back while it streams shows the whole text, not the lagging server copy.
    state = reducer(state, { type: 'thread/loaded', conversation: { ...conversation, currentLeafId: 'a1' }, messages: [user, { ...reopened, content: 'Once upon a' }] });
    expect(state.thread?.messages.a1.content).toBe('Once upon a time');
  });

  it('puts the answer back as it was when the server refuses to continue it', () => {
    const state = run(loaded, [
      { type: 'stream/pending', conversationId: 'c1', userMessage: null, assistantMessage: { ...stopped, status: 'streaming' } },
      { type: 'stream/aborted', conversationId: 'c1', localIds: [], restore: stopped },
      { type: 'stream/ended' },
    ]);
    expect(state.thread?.messages.a1).toBe(stopped);
    expect(selectPathIds(state)).toEqual(['u1', 'a1']);
  });

  it('attaches to a running answer: a snapshot replaces the text, deltas append, reconnecting shows', () => {
    const running = { ...stopped, status: 'streaming' as const, content: 'Once' };
    let state = run(loaded, [
      { type: 'thread/loaded', conversation: { ...conversation, currentLeafId: 'a1' }, messages: [user, running] },
      { type: 'stream/pending', conversationId: 'c1', userMessage: null, assistantMessage: running },
    ]);
    expect(state.stream).toMatchObject({ assistantMessageId: 'a1', phase: 'connecting', text: 'Once' });
    state = run(state, [
      { type: 'stream/snapshot', conversationId: 'c1', messageId: 'a1', text: 'Once upon' },
      { type: 'stream/delta', conversationId: 'c1', messageId: 'a1', text: ' a' },
      { type: 'stream/reconnecting', reconnecting: true },
    ]);
    expect(state.thread?.messages.a1.content).toBe('Once upon a');
    expect(state.stream).toMatchObject({ phase: 'reconnecting', text: 'Once upon a' });
    state = run(state, [
      { type: 'stream/reconnecting', reconnecting: false },
      { type: 'stream/delta', conversationId: 'c1', messageId: 'a1', text: ' time' },
      { type: 'stream/finished', conversationId: 'c1', message: { ...running, content: 'Once upon a time', status: 'complete' } },
      { type: 'stream/ended' },
    ]);
    expect(state.thread?.messages.a1).toMatchObject({ content: 'Once upon a time', status: 'complete' });
    expect(state.stream).toBeNull();
  });
});

describe('reducer: pages and temporary chats', () => {
  const base = initialState({ theme: 'system', preferredModel: null, wide: true });

  it('switches pages with the route and keeps the message to open', () => {
    const onMemory = reducer(base, { type: 'route/changed', conversationId: null, page: 'memory' });
    expect(onMemory.page).toBe('memory');
    const opened = reducer(onMemory, { type: 'route/changed', conversationId: 'c1', messageId: 'm1' });
    expect(opened).toMatchObject({ page: 'chat', activeConversationId: 'c1', focusMessageId: 'm1' });
    // The same conversation without a message: the focus goes, the thread stays.
    const plain = reducer(opened, { type: 'route/changed', conversationId: 'c1' });
    expect(plain.focusMessageId).toBeNull();
    expect(plain.thread).toBe(opened.thread);
  });

  it('opens a project page by id, and closes the source panel on any route change', () => {
    const panel = reducer(reducer(base, { type: 'route/changed', conversationId: 'c1' }), { type: 'ui/source-panel', panel: { messageId: 'a1', n: 2 } });
    expect(panel.ui.sourcePanel).toEqual({ messageId: 'a1', n: 2 });
    const project = reducer(panel, { type: 'route/changed', conversationId: null, page: 'project', projectId: 'p1' });
    expect(project).toMatchObject({ page: 'project', activeProjectId: 'p1', activeConversationId: null, ui: { sourcePanel: null } });
    const another = reducer(project, { type: 'route/changed', conversationId: null, page: 'project', projectId: 'p2' });
    expect(another.activeProjectId).toBe('p2');
    expect(reducer(another, { type: 'route/changed', conversationId: null }).activeProjectId).toBeNull();
  });

  it('never lists a temporary chat, but shows it in its thread', () => {
    const temporary: Conversation = { ...conversation, id: 't1', temporary: true };
    const state = run(base, [
      { type: 'route/changed', conversationId: 't1' },
      { type: 'thread/loaded', conversation: temporary, messages: [] },
      { type: 'conversation/upserted', conversation: temporary },
    ]);
    expect(state.conversations.items).toEqual([]);
    expect(state.thread?.conversation?.temporary).toBe(true);
    const listed = reducer(state, { type: 'conversation/upserted', conversation });
    expect(listed.conversations.items.map((c) => c.id)).toEqual(['c1']);
  });
});
