import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import { makePdf } from '../../../test/fixtures/documents/make-pdf.js';
import { parseDocument, type ParsedDocument, type Section } from '../parse/index.js';
import { chunkDocument } from './chunk-document.js';
import type { Chunk } from './types.js';

const sentence = (i: number) => `Sentence ${i} explains how the installer prepares the machine for the next step.`;
const paragraph = (from: number, count: number) => Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');
const doc = (sections: Section[], format: ParsedDocument['format'] = 'markdown'): ParsedDocument => ({ format, title: 't', sections });
const section = (text: string, heading: string | null = 'H', page: number | null = null): Section => ({ text, heading, page });
const SMALL = { targetTokens: 120, maxTokens: 200, overlapTokens: 40 };

function expectWellFormed(chunks: Chunk[], max: number): void {
  chunks.forEach((chunk, i) => {
    expect(chunk.ordinal).toBe(i);
    expect(chunk.text.trim()).not.toBe('');
    // Leading indentation is code; blank lines and trailing whitespace are not content.
    expect(chunk.text).toBe(chunk.text.replace(/^\n+|\s+$/g, ''));
    expect(chunk.tokens).toBe(countTokens(chunk.text));
    expect(chunk.tokens).toBeLessThanOrEqual(max);
  });
}

/** Sentence numbers in a chunk, in order. */
const sentenceIds = (text: string) => [...text.matchAll(/Sentence (\d+) /g)].map((m) => Number(m[1]));

