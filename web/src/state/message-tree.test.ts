import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types';
import { buildTree, newestLeafUnder, pathTo, removeMessage, siblingsOf, upsertMessage, visiblePath } from './message-tree';

let clock = 0;
function msg(id: string, parentId: string | null, role: Message['role'] = 'user'): Message {
  clock += 1;
  const time = new Date(Date.UTC(2025, 0, 1, 0, 0, clock)).toISOString();
  return {
    id,
    conversationId: 'c',
    parentId,
    role,
    content: id,
    status: 'complete',
    model: null,
    error: null,
    usage: null,
    metadata: null,
    createdAt: time,
    updatedAt: time,
  };
}

// u1 → a1 → u2 → a2
//         ↘ u2b → a2b        (edit of u2)
//    ↘ a1b                   (regeneration of a1)
const tree = buildTree([
  msg('u1', null),
  msg('a1', 'u1', 'assistant'),
  msg('u2', 'a1'),
  msg('a2', 'u2', 'assistant'),
  msg('a1b', 'u1', 'assistant'),
  msg('u2b', 'a1'),
  msg('a2b', 'u2b', 'assistant'),
]);

describe('message tree', () => {
  it('walks the path from the root to a leaf', () => {
    expect(pathTo(tree, 'a2')).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(pathTo(tree, 'a2b')).toEqual(['u1', 'a1', 'u2b', 'a2b']);
    expect(pathTo(tree, 'missing')).toEqual([]);
  });

  it('lists siblings oldest first', () => {
    expect(siblingsOf(tree, 'a1')).toEqual(['a1', 'a1b']);
    expect(siblingsOf(tree, 'u2b')).toEqual(['u2', 'u2b']);
    expect(siblingsOf(tree, 'u1')).toEqual(['u1']);
  });

  it('finds the newest leaf under a message', () => {
    expect(newestLeafUnder(tree, 'a1')).toBe('a2b');
    expect(newestLeafUnder(tree, 'u2')).toBe('a2');
    expect(newestLeafUnder(tree, 'a1b')).toBe('a1b');
  });

  it('falls back to the newest leaf when the current leaf is unknown', () => {
    expect(visiblePath(tree, null)).toEqual(['u1', 'a1', 'u2b', 'a2b']);
    expect(visiblePath(tree, 'a1b')).toEqual(['u1', 'a1b']);
  });

  it('inserts by creation time and removes placeholders', () => {
    const local = msg('local-1', 'u1', 'assistant');
    const withLocal = upsertMessage(tree, local);
    expect(siblingsOf(withLocal, 'a1')).toEqual(['a1', 'a1b', 'local-1']);
    const without = removeMessage(withLocal, 'local-1');
    expect(siblingsOf(without, 'a1')).toEqual(['a1', 'a1b']);
    expect(without.messages['local-1']).toBeUndefined();
  });

  it('replaces a message in place', () => {
    const updated = upsertMessage(tree, { ...tree.messages.a2, content: 'new' });
    expect(updated.messages.a2.content).toBe('new');
    expect(updated.children).toBe(tree.children);
  });
});

describe('buildTree', () => {
  it('indexes like upserting one message at a time, ties and out-of-order input included', () => {
    const same = '2025-01-01T00:00:00.000Z';
    const at = (m: Message, time: string): Message => ({ ...m, createdAt: time, updatedAt: time });
    const messages = [
      msg('r', null),
      at(msg('b', 'r', 'assistant'), same),
      at(msg('a', 'r', 'assistant'), same),
      msg('c', 'r', 'assistant'),
      msg('d', 'c'),
    ].reverse();
    expect(buildTree(messages)).toEqual(messages.reduce(upsertMessage, { messages: {}, children: {} }));
  });

  it('builds a thousand-message thread and walks its whole visible path', () => {
    const messages: Message[] = [];
    for (let i = 0; i < 1000; i++) messages.push(msg(`m${i}`, i === 0 ? null : `m${i - 1}`, i % 2 ? 'assistant' : 'user'));
    const built = buildTree(messages);
    const path = visiblePath(built, 'm999');
    expect(path).toHaveLength(1000);
    expect([path[0], path[999]]).toEqual(['m0', 'm999']);
  });
});
