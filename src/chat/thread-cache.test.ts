import { describe, expect, it } from 'vitest';
import { ThreadCache } from './thread-cache.js';
import type { ThreadMessage } from './types.js';

const msg = (id: string, parentId: string | null, content: string, status: ThreadMessage['status'] = 'complete'): ThreadMessage => ({
  id,
  parentId,
  role: parentId === null || id.startsWith('u') ? 'user' : 'assistant',
  content,
  status,
});

describe('ThreadCache', () => {
  it("answers only the conversation's own user", () => {
    const cache = new ThreadCache();
    cache.fill({ userId: 'alice', conversationId: 'c1' }, [msg('u1', null, 'hello')], cache.mark());
    expect(cache.get('alice', 'c1')?.map((m) => m.content)).toEqual(['hello']);
    expect(cache.get('bob', 'c1')).toBeNull();
  });

  it('does not keep a read that a write overlapped: it may predate the write', () => {
    const cache = new ThreadCache();
    const mark = cache.mark();
    // The turn's insert lands while the read is in flight; the cache has no entry to add it to yet.
    cache.added('c1', [msg('u2', 'a1', 'new question')]);
    cache.fill({ userId: 'alice', conversationId: 'c1' }, [msg('u1', null, 'hello'), msg('a1', 'u1', 'hi')], mark);
    expect(cache.get('alice', 'c1')).toBeNull();
  });

  it('follows a turn: new messages, partial saves of the streaming answer, its final text', () => {
    const cache = new ThreadCache();
    cache.fill({ userId: 'alice', conversationId: 'c1' }, [msg('u1', null, 'hello'), msg('a1', 'u1', 'hi')], cache.mark());
    cache.added('c1', [msg('u2', 'a1', 'and then?'), msg('a2', 'u2', '', 'streaming')]);
    cache.changed({ conversationId: 'c1', messageId: 'a2' }, { content: 'Then' }, { status: 'streaming' });
    expect(cache.get('alice', 'c1')?.at(-1)).toMatchObject({ id: 'a2', content: 'Then', status: 'streaming' });
    cache.changed({ conversationId: 'c1', messageId: 'a2' }, { content: 'Then we eat.', status: 'complete' });
    // A late partial save is a no-op in the store (status is no longer streaming), and here too.
    cache.changed({ conversationId: 'c1', messageId: 'a2' }, { content: 'Then' }, { status: 'streaming' });
    expect(cache.get('alice', 'c1')?.map((m) => `${m.id}:${m.status}:${m.content}`)).toEqual(['u1:complete:hello', 'a1:complete:hi', 'u2:complete:and then?', 'a2:complete:Then we eat.']);
  });

  it('never adds a message twice when a read after the insert filled the entry first', () => {
    const cache = new ThreadCache();
    const u2 = msg('u2', null, 'again');
    cache.fill({ userId: 'alice', conversationId: 'c1' }, [msg('u1', null, 'hello'), u2], cache.mark());
    cache.added('c1', [u2]);
    expect(cache.get('alice', 'c1')?.map((m) => m.id)).toEqual(['u1', 'u2']);
  });

  it('hands out copies: a caller changing its array does not change the cache', () => {
    const cache = new ThreadCache();
    cache.fill({ userId: 'alice', conversationId: 'c1' }, [msg('u1', null, 'hello')], cache.mark());
    cache.get('alice', 'c1')!.push(msg('x', null, 'injected'));
    expect(cache.get('alice', 'c1')).toHaveLength(1);
  });

  it('forgets a deleted conversation, and everything on a write it cannot follow', () => {
    const cache = new ThreadCache();
    cache.fill({ userId: 'alice', conversationId: 'c1' }, [msg('u1', null, 'one')], cache.mark());
    cache.fill({ userId: 'alice', conversationId: 'c2' }, [msg('u9', null, 'two')], cache.mark());
    cache.invalidate('c1');
    expect(cache.get('alice', 'c1')).toBeNull();
    expect(cache.get('alice', 'c2')).not.toBeNull();
    cache.invalidate();
    expect(cache.get('alice', 'c2')).toBeNull();
  });

  it('stays within its size, dropping the least recently used conversation', () => {
    const cache = new ThreadCache(40);
    cache.fill({ userId: 'alice', conversationId: 'old' }, [msg('u1', null, 'x'.repeat(10))], cache.mark());
    cache.fill({ userId: 'alice', conversationId: 'used' }, [msg('u2', null, 'y'.repeat(10))], cache.mark());
    cache.get('alice', 'old');
    cache.fill({ userId: 'alice', conversationId: 'new' }, [msg('u3', null, 'z'.repeat(10))], cache.mark());
    cache.added('new', [msg('u4', 'u3', 'w'.repeat(10))]);
    cache.fill({ userId: 'alice', conversationId: 'newest' }, [msg('u5', null, 'v'.repeat(10))], cache.mark());
    // 50 characters asked for, 40 kept: "used" was the least recently used.
    expect(cache.get('alice', 'used')).toBeNull();
    expect(cache.get('alice', 'old')).not.toBeNull();
    expect(cache.get('alice', 'newest')).not.toBeNull();
  });
});
