import { z } from 'zod';
import type { Tool } from './types.js';

const input = z.object({ query: z.string().min(1).max(500), limit: z.number().int().min(1).max(10).optional() });

/** A hit as the search returns it (the memory module's episodic search, passed in). */
export interface ChatSearchHit {
  conversationTitle: string;
  role: 'user' | 'assistant';
  text: string;
  createdAt: Date;
}

export type ChatSearch = (input: { userId: string; query: string; k: number; excludeConversationId: string | null }) => Promise<ChatSearchHit[]>;

/** Search over the user's own past conversations (never anyone else's). */
export function searchChatsTool(search: ChatSearch): Tool<z.infer<typeof input>> {
  return {
    name: 'search_past_chats',
    description: "Search the user's earlier conversations with you for what was said before (plans, decisions, details they shared). Returns dated excerpts, best first.",
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'Words to look for, e.g. "Kyoto trip hotel".' },
        limit: { type: 'integer', minimum: 1, maximum: 10, description: 'How many excerpts (default 5).' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    parse: input,
    timeoutMs: 5000,
    async run({ query, limit }, context) {
      const hits = await search({ userId: context.userId, query, k: limit ?? 5, excludeConversationId: context.conversationId });
      if (hits.length === 0) return { text: `No earlier conversation mentions "${query}".` };
      return {
        text: hits.map((hit, i) => `[${i + 1}] ${hit.createdAt.toISOString().slice(0, 10)}, "${hit.conversationTitle || 'Untitled'}", ${hit.role}: ${hit.text}`).join('\n'),
      };
    },
  };
}
