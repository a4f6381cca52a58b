import type { MessageStatus } from '../db/index.js';
import type { ThreadMessage } from './types.js';

interface Entry {
  userId: string;
  messages: ThreadMessage[];
  chars: number;
}

/**
 * The message trees of recently used conversations, kept in memory so a turn does not read its whole
 * history back from the store it just wrote. Only correct when this process is the store's only
 * writer (embedded PGlite behind the data-dir lock), and only when every write to `messages` goes
 * through ConversationStore, which applies it here after it commits.
 *
 * A read that misses is stored only if no write happened while it ran: otherwise it may predate that
 * write (PGlite runs queries one at a time, in the order they were issued) and would hide it forever.
 * Bounded by the characters it holds; the least recently used conversations go first.
 */
export class ThreadCache {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;
  /** Bumped by every write, so a read can tell whether one overlapped it. */
  private generation = 0;

  constructor(private readonly maxChars = 16_000_000) {}

  /** The conversation's whole thread, a copy the caller may keep; null when not cached. */
  get(userId: string, conversationId: string): ThreadMessage[] | null {
    return this.peek(userId, conversationId)?.slice() ?? null;
  }

  /** The same without copying, to look something up in it now. */
  peek(userId: string, conversationId: string): readonly ThreadMessage[] | null {
    const entry = this.entries.get(conversationId);
    if (!entry || entry.userId !== userId) return null;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(conversationId);
    this.entries.set(conversationId, entry);
    return entry.messages;
  }

  /** A token to pass to `fill` with what a read started now returns. */
  mark(): number {
    return this.generation;
  }

  fill({ userId, conversationId }: { userId: string; conversationId: string }, messages: ThreadMessage[], mark: number): void {
    if (mark !== this.generation) return;
    this.drop(conversationId);
    const chars = messages.reduce((sum, msg) => sum + msg.content.length, 0);
    if (chars > this.maxChars / 4) return;
    this.entries.set(conversationId, { userId, messages, chars });
    this.chars += chars;
    this.shrink();
  }

  /** New messages of a conversation (a turn's start). */
  added(conversationId: string, messages: ThreadMessage[]): void {
    this.generation++;
    const entry = this.entries.get(conversationId);
    if (!entry) return;
    // A read that ran after the insert may have filled the entry first: never add a message twice.
    const fresh = messages.filter((msg) => !entry.messages.some((known) => known.id === msg.id));
    entry.messages.push(...fresh);
    this.resize(entry, fresh.reduce((sum, msg) => sum + msg.content.length, 0));
    this.shrink();
  }

  /** A message's new text or status, applied only where the store's own condition held (`onlyIf`). */
  changed({ conversationId, messageId }: { conversationId: string; messageId: string }, patch: { content?: string; status?: MessageStatus }, onlyIf?: { status: MessageStatus }): void {
    this.generation++;
    const entry = this.entries.get(conversationId);
    const at = entry?.messages.findIndex((msg) => msg.id === messageId) ?? -1;
    if (!entry || at === -1) return;
    const before = entry.messages[at];
    if (onlyIf && before.status !== onlyIf.status) return;
    // Replaced, never mutated: callers hold the arrays and objects they were given.
    const after = { ...before, ...patch };
    entry.messages[at] = after;
    this.resize(entry, after.content.length - before.content.length);
  }

  /** A write the cache cannot follow (deletions, bulk status changes): forget every conversation, or one. */
  invalidate(conversationId?: string): void {
    this.generation++;
    if (conversationId === undefined) {
      this.entries.clear();
      this.chars = 0;
    } else this.drop(conversationId);
  }

  private resize(entry: Entry, delta: number): void {
    entry.chars += delta;
    this.chars += delta;
  }

  /** Least recently used first, until the characters held are within bounds. */
  private shrink(): void {
    for (const [id] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.drop(id);
    }
  }

  private drop(conversationId: string): void {
    const entry = this.entries.get(conversationId);
    if (!entry) return;
    this.chars -= entry.chars;
    this.entries.delete(conversationId);
  }
}
