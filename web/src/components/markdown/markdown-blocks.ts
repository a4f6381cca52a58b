/**
 * Helpers for rendering Markdown while it streams: split it into top-level blocks so finished
 * blocks are parsed once and memoised, and close an open code fence so a half-written block
 * renders as code rather than jumping between layouts.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// Reference-style definitions and footnotes resolve across the whole document: such text is not split.
const DEFINITION = /^ {0,3}\[[^\]]+\]:/m;

interface OpenFence {
  char: string;
  length: number;
}

function fenceTransition(line: string, open: OpenFence | null): OpenFence | null | 'same' {
  const match = FENCE.exec(line);
  if (!match) return 'same';
  const marker = match[1];
  if (!open) {
    // A backtick fence's info string may not contain backticks.
    if (marker[0] === '`' && line.slice(match[0].length).includes('`')) return 'same';
    return { char: marker[0], length: marker.length };
  }
  const closes = marker[0] === open.char && marker.length >= open.length && line.slice(match[0].length).trim() === '';
  return closes ? null : 'same';
}

/** Appends a closing fence when the text ends inside a fenced code block. */
export function closeOpenFence(text: string): string {
  let open: OpenFence | null = null;
  for (const line of text.split('\n')) {
    const next = fenceTransition(line, open);
    if (next !== 'same') open = next;
  }
  if (!open) return text;
  return `${text}${text.endsWith('\n') ? '' : '\n'}${open.char.repeat(open.length)}`;
}

/**
 * Splits Markdown at blank lines that end a top-level block (outside code fences, before a
 * line that is not indented). Joining the blocks with blank lines renders the same document.
 */
export function splitBlocks(text: string): string[] {
  if (DEFINITION.test(text)) return [text];
  const lines = text.split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  let open: OpenFence | null = null;
  let sawBlank = false;

  for (const line of lines) {
    const blank = line.trim() === '';
    if (!open && sawBlank && !blank && !/^\s/.test(line) && current.some((l) => l.trim() !== '')) {
      blocks.push(current.join('\n').replace(/\n+$/, ''));
      current = [];
    }
    const next = fenceTransition(line, open);
    if (next !== 'same') open = next;
    current.push(line);
    if (!open) sawBlank = blank;
  }
  const last = current.join('\n');
  if (last.trim() !== '' || blocks.length === 0) blocks.push(last);
  return blocks;
}
