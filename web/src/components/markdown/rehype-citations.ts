import type { Element, ElementContent, Root, RootContent, Text } from 'hast';

export interface CitationOptions {
  /** The `n` of every source the answer was given: only these markers become citations. */
  numbers: readonly number[];
}

/** `[1]`, `[12]`, `[1, 2]`: a citation marker as answers write it. */
const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/** Text under these is shown as written: code is code, and a link's text stays one link. */
const SKIP = new Set(['code', 'pre', 'a', 'button', 'sup']);

/**
 * Turns citation markers in the text of an answer into `sup.citation` elements carrying the
 * source number (`data-citation`), which the renderer shows as buttons. Only markers whose every
 * number is a known source change; `[7]` with no source 7 stays plain text. Runs after sanitizing:
 * it adds nothing but these elements, and their text is the number.
 *
 * @example
 * <ReactMarkdown rehypePlugins={[rehypeSanitize, [rehypeCitations, { numbers: [1, 2] }]]}>…</ReactMarkdown>
 */
export function rehypeCitations(options: CitationOptions) {
  const known = new Set(options.numbers);
  return (tree: Root) => {
    if (known.size > 0) visit(tree, known);
  };
}

/** The element a citation marker becomes. */
export function citationElement(n: number): Element {
  return { type: 'element', tagName: 'sup', properties: { className: ['citation'], dataCitation: String(n) }, children: [{ type: 'text', value: String(n) }] };
}

function visit(parent: Root | Element, known: ReadonlySet<number>): void {
  let changed = false;
  const children: RootContent[] = [];
  for (const child of parent.children) {
    if (child.type === 'text') {
      const parts = splitMarkers(child, known);
      if (parts) {
        children.push(...parts);
        changed = true;
        continue;
      }
    } else if (child.type === 'element' && !SKIP.has(child.tagName)) {
      visit(child, known);
    }
    children.push(child);
  }
  if (changed) parent.children = children as ElementContent[];
}

/** The text split around its citation markers, or null when it has none to change. */
function splitMarkers(node: Text, known: ReadonlySet<number>): ElementContent[] | null {
  const text = node.value;
  const parts: ElementContent[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const numbers = match[1].split(',').map((n) => Number(n.trim()));
    if (!numbers.every((n) => known.has(n))) continue;
    const at = match.index ?? 0;
    // "order [1]" must not wrap to put the citation alone on the next line: the space before it does not break.
    if (at > last) parts.push({ type: 'text', value: text.slice(last, at).replace(/ $/, '\u00a0') });
    for (const n of numbers) parts.push(citationElement(n));
    last = at + match[0].length;
  }
  if (parts.length === 0) return null;
  if (last < text.length) parts.push({ type: 'text', value: text.slice(last) });
  return parts;
}
