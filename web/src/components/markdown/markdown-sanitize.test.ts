import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';

const render = (text: string, streaming = false) => renderToStaticMarkup(createElement(Markdown, { text, streaming }));

describe('Markdown rendering of untrusted text', () => {
  it('renders a <script> tag as inert text', () => {
    const html = render('Hello <script>alert("xss")</script> world');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('never emits an <img> with an event handler', () => {
    for (const text of ['<img src=x onerror="alert(1)">', '<p><img src="x" onerror=alert(1)></p>\n\ntext', '![a](x" onerror="alert(1))']) {
      const html = render(text);
      expect(html).not.toMatch(/<img[^>]*onerror/i);
      // Any event-handler attribute inside a tag (the text " onerror=" in a paragraph is inert).
      expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    }
  });

  it('drops javascript: links', () => {
    const html = render('[click](javascript:alert(1)) and <a href="javascript:alert(1)">x</a>');
    expect(html).not.toMatch(/href="javascript:/i);
  });

  it('renders GFM: tables, task lists, strikethrough, fenced code with a language label', () => {
    const html = render('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~\n\n```ts\nconst x = 1;\n```');
    expect(html).toContain('<table>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('<del>old</del>');
    expect(html).toContain('class="code-block-lang">ts<');
    expect(html).toContain('const x = 1;');
    expect(html).toContain('aria-label="Copy code"');
  });

  it('opens links in a new tab without an opener', () => {
    const html = render('[site](https://example.com)');
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it('renders a half-written code block as code while streaming', () => {
    const html = render('Here:\n\n```js\nconsole.log(1)', true);
    expect(html).toContain('code-block');
    expect(html).toContain('console.log(1)');
  });
});
