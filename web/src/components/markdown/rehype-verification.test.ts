import type { Element, Root } from 'hast';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';
import { normalizeText, rehypeVerification, UNSUPPORTED_TITLE } from './rehype-verification';

const text = (value: string) => ({ type: 'text' as const, value });
const el = (tagName: string, children: Element['children'], properties: Element['properties'] = {}): Element => ({ type: 'element', tagName, properties, children });
const mark = (value: string) => el('mark', [text(value)], { className: ['unsupported'], title: UNSUPPORTED_TITLE });
const root = (...children: Root['children']): Root => ({ type: 'root', children });

const apply = (tree: Root, sentences: string[]) => {
  rehypeVerification({ sentences })(tree);
  return tree;
};

describe('normalizeText', () => {
  it('keeps lowercase letters and digits only', () => {
    expect(normalizeText('**Refunds** take 30 days [1].')).toBe('refundstake30days1');
    expect(normalizeText('Ça coûte 5 €!')).toBe('çacoûte5');
    expect(normalizeText(' — ')).toBe('');
  });
});

describe('rehypeVerification on the tree', () => {
  it('wraps a sentence found inside one text node, leaving the rest', () => {
    const tree = apply(root(el('p', [text('Refunds take 30 days [1]. Shipping is free [2]. Ask us.')])), ['Shipping is free [2].']);
    expect(tree).toEqual(root(el('p', [text('Refunds take 30 days [1]. '), mark('Shipping is free [2].'), text(' Ask us.')])));
  });

  it('marks a sentence across bold text and a link, one mark per text node', () => {
    const tree = apply(
      root(el('p', [text('First. The fee is '), el('strong', [text('5 EUR')]), text(' per '), el('a', [text('order')], { href: 'https://x.test' }), text(' [1]. Done.')])),
      ['The fee is 5 EUR per order [1].'],
    );
    expect(tree).toEqual(
      root(
        el('p', [
          text('First. '),
          mark('The fee is '),
          el('strong', [mark('5 EUR')]),
          mark(' per '),
          el('a', [mark('order')], { href: 'https://x.test' }),
          mark(' [1].'),
          text(' Done.'),
        ]),
      ),
    );
  });

  it('matches within one block only: a nested list item is its own block', () => {
    const tree = apply(root(el('ul', [el('li', [text('Outer point'), el('ul', [el('li', [text('Inner point.')])])])])), ['Outer point inner point', 'Inner point.']);
    const outer = (tree.children[0] as Element).children[0] as Element;
    expect(outer.children[0]).toEqual(text('Outer point'));
    const inner = ((outer.children[1] as Element).children[0] as Element).children;
    expect(inner).toEqual([mark('Inner point.')]);
  });

  it('marks headings and table cells, never code blocks', () => {
    const tree = apply(
      root(el('h2', [text('Free shipping')]), el('table', [el('tr', [el('td', [text('Free shipping')])])]), el('pre', [el('code', [text('Free shipping')])])),
      ['Free shipping'],
    );
    expect((tree.children[0] as Element).children).toEqual([mark('Free shipping')]);
    const cell = ((tree.children[1] as Element).children[0] as Element).children[0] as Element;
    expect(cell.children).toEqual([mark('Free shipping')]);
    expect(((tree.children[2] as Element).children[0] as Element).children).toEqual([text('Free shipping')]);
  });

  it('takes in an opening bracket or quote before the sentence', () => {
    const tree = apply(root(el('p', [text('He said "no refunds" [1].')])), ['no refunds [1]']);
    expect((tree.children[0] as Element).children).toEqual([text('He said '), mark('"no refunds" [1].')]);
  });

  it('leaves the tree alone when a sentence is not found or is empty', () => {
    const tree = root(el('p', [text('Something else entirely.')]));
    const before = structuredClone(tree);
    expect(apply(tree, ['Not here.', '...'])).toEqual(before);
  });
});

describe('verification in the rendered answer', () => {
  it('marks the unsupported sentence, keeping its citation a button inside the mark', () => {
    const markdown = 'Refunds take **30 days** [1]. Shipping is *always* free [2].\n\n- Returns need a receipt [1].';
    const html = renderToStaticMarkup(
      createElement(Markdown, { text: markdown, grounding: { citations: [1, 2], unsupported: ['Shipping is always free [2].', 'Returns need a receipt [1].'] } }),
    );
    expect(html).toContain(
      `<mark class="unsupported" title="${UNSUPPORTED_TITLE}">Shipping is </mark><em><mark class="unsupported" title="${UNSUPPORTED_TITLE}">always</mark></em><mark class="unsupported" title="${UNSUPPORTED_TITLE}"> free\u00a0<sup class="citation">2</sup>.</mark>`,
    );
    expect(html).toContain(`<li><mark class="unsupported" title="${UNSUPPORTED_TITLE}">Returns need a receipt\u00a0<sup class="citation">1</sup>.</mark></li>`);
    // The supported sentence is not marked.
    expect(html).toMatch(/<p>Refunds take <strong>30 days<\/strong>\u00a0<sup class="citation">1<\/sup>\. <mark/);
  });
});
