import { Readability, isProbablyReaderable } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { SectionBuilder, collapseInline } from './section-builder.js';
import type { Section } from './types.js';

/** Never text a reader wants. */
const NOISE = 'script, style, noscript, template, nav, iframe, svg, canvas, object, embed, button, select, title, meta, link, [hidden], [aria-hidden="true"]';
/** Site chrome: when present outside a <main>, the page probably needs Readability to find its article. */
const BOILERPLATE = 'header, footer, aside, [role="banner"], [role="contentinfo"], [role="complementary"], [role="navigation"]';
const BOILERPLATE_NAMES = /\b(sidebar|menu|masthead|footer|cookie|banner|breadcrumb|share|social|related|comments?|advert|ads?)\b/i;
/** Readability's article must keep at least this much text to be trusted over the whole page. */
const MIN_ARTICLE_CHARS = 200;

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'p', 'section', 'summary',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * Structures HTML by its h1–h6 headings. Scripts, styles and navigation are dropped. The content root is
 * the page's <main> (or single <article>) when it has one; otherwise, when the page carries site chrome
 * (header, footer, sidebars) and `readability` is on, Readability picks the article, and the page's H1,
 * which Readability removes as a duplicate of the title, is put back so heading paths stay whole.
 */
export function parseHtml(html: string, opts: { readability: boolean }): { title: string | null; sections: Section[] } {
  const document = parseFullDocument(html);
  const pageTitle = collapseInline(document.querySelector('title')?.textContent ?? '') || null;
  for (const el of document.querySelectorAll(NOISE)) el.remove();
  const h1 = collapseInline(document.querySelector('h1')?.textContent ?? '') || null;

  const builder = new SectionBuilder();
  const walker = new HtmlWalker(builder);
  const semanticRoot = document.querySelector('main, [role="main"]') ?? singleArticle(document);
  const article = !semanticRoot && opts.readability && hasBoilerplate(document) ? readArticle(html) : null;
  if (article) {
    if (h1 && !article.querySelector('h1')) builder.heading(1, h1);
    walker.walk(article);
  } else {
    walker.walk(semanticRoot ?? document.body ?? document.documentElement);
  }
  walker.flush();
  return { title: h1 ?? pageTitle ?? builder.titleHeading(), sections: builder.build() };
}

/** linkedom only builds <html>/<body> for full documents; mammoth and many uploads are fragments. */
function parseFullDocument(html: string): Document {
  const full = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(full).document;
}

function singleArticle(document: Document): Element | null {
  const articles = document.querySelectorAll('article');
  return articles.length === 1 ? articles[0] : null;
}

function hasBoilerplate(document: Document): boolean {
  if (document.querySelector(BOILERPLATE)) return true;
  return [...document.querySelectorAll('[class], [id]')].some((el) => BOILERPLATE_NAMES.test(`${el.getAttribute('class') ?? ''} ${el.id}`));
}

/** Readability's article as a DOM, or null when the page is not an article or Readability kept too little. */
function readArticle(html: string): Element | null {
  const document = parseFullDocument(html);
  if (!isProbablyReaderable(document)) return null;
  // keepClasses: code blocks carry their language in class="language-…".
  const article = new Readability(document, { keepClasses: true }).parse();
  if (!article?.content || collapseInline(article.textContent ?? '').length < MIN_ARTICLE_CHARS) return null;
  const content = parseFullDocument(article.content);
  for (const el of content.querySelectorAll(NOISE)) el.remove();
  return content.body;
}

/** Walks the DOM in document order, turning elements into heading and text blocks for a SectionBuilder. */
class HtmlWalker {
  private inline = '';
  private listDepth = 0;
  private listLines: string[] = [];
  /** The bullet for the next line of a list; null once the item's first line is out (continuations are indented). */
  private bullet: string | null = null;

  constructor(private readonly builder: SectionBuilder) {}

  walk(node: Node): void {
    for (const child of node.childNodes) {
      // Source line breaks are spaces in rendered HTML; only <br> breaks a line.
      if (child.nodeType === TEXT_NODE) this.inline += (child.textContent ?? '').replace(/\s+/g, ' ');
      else if (child.nodeType === ELEMENT_NODE) this.element(child as Element);
    }
  }

  /** Ends the current paragraph (or list item). */
  flush(): void {
    const text = this.inline
      .split('\n')
      .map(collapseInline)
      .filter(Boolean)
      .join('\n');
    this.inline = '';
    if (!text) return;
    if (this.listDepth > 0) this.listLines.push(`${this.bullet ?? '  '.repeat(this.listDepth)}${text}`);
    else this.builder.block(text);
    this.bullet = null;
  }

  private element(el: Element): void {
    const tag = el.tagName.toLowerCase();
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      this.flush();
      this.flushList();
      this.builder.heading(Number(heading[1]), el.textContent ?? '');
    } else if (tag === 'pre') {
      this.flush();
      this.flushList();
      this.builder.block(codeFence(el));
    } else if (tag === 'br') {
      this.inline += '\n';
    } else if (tag === 'table') {
      this.flush();
      this.flushList();
      this.builder.block(tableText(el));
    } else if (tag === 'ul' || tag === 'ol') {
      this.flush();
      this.listDepth++;
      this.walk(el);
      this.flush();
      this.listDepth--;
      if (this.listDepth === 0) this.flushList();
    } else if (tag === 'li') {
      this.flush();
      this.bullet = `${'  '.repeat(Math.max(0, this.listDepth - 1))}- `;
      this.walk(el);
      this.flush();
    } else if (BLOCK_TAGS.has(tag)) {
      this.flush();
      this.walk(el);
      this.flush();
    } else {
      this.walk(el);
    }
  }

  private flushList(): void {
    if (this.listLines.length > 0) this.builder.block(this.listLines.join('\n'));
    this.listLines = [];
  }
}

/** A <pre> as a Markdown fence (with its language when the markup names one), so chunking keeps it whole. */
function codeFence(pre: Element): string {
  const classes = `${pre.getAttribute('class') ?? ''} ${pre.querySelector('code')?.getAttribute('class') ?? ''}`;
  const language = /\b(?:lang|language)-([\w+#-]+)/.exec(classes)?.[1] ?? '';
  const code = (pre.textContent ?? '').replace(/^\n|\s+$/g, '');
  const fence = code.includes('```') ? '~~~' : '```';
  return `${fence}${language}\n${code}\n${fence}`;
}

/** A table as one line per row, cells separated by " | ". */
function tableText(table: Element): string {
  return [...table.querySelectorAll('tr')]
    .map((row) => [...row.children].map((cell) => collapseInline(cell.textContent ?? '')).filter(Boolean).join(' | '))
    .filter(Boolean)
    .join('\n');
}
