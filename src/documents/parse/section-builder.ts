import type { Section } from './types.js';

/**
 * Collects text blocks under a heading path, for the formats structured by headings (Markdown, HTML, DOCX).
 * A heading closes the current section and replaces every heading at its level or deeper, so
 * `# Install`, `## Linux` gives the path "Install > Linux" and a later `## macOS` gives "Install > macOS".
 */
export class SectionBuilder {
  private readonly sections: Section[] = [];
  private readonly path: { level: number; text: string }[] = [];
  private blocks: string[] = [];
  private readonly headingsSeen: { level: number; text: string }[] = [];

  heading(level: number, text: string): void {
    const clean = collapseInline(text);
    if (!clean) return;
    this.flush();
    while (this.path.length > 0 && this.path[this.path.length - 1].level >= level) this.path.pop();
    this.path.push({ level, text: clean });
    this.headingsSeen.push({ level, text: clean });
  }

  /** A paragraph, list, table or code block, already formatted; blank blocks are ignored. */
  block(text: string): void {
    if (text.trim()) this.blocks.push(text.replace(/^\n+|\s+$/g, ''));
  }

  /** The first of the top-level headings (usually the H1), if any: the natural title. */
  titleHeading(): string | null {
    const top = this.headingsSeen.reduce((min, h) => Math.min(min, h.level), Infinity);
    return this.headingsSeen.find((h) => h.level === top)?.text ?? null;
  }

  build(): Section[] {
    this.flush();
    // A document of headings only still has text worth keeping: the headings themselves.
    if (this.sections.length === 0 && this.headingsSeen.length > 0) {
      return [{ text: this.headingsSeen.map((h) => h.text).join('\n\n'), heading: null, page: null }];
    }
    return this.sections;
  }

  private flush(): void {
    if (this.blocks.length === 0) return;
    const heading = this.path.length > 0 ? this.path.map((h) => h.text).join(' > ') : null;
    this.sections.push({ text: this.blocks.join('\n\n'), heading, page: null });
    this.blocks = [];
  }
}

/** Collapses runs of whitespace, as a browser renders inline text. */
export function collapseInline(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
