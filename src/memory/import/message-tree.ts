import type { ImportedMessage } from './types.js';

/** One node of an exported tree; `message` null for nodes that carry nothing to import (roots, tools, hidden system text). */
export interface RawNode {
  id: string;
  parentId: string | null;
  message: { role: 'user' | 'assistant'; content: string; model: string | null; createdAt: Date | null } | null;
}

/**
 * Turns an exported message tree into Redline's: nodes without a message are skipped (their children
 * hang from the nearest kept ancestor), a chain of same-role messages with no branch in between
 * becomes one message (an assistant answer split around tool calls), parents come before children
 * and are never younger than them. Branches are kept.
 */
export function normalizeTree(nodes: RawNode[], options: { currentId: string | null; fallbackTime: Date }): { messages: ImportedMessage[]; currentMessageId: string | null } {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const kept = (node: RawNode | undefined) => node?.message && node.message.content.trim() !== '';
  const keptParentCache = new Map<string, string | null>();
  const keptParent = (id: string): string | null => {
    if (keptParentCache.has(id)) return keptParentCache.get(id)!;
    let parent = byId.get(id)?.parentId ?? null;
    for (let guard = 0; parent && !kept(byId.get(parent)) && guard <= nodes.length; guard++) parent = byId.get(parent)?.parentId ?? null;
    const result = parent && kept(byId.get(parent)) && parent !== id ? parent : null;
    keptParentCache.set(id, result);
    return result;
  };

  const children = new Map<string | null, RawNode[]>();
  for (const node of nodes) {
    if (!kept(node)) continue;
    const parent = keptParent(node.id);
    children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  const time = (node: RawNode) => node.message?.createdAt?.getTime() ?? Number.POSITIVE_INFINITY;
  for (const list of children.values()) list.sort((a, b) => time(a) - time(b));

  const alias = new Map<string, string>();
  const resolve = (id: string) => alias.get(id) ?? id;
  const out = new Map<string, ImportedMessage>();
  const visited = new Set<string>();
  const queue: RawNode[] = [...(children.get(null) ?? [])];
  while (queue.length) {
    const node = queue.shift()!;
    if (visited.has(node.id)) continue;
    visited.add(node.id);
    const message = node.message!;
    const originalParent = keptParent(node.id);
    const parent = originalParent ? out.get(resolve(originalParent)) : undefined;
    if (parent && originalParent && parent.role === message.role && (children.get(originalParent)?.length ?? 0) === 1) {
      parent.content = `${parent.content}\n\n${message.content.trim()}`;
      alias.set(node.id, parent.sourceId);
    } else {
      const own = message.createdAt?.getTime();
      const floor = parent ? parent.createdAt.getTime() + 1 : Number.NEGATIVE_INFINITY;
      const at = Math.max(own ?? (parent ? floor : options.fallbackTime.getTime()), floor);
      out.set(node.id, { sourceId: node.id, parentSourceId: parent?.sourceId ?? null, role: message.role, content: message.content.trim(), model: message.model, createdAt: new Date(at) });
    }
    queue.push(...(children.get(node.id) ?? []));
  }

  const messages = [...out.values()];
  let currentMessageId: string | null = null;
  if (options.currentId && byId.has(options.currentId)) {
    const start = kept(byId.get(options.currentId)) ? options.currentId : keptParent(options.currentId);
    currentMessageId = start ? resolve(start) : null;
  }
  if (!currentMessageId || !out.has(currentMessageId)) {
    const parents = new Set(messages.map((m) => m.parentSourceId));
    const leaves = messages.filter((m) => !parents.has(m.sourceId));
    currentMessageId = leaves.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]?.sourceId ?? null;
  }
  return { messages, currentMessageId };
}
