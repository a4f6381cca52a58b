import { randomUUID } from 'node:crypto';
import type { Message } from '../types.js';

/** A linear thread of alternating user/assistant messages with these texts (tests only). */
export function makeThread(texts: string[], conversationId = randomUUID()): Message[] {
  const thread: Message[] = [];
  for (const [i, content] of texts.entries()) {
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
    thread.push({
      id: randomUUID(),
      conversationId,
      parentId: thread.at(-1)?.id ?? null,
      role: i % 2 === 0 ? 'user' : 'assistant',
      content,
      status: 'complete',
      model: i % 2 === 0 ? null : 'fake:model',
      error: null,
      usage: null,
      metadata: null,
      createdAt: at,
      updatedAt: at,
    });
  }
  return thread;
}

/** `n` sentences of filler about a numbered topic: ~12 tokens each. */
export const filler = (topic: number, n = 8) => Array.from({ length: n }, (_, i) => `Turn ${topic} sentence ${i} talks about the weather and gardens.`).join(' ');