describe('chunkDocument', () => {
  it('packs short paragraphs of a section together up to the target', () => {
    const text = Array.from({ length: 12 }, (_, i) => paragraph(i * 2, 2)).join('\n\n');
    const chunks = chunkDocument(doc([section(text)]), SMALL);
    expectWellFormed(chunks, SMALL.maxTokens);
    expect(chunks.length).toBeGreaterThan(2);
    // Each chunk but the last holds several paragraphs and is close to the target, not one paragraph each.
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.text.split('\n\n').length).toBeGreaterThan(1);
      expect(chunk.tokens).toBeGreaterThan(SMALL.targetTokens * 0.6);
      expect(chunk.tokens).toBeLessThanOrEqual(SMALL.targetTokens + SMALL.overlapTokens);
    }
    // Every sentence survives, in order.
    const seen = [...new Set(chunks.flatMap((c) => sentenceIds(c.text)))];
    expect(seen).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it('never merges across a heading or a page, however small the sections', () => {
    const chunks = chunkDocument(
      doc([section('Alpha.', 'A'), section('Beta.', 'A > B'), section('Gamma.', null, 1), section('Delta.', null, 2)]),
    );
    expect(chunks.map((c) => [c.text, c.heading, c.page])).toEqual([
      ['Alpha.', 'A', null],
      ['Beta.', 'A > B', null],
      ['Gamma.', null, 1],
      ['Delta.', null, 2],
    ]);
  });

  it('keeps PDF pages apart and numbered after parsing', async () => {
    const parsed = await parseDocument({ name: 'two.pdf', bytes: makePdf([['Page one text.'], ['Page two text.']]) });
    expect(chunkDocument(parsed).map((c) => [c.page, c.text])).toEqual([
      [1, 'Page one text.'],
      [2, 'Page two text.'],
    ]);
  });

  it('splits an over-long paragraph at sentence boundaries, with sentence-aligned overlap', () => {
    const chunks = chunkDocument(doc([section(paragraph(0, 40))]), SMALL);
    expectWellFormed(chunks, SMALL.maxTokens);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text).toMatch(/^Sentence \d+ /);
      expect(chunk.text).toMatch(/next step\.$/);
    }
    for (let i = 1; i < chunks.length; i++) {
      const previous = sentenceIds(chunks[i - 1].text);
      const current = sentenceIds(chunks[i].text);
      const shared = current.filter((id) => previous.includes(id));
      // The next chunk opens with the last sentence(s) of the previous one, within the overlap budget.
      expect(shared.length).toBeGreaterThan(0);
      expect(current.slice(0, shared.length)).toEqual(previous.slice(-shared.length));
      expect(countTokens(shared.map(sentence).join(' '))).toBeLessThanOrEqual(SMALL.overlapTokens);
      // And then moves on.
      expect(current[shared.length]).toBe(previous[previous.length - 1] + 1);
    }
  });

  it('has no overlap when overlapTokens is 0, and none across sections', () => {
    const noOverlap = chunkDocument(doc([section(paragraph(0, 40))]), { ...SMALL, overlapTokens: 0 });
    const ids = noOverlap.flatMap((c) => sentenceIds(c.text));
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i));

    const twoSections = chunkDocument(doc([section(paragraph(0, 3), 'A'), section(paragraph(3, 3), 'B')]), SMALL);
    expect(twoSections.map((c) => sentenceIds(c.text))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it('keeps a paragraph above the target but under the maximum whole', () => {
    const long = paragraph(0, 9); // ~160 tokens: over 120, under 200
    expect(countTokens(long)).toBeGreaterThan(SMALL.targetTokens);
    const chunks = chunkDocument(doc([section(`${paragraph(100, 2)}\n\n${long}\n\n${paragraph(200, 2)}`)]), SMALL);
    expectWellFormed(chunks, SMALL.maxTokens);
    expect(chunks.some((c) => c.text.includes(long))).toBe(true);
  });

  it('cuts text without sentences at token boundaries as a last resort', () => {
    const blob = Array.from({ length: 900 }, (_, i) => `tok${i}`).join('-');
    const chunks = chunkDocument(doc([section(blob)]), SMALL);
    expectWellFormed(chunks, SMALL.maxTokens);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.map((c) => c.text).join('')).toBe(blob);
  });

  it('keeps a code fence that fits under the maximum intact, even above the target', () => {
    const fence = '```ts\n' + Array.from({ length: 20 }, (_, i) => `const item${i} = load(${i});`).join('\n\n') + '\n```';
    expect(countTokens(fence)).toBeGreaterThan(SMALL.targetTokens);
    expect(countTokens(fence)).toBeLessThanOrEqual(SMALL.maxTokens);
    const chunks = chunkDocument(doc([section(`${paragraph(0, 4)}\n\n${fence}\n\n${paragraph(10, 4)}`)]), SMALL);
    expectWellFormed(chunks, SMALL.maxTokens);
    expect(chunks.filter((c) => c.text.includes(fence))).toHaveLength(1);
    // No chunk holds a piece of the fence without all of it.
    expect(chunks.filter((c) => c.text.includes('item7') && !c.text.includes(fence))).toHaveLength(0);
  });

  it('splits a fence longer than the maximum by lines, re-opening and closing each part', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `print("line ${i}")`);
    const fence = '```python\n' + lines.join('\n') + '\n```';
    const chunks = chunkDocument(doc([section(fence)]), SMALL);
    expectWellFormed(chunks, SMALL.maxTokens);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.text).toMatch(/^```python\n[\s\S]*\n```$/);
    }
    const body = chunks.flatMap((c) => c.text.split('\n').slice(1, -1));
    expect(body).toEqual(lines);
  });

  it('splits source code at line boundaries with line-aligned overlap', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `    result${i} = transform(input${i}, options)`);
    const code = `def run():\n${lines.join('\n')}`;
    const chunks = chunkDocument(doc([section(code, 'run.py')], 'code'), SMALL);
    expectWellFormed(chunks, SMALL.maxTokens);
    const sourceLines = new Set(code.split('\n'));
    for (const chunk of chunks) {
      expect(chunk.heading).toBe('run.py');
      for (const line of chunk.text.split('\n')) expect(sourceLines.has(line)).toBe(true);
    }
    for (let i = 1; i < chunks.length; i++) {
      const previousLast = chunks[i - 1].text.split('\n').at(-1);
      expect(chunks[i].text.split('\n')).toContain(previousLast);
    }
  });

  it('packs blank-line-separated blocks of code together', () => {
    const code = Array.from({ length: 6 }, (_, i) => `const a${i} = ${i};`).join('\n\n');
    const chunks = chunkDocument(doc([section(code, 'a.ts')], 'code'));
    expect(chunks).toEqual([{ ordinal: 0, text: code, heading: 'a.ts', page: null, tokens: countTokens(code) }]);
  });

  it('rejects inconsistent options', () => {
    const d = doc([section('x')]);
    expect(() => chunkDocument(d, { targetTokens: 600, maxTokens: 500 })).toThrow(RangeError);
    expect(() => chunkDocument(d, { targetTokens: 100, overlapTokens: 100 })).toThrow(RangeError);
    expect(() => chunkDocument(d, { targetTokens: 0 })).toThrow(RangeError);
  });

  it('holds the default bounds on a realistic parsed document', async () => {
    const body = Array.from({ length: 6 }, (_, s) => `## Part ${s}\n\n${Array.from({ length: 8 }, (_, p) => paragraph(s * 100 + p * 10, 1 + ((s + p) % 6))).join('\n\n')}`).join('\n\n');
    const parsed = await parseDocument({ name: 'big.md', bytes: new TextEncoder().encode(`# Big\n\n${body}`) });
    const chunks = chunkDocument(parsed);
    expectWellFormed(chunks, 500);
    expect(new Set(chunks.map((c) => c.heading))).toEqual(new Set(parsed.sections.map((s) => s.heading)));
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(350 + 50);
  });
});
