import { describe, expect, it } from 'vitest';
import { parseDocument } from './parse-document.js';
import { parseMarkdown } from './parse-markdown.js';

const md = (source: string) => parseDocument({ name: 'guide.md', bytes: new TextEncoder().encode(source) });

describe('Markdown parsing', () => {
  it('splits by ATX headings and keeps the heading path', async () => {
    const doc = await md('# Guide\n\nIntro.\n\n## Install\n\nGeneral steps.\n\n### Linux\n\nUse apt.\n\n### macOS\n\nUse brew.\n\n## Usage\n\nRun it.\n');
    expect(doc.format).toBe('markdown');
    expect(doc.title).toBe('Guide');
    expect(doc.sections.map((s) => [s.heading, s.text])).toEqual([
      ['Guide', 'Intro.'],
      ['Guide > Install', 'General steps.'],
      ['Guide > Install > Linux', 'Use apt.'],
      ['Guide > Install > macOS', 'Use brew.'],
      ['Guide > Usage', 'Run it.'],
    ]);
  });

  it('reads setext headings and strips closing hashes and inline markup from headings', () => {
    const source = 'Title\n=====\n\nBody.\n\nPart *one*\n---\n\nMore.\n\n### **Deep** part ###\n\nDeeper.\n\n## [Link](http://x) and `code`\n\nEnd.';
    const { sections } = parseMarkdown(source);
    expect(sections.map((s) => s.heading)).toEqual(['Title', 'Title > Part one', 'Title > Part one > Deep part', 'Title > Link and code']);
  });

  it('takes a rule after a list as a rule, not a setext heading, and drops it', () => {
    const { sections } = parseMarkdown('# A\n\n- one\n- two\n---\n\ntext\n\n***\n\nmore');
    expect(sections).toEqual([{ text: '- one\n- two\n\ntext\n\nmore', heading: 'A', page: null }]);
  });

  it('keeps fenced code intact: blank lines and # lines inside are code', async () => {
    const fence = '```python\n# not a heading\n\ndef f():\n\n    return 1\n```';
    const doc = await md(`# Code\n\nBefore.\n\n${fence}\n\n~~~\n## also code\n~~~\n\nAfter.`);
    expect(doc.sections).toHaveLength(1);
    expect(doc.sections[0].text).toBe(`Before.\n\n${fence}\n\n~~~\n## also code\n~~~\n\nAfter.`);
  });

  it('puts text before the first heading under no heading and uses front matter for the title', async () => {
    const doc = await md('---\ntitle: "Release notes"\ntags: [a]\n---\nPreamble.\n\n# v2\n\nNew things.');
    expect(doc.title).toBe('Release notes');
    expect(doc.sections).toEqual([
      { text: 'Preamble.', heading: null, page: null },
      { text: 'New things.', heading: 'v2', page: null },
    ]);
  });

  it('keeps a document of headings only', async () => {
    const doc = await md('# Only\n\n## Headings');
    expect(doc.sections).toEqual([{ text: 'Only\n\nHeadings', heading: null, page: null }]);
  });

  it('is detected from text/plain with a .md name, and from text/markdown with any name', async () => {
    const bytes = new TextEncoder().encode('# T\n\nx');
    expect((await parseDocument({ name: 'a.md', mime: 'text/plain', bytes })).format).toBe('markdown');
    expect((await parseDocument({ name: 'a', mime: 'text/markdown; charset=utf-8', bytes })).format).toBe('markdown');
  });
});
