import { describe, expect, it } from 'vitest';
import { makePdf } from '../../../test/fixtures/documents/make-pdf.js';
import { DocumentFormatError } from './errors.js';
import { parseDocument } from './parse-document.js';
import { cleanPdfText } from './parse-pdf.js';

describe('PDF parsing', () => {
  it('fixture: every xref entry points at its object', () => {
    const text = Buffer.from(makePdf([['a'], ['b']], { title: 'T' })).toString('latin1');
    const xref = text.slice(text.indexOf('xref\n'));
    const offsets = [...xref.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    // Catalog, page tree, font, two pages with their content streams, and the Info dictionary.
    expect(offsets).toHaveLength(8);
    offsets.forEach((offset, i) => expect(text.slice(offset)).toMatch(new RegExp(`^${i + 1} 0 obj\\n`)));
    expect(Number(/startxref\n(\d+)/.exec(text)?.[1])).toBe(text.indexOf('xref\n'));
  });

  it('gives one section per page, numbered from 1, with cleaned text', async () => {
    const bytes = makePdf([
      ['Redline keeps every message. It is a hyphen-', 'ated    word across lines.'],
      ['The second page talks (briefly) about retries.'],
    ]);
    const doc = await parseDocument({ name: 'manual.pdf', mime: 'application/pdf', bytes });
    expect(doc.format).toBe('pdf');
    expect(doc.title).toBe('manual');
    expect(doc.sections).toEqual([
      { text: 'Redline keeps every message. It is a hyphenated word across lines.', heading: null, page: 1 },
      { text: 'The second page talks (briefly) about retries.', heading: null, page: 2 },
    ]);
  });

  it('skips pages without text but keeps the real page numbers', async () => {
    const doc = await parseDocument({ name: 'scan-mixed.pdf', bytes: makePdf([[], ['Only the second page has text.']]) });
    expect(doc.sections.map((s) => s.page)).toEqual([2]);
  });

  it('takes the title from the PDF metadata', async () => {
    const doc = await parseDocument({ name: 'x.pdf', bytes: makePdf([['Body.']], { title: 'Annual Report' }) });
    expect(doc.title).toBe('Annual Report');
  });

  it('recognizes a PDF by its header even without extension or MIME type', async () => {
    const doc = await parseDocument({ name: 'download', bytes: makePdf([['Sniffed.']]) });
    expect(doc.format).toBe('pdf');
  });

  it('reports a PDF without text as empty, mentioning scans', async () => {
    const err = await parseDocument({ name: 'scan.pdf', bytes: makePdf([[], []]) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentFormatError);
    expect(err).toMatchObject({ code: 'empty', format: 'pdf', documentName: 'scan.pdf' });
    expect((err as Error).message).toMatch(/scanned/);
  });

  it('reports a corrupt PDF as unreadable, with the parser error as cause', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\nthis is not really a pdf');
    const err = await parseDocument({ name: 'broken.pdf', bytes }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unreadable', format: 'pdf' });
    expect((err as Error).message).toContain('"broken.pdf"');
    expect((err as Error).cause).toBeInstanceOf(Error);
  });

  it('leaves the caller’s bytes usable', async () => {
    const bytes = makePdf([['Twice.']]);
    await parseDocument({ name: 'a.pdf', bytes });
    expect((await parseDocument({ name: 'a.pdf', bytes })).sections[0].text).toBe('Twice.');
  });
});

describe('cleanPdfText', () => {
  it('joins hyphenated breaks, keeps capitalized hyphen compounds, collapses whitespace, keeps paragraphs', () => {
    expect(cleanPdfText('infor-\nmation  and\tmore\n\nNew para\u00adgraph, Anglo-\nSaxon, ﬁne')).toBe(
      'information and more\n\nNew paragraph, Anglo-Saxon, fine',
    );
  });
});
