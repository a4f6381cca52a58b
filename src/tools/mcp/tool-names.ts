import { createHash } from 'node:crypto';

const MAX_NAME = 64;

/**
 * The name a model sees for a server's tool: `<serverId>__<toolName>`, reduced to the characters
 * providers accept ([a-zA-Z0-9_-], at most 64). A name that had to be cut, or that collides with one
 * already `taken`, ends in a short hash of the original so each tool keeps its own name.
 *
 * @example toolName('files', 'read.file', new Set()) // 'files__read_file'
 */
export function toolName(serverId: string, tool: string, taken: ReadonlySet<string>): string {
  const full = `${serverId}__${tool}`;
  const clean = full.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (clean.length <= MAX_NAME && !taken.has(clean)) return clean;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${clean.slice(0, MAX_NAME - hash.length - 1)}_${hash}`;
}
