import type { Conversation } from './types.js';

/**
 * Conversation rows of recently used conversations, so a turn does not read back the row this process
 * wrote at the end of the last one. Correct under the same conditions as ThreadCache: this process is
 * the store's only writer, and every write to `conversations` goes through ConversationStore (or, for
 * the foreign key that clears a deleted project, tells this cache: `projectRemoved`).
 *
 * A read that misses is stored only if no write happened while it ran (see ThreadCache). Bounded by
 * count; the least recently used go first.
 */
export class ConversationCache {
  private readonly entries = new Map<string, { userId: string; conversation: Conversation }>();
  private generation = 0;

  constructor(private readonly maxEntries = 10_000) {}

  /** A copy the caller may change; null when not cached or not this user's. */
  get(userId: string, id: string): Conversation | null {
    const entry = this.entries.get(id);
    if (!entry || entry.userId !== userId) return null;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return { ...entry.conversation };
  }

  /** A token to pass to `fill` with what a read started now returns. */
  mark(): number {
    return this.generation;
  }

  /** What a read returned, kept only if no write overlapped it. */
  fill(userId: string, conversation: Conversation, mark: number): void {
    if (mark === this.generation) this.put(userId, conversation);
  }

  /** The row as a committed write returned it. */
  written(userId: string, conversation: Conversation): void {
    this.generation++;
    this.put(userId, conversation);
  }

  /** A committed write whose row is not at hand, or a deletion: the next read goes to the store. */
  drop(id: string): void {
    this.generation++;
    this.entries.delete(id);
  }

  /** The foreign key took the deleted project's conversations out of it, in the store. */
  projectRemoved(projectId: string): void {
    this.generation++;
    for (const [id, entry] of this.entries) if (entry.conversation.projectId === projectId) this.entries.delete(id);
  }

  private put(userId: string, conversation: Conversation): void {
    this.entries.delete(conversation.id);
    this.entries.set(conversation.id, { userId, conversation: { ...conversation } });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
