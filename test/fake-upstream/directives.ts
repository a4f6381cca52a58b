import type { ToolCallAnswer } from './types.js';

/** Per-request instructions embedded in the last user message as `[[name:value]]`. */
export interface Directives {
  /** `[[words:N]]`: answer with N lorem words. */
  words?: number;
  /** `[[delay:MS]]`: per-chunk delay. */
  delayMs?: number;
  /** `[[ttft:MS]]`: delay before the first chunk. */
  ttftMs?: number;
  /** `[[error:STATUS]]`. */
  errorStatus?: number;
  /** `[[cut:N]]`: cut the stream after N content chunks. */
  cutAfter?: number;
  stall?: boolean;
  malformed?: boolean;
  html?: boolean;
  markdown?: boolean;
  /** `[[reasoning:N]]`: N lorem words of reasoning before the answer. */
  reasoningWords?: number;
  /** `[[provider]]`: prefix the answer with the server's name, to see which provider answered. */
  provider?: boolean;
  /** `[[tool:NAME {"json":"args"}]]`, in order; several make parallel calls. */
  tools: ToolCallAnswer[];
}

// Lazy so two directives on one line stay apart; JSON arguments containing "]]" are not supported.
const DIRECTIVE = /[ \t]*\[\[(\w+)(?::([^\s\]]*))?(?:\s+([\s\S]*?))?\]\]/g;

/** Parses `[[...]]` directives out of `text`; unknown or invalid ones stay in the text. */
export function parseDirectives(text: string): { text: string; directives: Directives } {
  const directives: Directives = { tools: [] };
  if (!text.includes('[[')) return { text, directives };
  const rest = text.replace(DIRECTIVE, (whole, name: string, value: string | undefined, arg: string | undefined) =>
    apply(directives, { name, value, arg }) ? '' : whole,
  );
  return { text: rest.trim(), directives };
}

const NUMERIC = {
  words: 'words',
  delay: 'delayMs',
  ttft: 'ttftMs',
  error: 'errorStatus',
  cut: 'cutAfter',
  reasoning: 'reasoningWords',
} as const satisfies Record<string, keyof Directives>;

const FLAGS = new Set(['stall', 'malformed', 'html', 'markdown', 'provider'] as const);
type Flag = typeof FLAGS extends Set<infer F> ? F : never;

/** Records one directive; false when it is unknown or its value is invalid. */
function apply(d: Directives, { name, value, arg }: { name: string; value?: string; arg?: string }): boolean {
  if (Object.hasOwn(NUMERIC, name)) {
    if (value === undefined || !/^\d+$/.test(value) || arg !== undefined) return false;
    const n = Number(value);
    if (name === 'error' && (n < 400 || n > 599)) return false;
    d[NUMERIC[name as keyof typeof NUMERIC]] = n;
    return true;
  }
  if (FLAGS.has(name as Flag)) {
    if (value !== undefined || arg !== undefined) return false;
    d[name as Flag] = true;
    return true;
  }
  if (name === 'tool' && value) {
    d.tools.push({ name: value, arguments: arg?.trim() || '{}' });
    return true;
  }
  return false;
}
