import type { Message } from '../api/types';

/** The key of root messages (parentId `null`) in `children`. */
export const ROOT_KEY = '';

/** One conversation's message tree, indexed for the thread view. */
export interface MessageTree {
  messages: Readonly<Record<string, Message>>;
  /** Child ids by parent id (`ROOT_KEY` for roots), oldest first. */
  children: Readonly<Record<string, readonly string[]>>;
}

export const emptyTree: MessageTree = { messages: {}, children: {} };

const parentKey = (message: Pick<Message, 'parentId'>): string => message.parentId ?? ROOT_KEY;

/** Indexes a whole conversation at once: linear, where upserting one by one copies the index per message. */
export function buildTree(messages: readonly Message[]): MessageTree {
  const byId: Record<string, Message> = {};
  const order: string[] = [];
  for (const message of messages) {
    if (!(message.id in byId)) order.push(message.id);
    byId[message.id] = message;
  }
  const children: Record<string, string[]> = {};
  for (const id of order) (children[parentKey(byId[id])] ??= []).push(id);
  // A stable sort: siblings created at the same instant keep their order, as `upsertMessage` does.
  for (const siblings of Object.values(children)) siblings.sort((a, b) => compareTime(byId[a].createdAt, byId[b].createdAt));
  return { messages: byId, children };
}

const compareTime = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Adds or replaces one message, keeping `children` sorted by `createdAt`. */
export function upsertMessage(tree: MessageTree, message: Message): MessageTree {
  const previous = tree.messages[message.id];
  let base = tree;
  if (previous && parentKey(previous) !== parentKey(message)) base = removeMessage(tree, message.id);
  else if (previous) return { ...tree, messages: { ...tree.messages, [message.id]: message } };

  const key = parentKey(message);
  const siblings = [...(base.children[key] ?? [])];
  let index = siblings.length;
  while (index > 0 && base.messages[siblings[index - 1]].createdAt > message.createdAt) index--;
  siblings.splice(index, 0, message.id);
  return {
    messages: { ...base.messages, [message.id]: message },
    children: { ...base.children, [key]: siblings },
  };
}

/** Removes one message (not its descendants: callers remove leaves, such as optimistic placeholders). */
export function removeMessage(tree: MessageTree, id: string): MessageTree {
  const message = tree.messages[id];
  if (!message) return tree;
  const { [id]: _removed, ...messages } = tree.messages;
  const key = parentKey(message);
  const siblings = (tree.children[key] ?? []).filter((child) => child !== id);
  return { messages, children: { ...tree.children, [key]: siblings } };
}

/** Ids from the root to `leafId`, root first. */
export function pathTo(tree: MessageTree, leafId: string | null): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  let current = leafId ? tree.messages[leafId] : undefined;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.push(current.id);
    current = current.parentId ? tree.messages[current.parentId] : undefined;
  }
  return path.reverse();
}

/** The visible thread: the path to `leafId`, or to the newest leaf when it is unknown. */
export function visiblePath(tree: MessageTree, leafId: string | null): string[] {
  if (leafId && tree.messages[leafId]) return pathTo(tree, leafId);
  const roots = tree.children[ROOT_KEY] ?? [];
  if (roots.length === 0) return [];
  let newest: string | null = null;
  for (const root of roots) {
    const leaf = newestLeafUnder(tree, root);
    if (!newest || tree.messages[leaf].createdAt >= tree.messages[newest].createdAt) newest = leaf;
  }
  return pathTo(tree, newest);
}

/** The message and its siblings (same parent), oldest first. */
export function siblingsOf(tree: MessageTree, id: string): readonly string[] {
  const message = tree.messages[id];
  if (!message) return [];
  return tree.children[parentKey(message)] ?? [id];
}

/** The most recently created leaf in the subtree of `id` (`id` itself when it has no children). */
export function newestLeafUnder(tree: MessageTree, id: string): string {
  let best = id;
  let bestTime = '';
  const stack = [id];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    const kids = tree.children[current] ?? [];
    if (kids.length === 0) {
      const time = tree.messages[current]?.createdAt ?? '';
      if (time >= bestTime) {
        best = current;
        bestTime = time;
      }
    } else stack.push(...kids);
  }
  return best;
}
