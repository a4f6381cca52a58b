/**
 * A guess at a thread row's height before it is rendered and measured. The virtualized thread
 * places unmeasured rows with it, so a close guess keeps the scrollbar honest and the view still
 * when rows above are measured. Figures follow styles/thread.css and styles/markdown.css.
 */
export interface RowGuess {
  role: 'user' | 'assistant' | 'system';
  content: string;
}

/** The space under every row (the old `.message` margin) plus its toolbar. */
const ROW_CHROME = 22 + 36;
const CHAR_WIDTH = 8.2;
const USER_LINE = 25.6;
const ANSWER_LINE = 27.2;
const CODE_LINE = 21;
const PARAGRAPH_GAP = 16;
const CODE_CHROME = 40 + 28 + 16;

/** Pixels for `row` in a thread column `width` pixels wide. */
export function estimateRowHeight(row: RowGuess | undefined, width: number): number {
  if (!row) return 120;
  const column = Math.max(240, width);
  if (row.role === 'user') {
    const bubble = Math.min(column * 0.8, 608) - 32;
    return ROW_CHROME + 20 + wrappedLines(row.content, bubble) * USER_LINE;
  }
  return ROW_CHROME + answerHeight(row.content, column);
}

function answerHeight(text: string, width: number): number {
  if (!text.trim()) return ANSWER_LINE;
  let height = 0;
  let inCode = false;
  let codeLines = 0;
  let paragraphs = 0;
  let proseLines = 0;
  let previousBlank = true;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      if (inCode) height += CODE_CHROME + codeLines * CODE_LINE;
      inCode = !inCode;
      codeLines = 0;
      previousBlank = true;
      continue;
    }
    if (inCode) {
      codeLines++;
      continue;
    }
    const blank = line.trim() === '';
    if (!blank) {
      if (previousBlank) paragraphs++;
      proseLines += Math.max(1, Math.ceil((line.length * CHAR_WIDTH) / width));
    }
    previousBlank = blank;
  }
  if (inCode) height += CODE_CHROME + codeLines * CODE_LINE;
  return height + proseLines * ANSWER_LINE + Math.max(0, paragraphs - 1) * PARAGRAPH_GAP;
}

function wrappedLines(text: string, width: number): number {
  const perLine = Math.max(8, Math.floor(width / CHAR_WIDTH));
  return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
}
