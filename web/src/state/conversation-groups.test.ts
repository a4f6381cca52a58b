import { describe, expect, it } from 'vitest';
import type { Conversation } from '../api/types';
import { groupConversations } from './conversation-groups';

const at = (id: string, date: Date): Conversation => ({
  id,
  title: id,
  model: null,
  currentLeafId: null,
  createdAt: date.toISOString(),
  updatedAt: date.toISOString(),
});

describe('groupConversations', () => {
  it('groups by local calendar day', () => {
    const now = new Date(2025, 5, 15, 9, 30);
    const groups = groupConversations(
      [
        at('today', new Date(2025, 5, 15, 0, 5)),
        at('yesterday', new Date(2025, 5, 14, 23, 59)),
        at('week', new Date(2025, 5, 9, 12)),
        at('old', new Date(2025, 5, 7, 12)),
      ],
      now,
    );
    expect(groups.map((g) => [g.label, g.items.map((c) => c.id)])).toEqual([
      ['Today', ['today']],
      ['Yesterday', ['yesterday']],
      ['Previous 7 days', ['week']],
      ['Older', ['old']],
    ]);
  });

  it('leaves out empty groups', () => {
    const now = new Date(2025, 5, 15, 9, 30);
    expect(groupConversations([at('old', new Date(2024, 0, 1))], now).map((g) => g.label)).toEqual(['Older']);
    expect(groupConversations([], now)).toEqual([]);
  });
});
