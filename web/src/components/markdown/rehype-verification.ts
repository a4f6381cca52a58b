import type { Element, ElementContent, Root, Text } from 'hast';

export interface VerificationOptions {
  /** The sentences to mark, as the server checked them: plain text, citation markers kept. */
  sentences: readonly string[];
}

export const UNSUPPORTED_TITLE = 'Not supported by the cited sources';

/** The elements whose text is one run of sentences. A nested one (a paragraph in a list item) is its own block. */
const BLOCKS = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'dt', 'dd', 'figcaption', 'caption']);
/** Code blocks are not prose: nothing in them is a sentence. */
const SKIP = new Set(['pre']);

/** A text node of a block, with the element holding it (where it is replaced). */
interface Segment {
  node: Text;
  parent: Element;
}

/** A block's text in normalized form, each character pointing back into a segment. */
interface NormalizedBlock {
  text: string;
  /** Per normalized character: the segment, and where the source character starts and ends in it. */
  segment: number[];
  start: number[];
  end: number[];
}

/**
 * Lowercase letters and digits only: markup, punctuation, spacing and the brackets of `[1]` fall
 * away, so "**30** days [1]." in the rendered answer matches "30 days [1]." from the server.
 */
export function normalizeText(text: string): string {
  let out = '';
  for (const char of text) if (KEEP.test(char)) out += char.toLowerCase();
  return out;
}

const KEEP = /[\p{L}\p{N}]/u;

/**
 * Marks the answer's unsupported sentences: in each block (paragraph, list item, heading, table
 * cell) the text nodes are joined and compared in normalized form, and each match is wrapped in
 * `mark.unsupported` elements, one per text node it covers, so a sentence that crosses bold text or
 * a link is marked whole. Sentences not found are left alone. Runs after sanitizing, and before
 * `rehypeCitations` so the markers are still text.
 *
 * @example
 * <ReactMarkdown rehypePlugins={[rehypeSanitize, [rehypeVerification, { sentences: ['Shipping is free.'] }]]}>…</ReactMarkdown>
 */
export function rehypeVerification(options: VerificationOptions) {
  const wanted = [...new Set(options.sentences.map(normalizeText))].filter((s) => s.length > 0);
  return (tree: Root) => {
    if (wanted.length === 0) return;
    for (const block of blocksOf(tree)) markBlock(block, wanted);
  };
}

function blocksOf(tree: Root): Element[] {
  const blocks: Element[] = [];
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element' || SKIP.has(child.tagName)) continue;
      if (BLOCKS.has(child.tagName)) blocks.push(child);
      walk(child);
    }
  };
  walk(tree);
  return blocks;
}

/** The block's own text nodes in order, without those of nested blocks. */
function segmentsOf(block: Element): Segment[] {
  const segments: Segment[] = [];
  const walk = (parent: Element) => {
    for (const child of parent.children) {
      if (child.type === 'text') segments.push({ node: child, parent });
      else if (child.type === 'element' && !BLOCKS.has(child.tagName) && !SKIP.has(child.tagName)) walk(child);
    }
  };
  walk(block);
  return segments;
}

function normalizeSegments(segments: readonly Segment[]): NormalizedBlock {
  const block: NormalizedBlock = { text: '', segment: [], start: [], end: [] };
  segments.forEach((segment, index) => {
    const value = segment.node.value;
    let offset = 0;
    for (const char of value) {
      const next = offset + char.length;
      if (KEEP.test(char)) {
        // One character can lowercase to several ("İ"): each points at the same source character.
        for (const lower of char.toLowerCase()) {
          block.text += lower;
          block.segment.push(index);
          block.start.push(offset);
          block.end.push(next);
        }
      }
      offset = next;
    }
  });
  return block;
}

/** Every match of every sentence, as ranges of normalized characters, merged where they overlap. */
function matchRanges(text: string, sentences: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const sentence of sentences) {
    for (let at = text.indexOf(sentence); at !== -1; at = text.indexOf(sentence, at + sentence.length)) {
      ranges.push([at, at + sentence.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

function markBlock(block: Element, sentences: readonly string[]): void {
  const segments = segmentsOf(block);
  if (segments.length === 0) return;
  const normalized = normalizeSegments(segments);
  const ranges = matchRanges(normalized.text, sentences);
  if (ranges.length === 0) return;

  // Per segment, the [from, to) offsets of its text to wrap.
  const cuts = new Map<number, [number, number][]>();
  const add = (index: number, from: number, to: number) => {
    if (to <= from) return;
    const list = cuts.get(index) ?? [];
    list.push([from, to]);
    cuts.set(index, list);
  };
  for (const [from, to] of ranges) {
    const first = normalized.segment[from];
    const last = normalized.segment[to - 1];
    const startOffset = widenStart(segments[first].node.value, normalized.start[from]);
    const endOffset = widenEnd(segments[last].node.value, normalized.end[to - 1]);
    for (let index = first; index <= last; index++) {
      const length = segments[index].node.value.length;
      add(index, index === first ? startOffset : 0, index === last ? endOffset : length);
    }
  }

  const replacements = new Map<Text, ElementContent[]>();
  for (const [index, list] of cuts) replacements.set(segments[index].node, wrap(segments[index].node.value, list));
  const parents = new Set(segments.map((s) => s.parent));
  for (const parent of parents) {
    if (!parent.children.some((child) => child.type === 'text' && replacements.has(child))) continue;
    parent.children = parent.children.flatMap((child) => (child.type === 'text' && replacements.get(child)) || [child]);
  }
}

// A match ends at its last letter or digit: take in the rest of a citation marker ("[2" → "[2]") and
// the sentence's closing punctuation, so the citation stays whole and the mark reads as a sentence.
const CLOSING = new Set([...'])}.!?:;,"\'”’…']);
const OPENING = new Set([...'[({"\'“‘¿¡']);

function widenEnd(value: string, end: number): number {
  let at = end;
  while (at < value.length && CLOSING.has(value[at])) at++;
  return at;
}

function widenStart(value: string, start: number): number {
  let at = start;
  while (at > 0 && OPENING.has(value[at - 1])) at--;
  return at;
}

function wrap(value: string, ranges: readonly [number, number][]): ElementContent[] {
  const parts: ElementContent[] = [];
  let last = 0;
  for (const [from, to] of ranges) {
    if (from > last) parts.push({ type: 'text', value: value.slice(last, from) });
    parts.push(markElement(value.slice(from, to)));
    last = to;
  }
  if (last < value.length) parts.push({ type: 'text', value: value.slice(last) });
  return parts;
}

function markElement(text: string): Element {
  return { type: 'element', tagName: 'mark', properties: { className: ['unsupported'], title: UNSUPPORTED_TITLE }, children: [{ type: 'text', value: text }] };
}
