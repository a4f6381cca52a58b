import { describe, expect, it } from 'vitest';
import { makeDocx, makeZip } from '../../../test/fixtures/documents/make-docx.js';
import { parseDocument } from './parse-document.js';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('DOCX parsing', () => {
  it('turns Word heading styles into heading paths', async () => {
    const bytes = await makeDocx([
      { text: 'Handbook', heading: 1 },
      { text: 'Welcome to the team.' },
      { text: 'Setup', heading: 2 },
      { text: 'Install the tools.' },
      { text: 'Laptop', heading: 3 },
      { text: 'Ask IT for one.' },
      { text: 'Holidays', heading: 2 },
      { text: 'Twenty-five days & <more>.' },
    ]);
    const doc = await parseDocument({ name: 'handbook.docx', mime: DOCX_MIME, bytes });
    expect(doc.format).toBe('docx');
    expect(doc.title).toBe('Handbook');
    expect(doc.sections).toEqual([
      { text: 'Welcome to the team.', heading: 'Handbook', page: null },
      { text: 'Install the tools.', heading: 'Handbook > Setup', page: null },
      { text: 'Ask IT for one.', heading: 'Handbook > Setup > Laptop', page: null },
      { text: 'Twenty-five days & <more>.', heading: 'Handbook > Holidays', page: null },
    ]);
  });

  it('is detected by extension when the browser sends a generic MIME type', async () => {
    const bytes = await makeDocx([{ text: 'Body only.' }]);
    const doc = await parseDocument({ name: 'notes.docx', mime: 'application/octet-stream', bytes });
    expect(doc).toMatchObject({ format: 'docx', title: 'notes', sections: [{ text: 'Body only.', heading: null }] });
  });

  it('reports a damaged file as unreadable', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]);
    await expect(parseDocument({ name: 'broken.docx', bytes })).rejects.toMatchObject({ code: 'unreadable', format: 'docx' });
  });

  it('reports a ZIP without a Word document inside as unreadable', async () => {
    const err = await parseDocument({ name: 'renamed.docx', bytes: await makeZip() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unreadable' });
    expect((err as Error).message).toMatch(/Word document/);
  });

  it('reports a document with no text as empty', async () => {
    const bytes = await makeDocx([{ text: '   ' }]);
    await expect(parseDocument({ name: 'blank.docx', bytes })).rejects.toMatchObject({ code: 'empty' });
  });
});
