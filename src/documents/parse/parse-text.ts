import { baseName } from './file-name.js';
import type { Section } from './types.js';

/** Plain text as one section of paragraphs: line breaks kept, runs of blank lines reduced to one. */
export function parseText(text: string): Section[] {
  const normalized = normalizeLines(text).replace(/\n{3,}/g, '\n\n');
  return normalized ? [{ text: normalized, heading: null, page: null }] : [];
}

/** A source file as one section headed by its file name; the chunker splits it along blank lines and lines. */
export function parseCode(text: string, name: string): Section[] {
  const normalized = normalizeLines(text);
  return normalized ? [{ text: normalized, heading: baseName(name), page: null }] : [];
}

/** Unix line endings, no trailing whitespace on lines, no leading or trailing blank lines. */
function normalizeLines(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/^\n+|\s+$/g, '');
}
