/**
 * A unit of a section's text between blank lines:
 * - `prose`: a paragraph, split by sentences when too long;
 * - `lines`: line-structured text (code, lists, tables), split by lines;
 * - `fence`: a Markdown code fence, kept whole when it fits, else split by lines and re-fenced.
 */
export type Block = { kind: 'prose' | 'lines' | 'fence'; text: string };

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const LINE_ITEM = /^\s*([-*+]\s|\d+[.)]\s|\|)/;

/** Splits text at blank lines, keeping each fenced code block (blank lines and all) as one block. */
export function splitBlocks(text: string, opts: { code: boolean }): Block[] {
  const blocks: Block[] = [];
  let lines: string[] = [];
  let fence: string | null = null;
  const flush = (kind?: Block['kind']): void => {
    const body = lines.join('\n').replace(/^\n+|\s+$/g, '');
    if (body) blocks.push({ kind: kind ?? (opts.code || isLineStructured(lines) ? 'lines' : 'prose'), text: body });
    lines = [];
  };

  for (const line of text.split('\n')) {
    if (fence !== null) {
      lines.push(line);
      if (closesFence(line, fence)) {
        fence = null;
        flush('fence');
      }
      continue;
    }
    const open = opts.code ? null : FENCE_OPEN.exec(line);
    if (open) {
      flush();
      fence = open[1];
      lines.push(line);
    } else if (line.trim() === '') {
      flush();
    } else {
      lines.push(line);
    }
  }
  // An unclosed fence runs to the end of the text, as in CommonMark.
  flush(fence !== null ? 'fence' : undefined);
  return blocks;
}

function closesFence(line: string, open: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= open.length && [...trimmed].every((c) => c === open[0]);
}

/** Lists and tables: most lines start with a bullet, a number or a pipe. */
function isLineStructured(lines: string[]): boolean {
  return lines.length > 1 && lines.filter((line) => LINE_ITEM.test(line)).length * 2 >= lines.length;
}
