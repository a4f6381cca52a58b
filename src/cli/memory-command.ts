import { writeFile } from 'node:fs/promises';
import { apiError, type ApiClient } from './api-client.js';

interface MemoryRow {
  id: string;
  kind: string;
  content: string;
  createdAt: string;
  sourceConversationId: string | null;
}

const USAGE = 'Usage: redline memory list [QUERY] | redline memory export [FILE] | redline memory delete ID\n';

/** `redline memory …`: see, export and delete what Redline remembers, from the terminal. */
export async function runMemory(api: ApiClient, input: { args: string[]; out: NodeJS.WritableStream; err: NodeJS.WritableStream }): Promise<number> {
  const [verb, ...rest] = input.args;
  const { out } = input;
  switch (verb) {
    case 'list': {
      const query = rest.join(' ').trim();
      const { memories } = await api.json<{ memories: MemoryRow[] }>('GET', `/api/memories${query ? `?q=${encodeURIComponent(query)}` : ''}`);
      if (memories.length === 0) {
        out.write(query ? 'No memory matches.\n' : 'Redline remembers nothing about you yet.\n');
        return 0;
      }
      for (const m of memories) out.write(`${m.id}  ${m.kind.padEnd(12)} ${m.content}\n`);
      return 0;
    }
    case 'export': {
      const response = await api.request('GET', '/api/memories/export');
      if (!response.ok) throw await apiError(response);
      const text = await response.text();
      if (!rest[0]) {
        out.write(`${text}\n`);
        return 0;
      }
      await writeFile(rest[0], text);
      const count = (JSON.parse(text) as { memories: unknown[] }).memories.length;
      out.write(`Wrote ${count} ${count === 1 ? 'memory' : 'memories'} to ${rest[0]}.\n`);
      return 0;
    }
    case 'delete': {
      if (!rest[0]) break;
      await api.json('DELETE', `/api/memories/${encodeURIComponent(rest[0])}`);
      out.write('Forgotten.\n');
      return 0;
    }
  }
  input.err.write(USAGE);
  return 2;
}
