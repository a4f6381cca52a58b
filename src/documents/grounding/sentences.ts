/** One sentence of an answer, in plain text, with the passages it cites. */
export interface AnswerSentence {
  /** Markdown stripped; citation markers kept ("The limit is £25 [1]."). */
  text: string;
  citations: number[];
}

const CITATION = /\[(\d{1,2})\]/g;

/**
 * The sentences of a Markdown answer that make claims: code blocks, tables' rules and headings are
 * left out, list items and table cells count as sentences of their own.
 */
export function answerSentences(markdown: string): AnswerSentence[] {
  const prose = markdown
    .replace(/```[\s\S]*?(```|$)/g, '\n')
    .split('\n')
    .filter((line) => !/^\s*#{1,6}\s/.test(line) && !/^\s*\|?\s*:?-{3,}/.test(line))
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').replace(/\|/g, '\n'))
    .join('\n');
  const plain = prose
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__|\*|_|~~)(?=\S)([^*_~]*?\S)\1/g, '$2');
  const out: AnswerSentence[] = [];
  for (const block of plain.split(/\n\s*\n|\n/)) {
    // A sentence ends at . ! ? and the citations right after it, before a capital, a digit or a quote.
    for (const raw of block.split(/(?<=[.!?](?:\s*\[\d{1,2}\])*)\s+(?=[A-Z0-9"'(]|\[(?!\d{1,2}\]))/)) {
      const text = raw.replace(/\s+/g, ' ').trim();
      if (text.replace(CITATION, '').replace(/[^\p{L}\p{N}]/gu, '').length < 2) continue;
      out.push({ text, citations: [...new Set([...text.matchAll(CITATION)].map((m) => Number(m[1])))] });
    }
  }
  return out;
}
