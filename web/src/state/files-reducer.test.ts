import { describe, expect, it } from 'vitest';
import type { Conversation, DocumentInfo, DocumentScope, Project } from '../api/types';
import type { Action } from './actions';
import { initialState, scopeKey, type AppState } from './app-state';
import { reducer } from './reducer';

const scope: DocumentScope = { kind: 'project', id: 'p1' };
const key = scopeKey(scope);
const base = initialState({ theme: 'system', preferredModel: null, wide: true });
const run = (state: AppState, actions: Action[]) => actions.reduce(reducer, state);

const doc = (over: Partial<DocumentInfo> & Pick<DocumentInfo, 'id'>): DocumentInfo => ({
  projectId: 'p1',
  conversationId: null,
  name: 'notes.md',
  format: 'markdown',
  sizeBytes: 1200,
  status: 'ready',
  progress: 1,
  error: null,
  chunkCount: 4,
  pageCount: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

const project = (over: Partial<Project> & Pick<Project, 'id' | 'name'>): Project => ({
  instructions: null,
  strict: false,
  documentCount: 0,
  conversationCount: 0,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

describe('files: listing and uploading', () => {
  it('lists a scope newest first', () => {
    const state = run(base, [
      { type: 'files/loading', scope },
      { type: 'files/loaded', scope, documents: [doc({ id: 'd1' }), doc({ id: 'd2', createdAt: '2025-01-02T00:00:00.000Z' })] },
    ]);
    expect(state.files[key].status).toBe('ready');
    expect(state.files[key].items.map((f) => f.id)).toEqual(['d2', 'd1']);
  });

  it('shows an upload at once, swaps in the server document, then its polled progress', () => {
    let state = run(base, [
      { type: 'files/loaded', scope, documents: [doc({ id: 'd1' })] },
      { type: 'files/uploading', scope, localId: 'local-up-1', name: 'policy.pdf', sizeBytes: 5000, at: '2025-01-03T00:00:00.000Z' },
    ]);
    expect(state.files[key].items[0]).toMatchObject({ id: 'local-up-1', status: 'uploading', local: true, name: 'policy.pdf' });

    const accepted = doc({ id: 'd9', name: 'policy.pdf', status: 'indexing', progress: 0, chunkCount: 0 });
    state = reducer(state, { type: 'files/uploaded', scope, localId: 'local-up-1', document: accepted });
    expect(state.files[key].items.map((f) => [f.id, f.status, f.local])).toEqual([
      ['d9', 'indexing', false],
      ['d1', 'ready', false],
    ]);

    state = reducer(state, { type: 'file/updated', document: { ...accepted, progress: 0.5 } });
    expect(state.files[key].items[0].progress).toBe(0.5);
    state = reducer(state, { type: 'file/updated', document: { ...accepted, status: 'ready', progress: 1, chunkCount: 12, pageCount: 3 } });
    expect(state.files[key].items[0]).toMatchObject({ status: 'ready', chunkCount: 12, pageCount: 3 });
  });

  it('keeps a refused upload with its error until dismissed, even across a reload of the list', () => {
    let state = run(base, [
      { type: 'files/loaded', scope, documents: [] },
      { type: 'files/uploading', scope, localId: 'local-up-2', name: 'huge.pdf', sizeBytes: 9e7, at: '2025-01-03T00:00:00.000Z' },
      { type: 'files/refused', scope, localId: 'local-up-2', error: { message: 'The file is larger than 20 MB.', code: 'file_too_large' } },
      { type: 'files/loaded', scope, documents: [doc({ id: 'd1' })] },
    ]);
    expect(state.files[key].items.map((f) => [f.id, f.status])).toEqual([
      ['local-up-2', 'failed'],
      ['d1', 'ready'],
    ]);
    expect(state.files[key].items[0].error?.code).toBe('file_too_large');
    state = reducer(state, { type: 'file/removed', id: 'local-up-2' });
    expect(state.files[key].items.map((f) => f.id)).toEqual(['d1']);
  });

  it('does not list a document twice when the list raced the upload answer', () => {
    const accepted = doc({ id: 'd9', status: 'indexing' });
    const state = run(base, [
      { type: 'files/uploading', scope, localId: 'local-up-3', name: 'a.md', sizeBytes: 10, at: '2025-01-03T00:00:00.000Z' },
      { type: 'files/loaded', scope, documents: [accepted] },
      { type: 'files/uploaded', scope, localId: 'local-up-3', document: accepted },
    ]);
    expect(state.files[key].items.map((f) => f.id)).toEqual(['d9']);
  });

  it("forgets a deleted conversation's attachments", () => {
    const chat: DocumentScope = { kind: 'conversation', id: 'c9' };
    const state = run(base, [
      { type: 'files/loaded', scope: chat, documents: [doc({ id: 'd5', projectId: null, conversationId: 'c9' })] },
      { type: 'conversation/removed', id: 'c9' },
    ]);
    expect(state.files[scopeKey(chat)]).toBeUndefined();
  });

  it('leaves the state alone when a poll answers for a file no scope lists', () => {
    const state = run(base, [{ type: 'files/loaded', scope, documents: [doc({ id: 'd1' })] }]);
    expect(reducer(state, { type: 'file/updated', document: doc({ id: 'elsewhere' }) })).toBe(state);
  });
});

describe('projects', () => {
  it('keeps them sorted by name and deleting one lets its conversations go', () => {
    const conversation: Conversation = {
      id: 'c1',
      title: 'Refunds',
      model: null,
      currentLeafId: null,
      projectId: 'p1',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    let state = run(base, [
      { type: 'projects/loaded', projects: [project({ id: 'p2', name: 'zebra' }), project({ id: 'p1', name: 'Alpha' })] },
      { type: 'project/upserted', project: project({ id: 'p3', name: 'beta' }) },
      { type: 'conversations/loaded', conversations: [conversation], more: false, hasMore: false },
      { type: 'route/changed', conversationId: 'c1' },
      { type: 'thread/loaded', conversation, messages: [] },
      { type: 'files/loaded', scope, documents: [doc({ id: 'd1' })] },
    ]);
    expect(state.projects.items.map((p) => p.name)).toEqual(['Alpha', 'beta', 'zebra']);
    state = reducer(state, { type: 'project/removed', id: 'p1' });
    expect(state.projects.items.map((p) => p.id)).toEqual(['p3', 'p2']);
    expect(state.files[key]).toBeUndefined();
    expect(state.conversations.items[0].projectId).toBeNull();
    expect(state.thread?.conversation?.projectId).toBeNull();
  });
});
