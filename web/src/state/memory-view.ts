import type { ImportResult, Memory, MemoryKind, MemoryRef, Message } from '../api/types';

/** The server's bounds on personalization (src/memory/settings-store.ts SETTINGS_LIMITS), shown next to the fields. */
export const PERSONALIZATION_LIMITS = { instructionChars: 1500, styleRules: 12, styleRuleChars: 200 } as const;

export const MEMORY_KINDS: readonly MemoryKind[] = ['fact', 'preference', 'goal', 'relationship'];

export const KIND_LABELS: Record<MemoryKind, string> = {
  fact: 'Fact',
  preference: 'Preference',
  goal: 'Goal',
  relationship: 'Relationship',
};

export function isMemoryKind(value: unknown): value is MemoryKind {
  return typeof value === 'string' && (MEMORY_KINDS as readonly string[]).includes(value);
}

/** "Used 1 memory", "Used 3 memories". */
export function usedMemoriesLabel(count: number): string {
  return `Used ${count} ${count === 1 ? 'memory' : 'memories'}`;
}

/**
 * The memories an answer was given (`metadata.memories`), read defensively: the server stores
 * metadata as free-form JSON, so malformed entries are dropped rather than trusted.
 */
export function usedMemoriesOf(message: Message): MemoryRef[] {
  const raw: unknown = message.metadata?.memories;
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const refs: MemoryRef[] = [];
  for (const entry of raw as unknown[]) {
    if (!entry || typeof entry !== 'object') continue;
    const { id, kind, content } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || !id || typeof content !== 'string' || seen.has(id)) continue;
    seen.add(id);
    refs.push({ id, kind: isMemoryKind(kind) ? kind : 'fact', content });
  }
  return refs;
}

/** Where a memory came from, for "Why do you know this?". */
export type MemorySourceView =
  | { type: 'message'; conversationId: string; messageId: string }
  /** The conversation is known but not the message (it was edited away or deleted). */
  | { type: 'conversation'; conversationId: string }
  /** Typed in by hand, imported, or its source conversation was deleted: the server keeps no link. */
  | { type: 'none' };

export function memorySource(memory: Pick<Memory, 'sourceConversationId' | 'sourceMessageId'>): MemorySourceView {
  if (memory.sourceConversationId && memory.sourceMessageId) {
    return { type: 'message', conversationId: memory.sourceConversationId, messageId: memory.sourceMessageId };
  }
  if (memory.sourceConversationId) return { type: 'conversation', conversationId: memory.sourceConversationId };
  return { type: 'none' };
}

/** A character counter's state: "120 / 1500", over the limit or close to it. */
export function charCount(text: string, limit: number): { label: string; over: boolean; near: boolean } {
  const length = [...text].length;
  return { label: `${length.toLocaleString('en-US')} / ${limit.toLocaleString('en-US')}`, over: length > limit, near: length > limit * 0.9 };
}

/** Cleans a list of style rules the way the server will (trimmed, one space, no blanks or duplicates). */
export function normalizeRules(rules: readonly string[]): string[] {
  const cleaned = rules.map((rule) => rule.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return [...new Set(cleaned)];
}

/** Why a list of style rules cannot be saved, or null. */
export function rulesProblem(rules: readonly string[]): string | null {
  const { styleRules, styleRuleChars } = PERSONALIZATION_LIMITS;
  if (rules.length > styleRules) return `Keep it to ${styleRules} rules or fewer.`;
  if (rules.some((rule) => [...rule].length > styleRuleChars)) return `Each rule can be at most ${styleRuleChars} characters.`;
  return null;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** What an import did, in a sentence and a list of problems a user can act on. */
export interface ImportSummary {
  headline: string;
  details: string[];
  /** Something was left out. */
  problems: string[];
}

export function summarizeImport(result: ImportResult): ImportSummary {
  const imported = Array.isArray(result.imported) ? result.imported : [];
  const skipped = Array.isArray(result.skipped) ? result.skipped : [];
  const failed = Array.isArray(result.failed) ? result.failed : [];
  const invalid = Array.isArray(result.invalid) ? result.invalid : [];
  const messages = imported.reduce((sum, c) => sum + (Number.isFinite(c.messages) ? c.messages : 0), 0);
  const source = result.source === 'chatgpt' ? ' from ChatGPT' : result.source === 'redline' ? ' from a Redline export' : '';
  const headline =
    imported.length > 0
      ? `Imported ${plural(imported.length, 'conversation')} (${plural(messages, 'message')})${source}.`
      : `No new conversations imported${source}.`;
  const details: string[] = [];
  const already = skipped.filter((s) => s.reason === 'already_imported').length;
  const empty = skipped.length - already;
  if (already) details.push(`${plural(already, 'conversation')} already imported, skipped.`);
  if (empty) details.push(`${plural(empty, 'empty conversation')} skipped.`);
  if (typeof result.memories === 'number' && result.memories > 0) details.push(`${plural(result.memories, 'memory', 'memories')} added.`);
  const problems = [
    ...failed.map((f) => `“${f.title || 'Untitled'}” could not be imported: ${f.error}`),
    ...invalid.map((i) => `Entry ${i.index + 1}${i.title ? ` (“${i.title}”)` : ''} is not a valid conversation: ${i.error}`),
  ];
  return { headline, details, problems };
}

/** Parses an uploaded file's text as JSON, with an error a user can read. */
export function parseUpload(fileName: string, text: string): { json: unknown; error: null } | { json: null; error: string } {
  if (!text.trim()) return { json: null, error: `${fileName} is empty.` };
  try {
    return { json: JSON.parse(text) as unknown, error: null };
  } catch {
    return {
      json: null,
      error: `${fileName} is not a JSON file. Choose conversations.json from a ChatGPT data export (unzip it first), or a Redline export.`,
    };
  }
}

/** The file name of a download: `redline-memories-2025-03-04.json`. */
export function downloadName(prefix: string, now: Date): string {
  return `${prefix}-${now.toISOString().slice(0, 10)}.json`;
}
