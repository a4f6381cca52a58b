import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type ApiClient } from './api-client.js';

/** What POST /api/import answers (docs/api.md). */
interface ImportAnswer {
  source: 'chatgpt' | 'redline';
  counts: { conversations: number; messages: number; skipped: number; failed: number; memories: number };
  skipped: { title: string; reason: string }[];
  failed: { title: string; error: string }[];
  invalid: { index: number; title: string; error: string }[];
}

/**
 * `redline import <file>`: a ChatGPT `conversations.json` or a Redline export into the owner's
 * history. A file over the server's import limit goes in parts of whole conversations, so any size
 * imports; each part is its own request, and a conversation imported before is skipped, so running
 * it again after a failure is safe.
 */
export async function runImport(api: ApiClient, input: { file: string; maxPartBytes: number; out: NodeJS.WritableStream }): Promise<number> {
  const { file, out } = input;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not a JSON file (${(error as Error).message})`;
    throw new ApiError(`Cannot import ${file}: ${reason}.`, 400, 'import_format');
  }
  const parts = splitExport(json, input.maxPartBytes);
  const total: ImportAnswer = { source: 'chatgpt', counts: { conversations: 0, messages: 0, skipped: 0, failed: 0, memories: 0 }, skipped: [], failed: [], invalid: [] };
  for (const [i, part] of parts.entries()) {
    if (parts.length > 1) out.write(`Importing part ${i + 1} of ${parts.length}…\n`);
    const answer = await api.json<ImportAnswer>('POST', '/api/import', part);
    total.source = answer.source;
    for (const key of Object.keys(total.counts) as (keyof ImportAnswer['counts'])[]) total.counts[key] += answer.counts[key];
    total.skipped.push(...answer.skipped);
    total.failed.push(...answer.failed);
    total.invalid.push(...answer.invalid);
  }
  out.write(summarize(path.basename(file), total));
  return total.counts.failed > 0 ? 1 : 0;
}

/** The export as request bodies of at most `maxBytes` each (a single conversation over it still goes alone). */
export function splitExport(json: unknown, maxBytes: number): unknown[] {
  const whole = JSON.stringify(json);
  if (Buffer.byteLength(whole) <= maxBytes) return [json];
  if (Array.isArray(json)) return chunk(json, maxBytes);
  const redline = json as { conversations?: unknown[]; memories?: unknown[] };
  if (typeof json === 'object' && json !== null && Array.isArray(redline.conversations)) {
    // The envelope goes with every part; memories with the first only.
    const chunks = chunk(redline.conversations, maxBytes - 4096);
    return chunks.map((conversations, i) => ({ ...redline, conversations, memories: i === 0 ? (redline.memories ?? []) : [] }));
  }
  // Not an export: one request, and the server says what it is not.
  return [json];
}

function chunk(items: unknown[], maxBytes: number): unknown[][] {
  const parts: unknown[][] = [];
  let current: unknown[] = [];
  let bytes = 2;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length > 0 && bytes + size > maxBytes) {
      parts.push(current);
      current = [];
      bytes = 2;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

function summarize(name: string, answer: ImportAnswer): string {
  const { counts } = answer;
  const from = answer.source === 'chatgpt' ? 'ChatGPT' : 'Redline';
  const lines = [`Imported ${plural(counts.conversations, 'conversation')} (${plural(counts.messages, 'message')}) from ${from} (${name}).`];
  const already = answer.skipped.filter((s) => s.reason === 'already_imported').length;
  if (already) lines.push(`${plural(already, 'conversation')} already imported, skipped.`);
  const empty = answer.skipped.length - already;
  if (empty) lines.push(`${plural(empty, 'empty conversation')} skipped.`);
  if (counts.memories) lines.push(`${plural(counts.memories, 'memory', 'memories')} added.`);
  for (const bad of answer.invalid) lines.push(`Not imported: “${bad.title}”: ${bad.error}`);
  for (const failed of answer.failed) lines.push(`Failed: “${failed.title}”: ${failed.error}`);
  return `${lines.join('\n')}\n`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
