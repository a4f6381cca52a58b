import type { Conversation } from '../api/types';

export type GroupLabel = 'Today' | 'Yesterday' | 'Previous 7 days' | 'Older';

export interface ConversationGroup {
  label: GroupLabel;
  items: Conversation[];
}

/** Groups conversations (newest first) by `updatedAt` in local time. Empty groups are left out. */
export function groupConversations(conversations: readonly Conversation[], now: Date = new Date()): ConversationGroup[] {
  // Calendar days in local time (a day is not always 24 hours when daylight saving changes).
  const daysAgo = (days: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - days).getTime();
  const bounds: [GroupLabel, number][] = [
    ['Today', daysAgo(0)],
    ['Yesterday', daysAgo(1)],
    ['Previous 7 days', daysAgo(7)],
    ['Older', -Infinity],
  ];
  const groups = new Map<GroupLabel, Conversation[]>();
  for (const conversation of conversations) {
    const time = Date.parse(conversation.updatedAt);
    const label = bounds.find(([, start]) => (Number.isNaN(time) ? false : time >= start))?.[0] ?? 'Older';
    const items = groups.get(label) ?? [];
    items.push(conversation);
    groups.set(label, items);
  }
  return bounds.flatMap(([label]) => {
    const items = groups.get(label);
    return items ? [{ label, items }] : [];
  });
}
