import { z } from 'zod';
import type { Tool } from './types.js';

const input = z.object({ query: z.string().min(1).max(500), limit: z.number().int().min(1).max(10).optional() });

/** A passage as the document search returns it (the documents module's retrieval, passed in). */
export interface DocumentSearchHit {
  name: string;
  heading: string | null;
  page: number | null;
  text: string;
}

/** Searches the files of the conversation's project and its attachments, or all the user's files in a chat without any. */
export type DocumentSearch = (input: { userId: string; conversationId: string | null; query: string; k: number }) => Promise<DocumentSearchHit[]>;

/** Search over the user's own uploaded files (never anyone else's). */
export function searchDocumentsTool(search: DocumentSearch): Tool<z.infer<typeof input>> {
  return {
    name: 'search_documents',
    description:
      "Search the user's uploaded files (this project's files and this chat's attachments, or all their files in a chat without any) for passages about something. Use it when the answer may be in their documents and the passages already given do not cover it. Returns passages with file name, section and page, best first.",
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What to look for, in the words the document would use, e.g. "refund period annual plan".' },
        limit: { type: 'integer', minimum: 1, maximum: 10, description: 'How many passages (default 5).' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    parse: input,
    timeoutMs: 10_000,
    async run({ query, limit }, context) {
      const hits = await search({ userId: context.userId, conversationId: context.conversationId, query, k: limit ?? 5 });
      if (hits.length === 0) return { text: `No passage of the user's files matches "${query}".` };
      return { text: hits.map((hit, i) => `[${i + 1}] ${[hit.name, hit.heading, hit.page ? `p. ${hit.page}` : null].filter(Boolean).join(' · ')}\n${hit.text}`).join('\n\n') };
    },
  };
}
