import { describe, expect, it } from 'vitest';
import { ConversationCache } from './conversation-cache.js';
import type { Conversation } from './types.js';

const conv = (id: string, patch: Partial<Conversation> = {}): Conversation => ({
  id,
  title: 'New chat',
  model: null,
  currentLeafId: null,
  temporary: false,
  instructions: null,
  projectId: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...patch,
});

describe('ConversationCache', () => {
  it("answers only the conversation's own user, with a copy", () => {
    const cache = new ConversationCache();
    cache.fill('alice', conv('c1', { title: 'Trip' }), cache.mark());
    const got = cache.get('alice', 'c1')!;
    expect(got.title).toBe('Trip');
    expect(cache.get('bob', 'c1')).toBeNull();
    got.title = 'changed by a caller';
    expect(cache.get('alice', 'c1')?.title).toBe('Trip');
  });

  it('does not keep a read that a write overlapped, and keeps what the write returned', () => {
    const cache = new ConversationCache();
    const mark = cache.mark();
    cache.written('alice', conv('c1', { title: 'Renamed' }));
    // The read started before the rename committed: it may hold the old title.
    cache.fill('alice', conv('c1', { title: 'Old' }), mark);
    expect(cache.get('alice', 'c1')?.title).toBe('Renamed');
    cache.drop('c1');
    expect(cache.get('alice', 'c1')).toBeNull();
  });

  it("forgets a deleted project's conversations, and only those", () => {
    const cache = new ConversationCache();
    cache.written('alice', conv('c1', { projectId: 'p1' }));
    cache.written('alice', conv('c2', { projectId: 'p2' }));
    cache.projectRemoved('p1');
    expect(cache.get('alice', 'c1')).toBeNull();
    expect(cache.get('alice', 'c2')?.projectId).toBe('p2');
  });

  it('drops the least recently used past its bound', () => {
    const cache = new ConversationCache(2);
    cache.written('alice', conv('c1'));
    cache.written('alice', conv('c2'));
    cache.get('alice', 'c1');
    cache.written('alice', conv('c3'));
    expect(cache.get('alice', 'c2')).toBeNull();
    expect(cache.get('alice', 'c1')).not.toBeNull();
    expect(cache.get('alice', 'c3')).not.toBeNull();
  });
});
