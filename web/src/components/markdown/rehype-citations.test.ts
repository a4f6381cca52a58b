import type { Element, Root } from 'hast';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CitationContext } from './citation-context';
import { Markdown } from './markdown';
import { citationElement, rehypeCitations } from './rehype-citations';

const text = (value: string) => ({ type: 'text' as const, value });
const el = (tagName: string, children: Element['children'], properties: Element['properties'] = {}): Element => ({ type: 'element', tagName, properties, children });
const root = (...children: Root['children']): Root => ({ type: 'root', children });

const apply = (tree: Root, numbers: number[]) => {
  rehypeCitations({ numbers })(tree);
  return tree;
};

describe('rehypeCitations on the tree', () => {
  it('turns known markers into citation elements and keeps the text around them', () => {
    const tree = apply(root(el('p', [text('Refunds take 30 days [1]. Ask [2][3] or [9].')])), [1, 2, 3]);
    expect(tree).toEqual(
      root(
        el('p', [
          text('Refunds take 30 days\u00a0'),
          citationElement(1),
          text('. Ask\u00a0'),
          citationElement(2),
          citationElement(3),
          text(' or [9].'),
        ]),
      ),
    );
  });

  it('splits a list of numbers when every one is a source, and leaves a partly unknown one alone', () => {
    const tree = apply(root(el('p', [text('Both [1, 2]; not [2, 7].')])), [1, 2]);
    expect((tree.children[0] as Element).children).toEqual([text('Both\u00a0'), citationElement(1), citationElement(2), text('; not [2, 7].')]);
  });

  it('leaves code, links and text without sources alone', () => {
    const code = root(el('p', [el('code', [text('arr[1]')]), el('a', [text('[1]')], { href: 'https://x.test' })]));
    const before = structuredClone(code);
    expect(apply(code, [1])).toEqual(before);
    const none = root(el('p', [text('A [1].')]));
    expect(apply(none, [])).toEqual(root(el('p', [text('A [1].')])));
  });

  it('reaches markers inside emphasis, list items and table cells', () => {
    const tree = apply(root(el('ul', [el('li', [el('strong', [text('Yes [1]')])])]), el('table', [el('tr', [el('td', [text('[2]')])])])), [1, 2]);
    const strong = ((tree.children[0] as Element).children[0] as Element).children[0] as Element;
    expect(strong.children).toEqual([text('Yes\u00a0'), citationElement(1)]);
    const cell = ((tree.children[1] as Element).children[0] as Element).children[0] as Element;
    expect(cell.children).toEqual([citationElement(2)]);
  });
});

describe('citations in the rendered answer', () => {
  const grounding = { citations: [1, 2], unsupported: [] };
  const render = (markdown: string) =>
    renderToStaticMarkup(
      createElement(CitationContext.Provider, { value: { nameOf: (n: number) => (n === 1 ? 'refunds.md' : undefined), open: () => undefined, active: null } }, createElement(Markdown, { text: markdown, grounding })),
    );

  it('renders a known marker as a superscript button named after its source', () => {
    const html = render('Refunds take 30 days [1].');
    expect(html).toContain('<sup class="citation"><button type="button" class="citation-ref" data-citation="1" aria-label="Source 1: refunds.md" title="refunds.md" aria-expanded="false">1</button></sup>');
    expect(html).not.toContain('[1]');
  });

  it('keeps unknown markers and code as text, and still sanitizes', () => {
    const html = render('See [5] and `x[1]` <script>alert(1)</script> [2]');
    expect(html).toContain('See [5] and <code>x[1]</code>');
    // The space before a citation keeps it on the line of the word it follows.
    expect(html).toContain('\u00a0<sup class="citation">');
    expect(html).toContain('aria-label="Source 2"');
    expect(html).not.toMatch(/<script/i);
  });

  it('renders no buttons without grounding', () => {
    const html = renderToStaticMarkup(createElement(Markdown, { text: 'Plain [1].' }));
    expect(html).toBe('<div class="markdown"><p>Plain [1].</p></div>');
  });
});
