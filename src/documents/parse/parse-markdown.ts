import { SectionBuilder } from './section-builder.js';
import type { Section } from './types.js';

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that start a list, quote or table: a `---` under them is a rule, not a setext heading. */
const NOT_A_HEADING_LINE = /^ {0,3}([-*+>|]|\d+[.)])(\s|$)/;
/** `---`, `***`, `___` (spaces allowed): a visual rule, which carries no text. */
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * Splits Markdown by ATX (`## Title`) and setext (`Title\n====`) headings into sections with heading
 * paths. Fenced code blocks stay whole and verbatim (a `#` inside one is code, not a heading); the body
 * text is kept as Markdown, which models read well.
 */
export function parseMarkdown(source: string): { title: string | null; sections: Section[] } {
  const { body, title: frontMatterTitle } = stripFrontMatter(source.replace(/\r\n?/g, '\n'));
  const builder = new SectionBuilder();
  let block: string[] = [];
  let fence: { char: string; length: number } | null = null;
  const flush = (): void => {
    builder.block(block.join('\n'));
    block = [];
  };

  for (const line of body.split('\n')) {
    if (fence) {
      block.push(line);
      if (closesFence(line, fence)) {
        fence = null;
        flush();
      }
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      flush();
      fence = { char: open[1][0], length: open[1].length };
      block.push(line);
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      flush();
      builder.heading(atx[1].length, plainHeading(atx[2] ?? ''));
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline && block.length > 0 && !NOT_A_HEADING_LINE.test(block[0])) {
      const text = block.join(' ');
      block = [];
      builder.heading(underline[1][0] === '=' ? 1 : 2, plainHeading(text));
      continue;
    }
    if (line.trim() === '' || THEMATIC_BREAK.test(line)) flush();
    else block.push(line);
  }
  flush();
  return { title: frontMatterTitle ?? builder.titleHeading(), sections: builder.build() };
}

function closesFence(line: string, fence: { char: string; length: number }): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && /^ {0,3}\S/.test(line) && [...trimmed].every((c) => c === fence.char);
}

/** Heading text without inline Markdown: links keep their label; emphasis, code marks and tags go. */
function plainHeading(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]|(^|\s)_+|_+(\s|$)/g, '$1$2')
    .trim();
}

/** YAML front matter (`---` … `---` on the first lines) is metadata, not text; its `title:` names the document. */
function stripFrontMatter(source: string): { body: string; title: string | null } {
  const match = /^---\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(source);
  if (!match) return { body: source, title: null };
  const title = /^title:[ \t]*(.+)$/m.exec(match[1])?.[1].trim().replace(/^(["'])(.*)\1$/, '$2') ?? null;
  return { body: source.slice(match[0].length), title: title || null };
}
