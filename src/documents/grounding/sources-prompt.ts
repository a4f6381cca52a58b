import type { Passage, Source } from '../types.js';

/** What Redline answers, without calling the model, when strict mode finds no support in the files. */
export const ABSTENTION =
  "I couldn't find this in your files, so I won't answer from general knowledge (this project is set to answer only from its files). Try rephrasing the question, or add a file that covers it.";

/** Longest passage text kept on an answer for the side panel. */
const MAX_SOURCE_CHARS = 4000;

/** The passages as an answer cites them: `[n]` is `sources[n - 1]`. */
export function toSources(passages: Passage[]): Source[] {
  return passages.map((p, i) => ({ n: i + 1, documentId: p.documentId, chunkId: p.chunkId, name: p.name, heading: p.heading, page: p.page, text: p.text.slice(0, MAX_SOURCE_CHARS) }));
}

/** Where a passage sits, as the model and the reader see it: "policy.md · Receipts · p. 3". */
export function sourceLabel(source: Pick<Source, 'name' | 'heading' | 'page'>): string {
  return [source.name, source.heading, source.page ? `p. ${source.page}` : null].filter(Boolean).join(' · ');
}

/**
 * The system prompt's sources section: numbered passages and how to cite them. Strict mode forbids
 * answering from the model's own knowledge when the passages do not hold the answer.
 */
export function renderSources(sources: Source[], options: { strict: boolean }): string {
  const rules = [
    "## Sources from the user's files",
    'Answer from these passages when they are relevant. After each sentence that uses a passage, cite it with its number in square brackets, like [1] or [2][3]. Cite only passages that support the sentence; never invent a number.',
    options.strict
      ? 'Answer ONLY from these passages. If they do not contain the answer, say that the files do not say, and do not answer from general knowledge.'
      : 'If the passages do not contain the answer, say so, then answer from general knowledge and say that you did (without citations).',
  ];
  const passages = sources.map((s) => `[${s.n}] ${sourceLabel(s)}\n${s.text}`);
  return [...rules, '', ...passages].join('\n');
}
