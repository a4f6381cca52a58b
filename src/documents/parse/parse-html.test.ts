import { describe, expect, it } from 'vitest';
import { parseDocument } from './parse-document.js';

const html = (source: string, name = 'page.html') => parseDocument({ name, mime: 'text/html', bytes: new TextEncoder().encode(source) });

const prose = (topic: string, n: number) =>
  `<p>${Array.from({ length: n }, (_, i) => `This paragraph explains ${topic} in detail, point ${i + 1}, so a reader can follow along.`).join(' ')}</p>`;

describe('HTML parsing', () => {
  it('structures by h1–h6 and drops scripts, styles and navigation', async () => {
    const doc = await html(`<!doctype html><html><head><title>Docs</title><style>p{color:red}</style></head><body>
      <nav><a href="/">Home</a></nav>
      <h1>Guide</h1><p>Intro <b>bold</b>
        text.</p>
      <h2>Install</h2><h3>Linux</h3><p>Use apt.<br>Or snap.</p><script>track()</script>
      <h2>Usage</h2><p>Run it.</p></body></html>`);
    expect(doc).toMatchObject({ format: 'html', title: 'Guide' });
    expect(doc.sections).toEqual([
      { text: 'Intro bold text.', heading: 'Guide', page: null },
      { text: 'Use apt.\nOr snap.', heading: 'Guide > Install > Linux', page: null },
      { text: 'Run it.', heading: 'Guide > Usage', page: null },
    ]);
    const all = doc.sections.map((s) => s.text).join(' ');
    expect(all).not.toMatch(/track|color|Home/);
  });

  it('renders lists, tables and code blocks as text', async () => {
    const doc = await html(
      '<h1>T</h1><ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>' +
        '<table><tr><th>Key</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>' +
        '<pre><code class="language-ts">const a = 1;\n\nconst b = 2;</code></pre>',
    );
    expect(doc.sections[0].text).toBe('- one\n  - nested\n- two\n\nKey | Value\na | 1\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```');
  });

  it('uses <main> as the content root, leaving site chrome out', async () => {
    const doc = await html(`<body><header>Site header</header><main><h1>Article</h1><p>Body text.</p></main><footer>Footer links</footer></body>`);
    expect(doc.sections).toEqual([{ text: 'Body text.', heading: 'Article', page: null }]);
  });

  it('uses Readability on a page with boilerplate and no <main>, and keeps the headings', async () => {
    const doc = await html(`<!doctype html><html><head><title>Guide - Example Site</title></head><body>
      <div class="masthead"><a href="/">Example Site</a> <a href="/blog">Blog</a></div>
      <div class="content"><h1>Guide</h1>${prose('the overview', 4)}<h2>Install</h2>${prose('installation', 5)}
        <h3>Linux</h3>${prose('Linux packages', 4)}</div>
      <div class="sidebar"><p>Related posts: ten tips for your garden</p></div>
      <div class="footer"><p>Copyright Example Site, all rights reserved</p></div></body></html>`);
    const headings = doc.sections.map((s) => s.heading);
    expect(headings).toEqual(['Guide', 'Guide > Install', 'Guide > Install > Linux']);
    const all = doc.sections.map((s) => s.text).join('\n');
    expect(all).toContain('explains Linux packages in detail');
    expect(all).not.toMatch(/garden|Copyright|Blog/);
    expect(doc.title).toBe('Guide');
  });

  it('keeps a short page without boilerplate whole, using <title> when there is no H1', async () => {
    const doc = await html('<html><head><title>Tiny</title></head><body><div><p>One.</p><p>Two.</p></div></body></html>');
    expect(doc.title).toBe('Tiny');
    expect(doc.sections).toEqual([{ text: 'One.\n\nTwo.', heading: null, page: null }]);
  });

  it('reports a page with no visible text as empty', async () => {
    await expect(html('<html><body><script>x()</script><nav>menu</nav></body></html>')).rejects.toMatchObject({ code: 'empty' });
  });
});
