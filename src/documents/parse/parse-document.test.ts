import { describe, expect, it } from 'vitest';
import { DocumentFormatError, SUPPORTED_FORMATS_TEXT } from './errors.js';
import { parseDocument } from './parse-document.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

async function rejection(promise: Promise<unknown>): Promise<DocumentFormatError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DocumentFormatError);
  return err as DocumentFormatError;
}

describe('plain text and code', () => {
  it('reads plain text as paragraphs, normalizing line endings and blank runs', async () => {
    const doc = await parseDocument({ name: 'notes.txt', bytes: utf8('First line\r\nsame para  \r\n\r\n\r\n\r\nSecond para.\n\n') });
    expect(doc).toEqual({ format: 'text', title: 'notes', sections: [{ text: 'First line\nsame para\n\nSecond para.', heading: null, page: null }] });
  });

  it('reads source files as one section headed by the file name', async () => {
    const source = 'import os\n\n\ndef main():\n    print(os.getcwd())\n';
    const doc = await parseDocument({ name: 'src/tool.py', mime: 'text/x-python', bytes: utf8(source) });
    expect(doc).toEqual({ format: 'code', title: 'tool.py', sections: [{ text: source.trimEnd(), heading: 'tool.py', page: null }] });
  });

  it.each(['a.ts', 'b.go', 'c.rs', 'd.java', 'e.cpp', 'f.h', 'g.json', 'h.yaml', 'i.toml', 'j.css', 'k.sql', 'l.sh', 'Dockerfile'])(
    'detects %s as code',
    async (name) => {
      expect((await parseDocument({ name, bytes: utf8('x = 1') })).format).toBe('code');
    },
  );

  it('decodes UTF-8 with a BOM, UTF-16 with a BOM and legacy Windows-1252', async () => {
    const bom = await parseDocument({ name: 'a.txt', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('héllo')]) });
    expect(bom.sections[0].text).toBe('héllo');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('naïve', 'utf16le')]);
    expect((await parseDocument({ name: 'b.txt', bytes: utf16 })).sections[0].text).toBe('naïve');
    const latin = new Uint8Array([...utf8('caf'), 0xe9, ...utf8(' cr'), 0xe8, ...utf8('me')]);
    expect((await parseDocument({ name: 'c.txt', bytes: latin })).sections[0].text).toBe('café crème');
  });

  it('reads an unknown extension as text when the bytes are text', async () => {
    expect((await parseDocument({ name: 'README', bytes: utf8('Hello.') })).format).toBe('text');
  });
});

describe('errors', () => {
  it('refuses an image with a message naming the supported formats', async () => {
    const err = await rejection(parseDocument({ name: 'photo.png', mime: 'image/png', bytes: PNG }));
    expect(err.code).toBe('unsupported_format');
    expect(err.documentName).toBe('photo.png');
    expect(err.message).toContain('"photo.png"');
    expect(err.message).toContain(SUPPORTED_FORMATS_TEXT);
    expect(err.message).toMatch(/PDF.*Markdown/);
  });

  it('refuses an image by MIME type whatever the name, and by extension without a MIME type', async () => {
    expect((await rejection(parseDocument({ name: 'upload', mime: 'image/jpeg', bytes: PNG }))).code).toBe('unsupported_format');
    expect((await rejection(parseDocument({ name: 'slides.pptx', bytes: utf8('x') }))).code).toBe('unsupported_format');
  });

  it('refuses a ZIP archive', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);
    expect((await rejection(parseDocument({ name: 'bundle', bytes: zip }))).code).toBe('unsupported_format');
  });

  it('refuses binary data that claims to be text: NUL bytes', async () => {
    const err = await rejection(parseDocument({ name: 'data.txt', mime: 'text/plain', bytes: new Uint8Array([...utf8('abc'), 0, 1, 2, ...utf8('def')]) }));
    expect(err.code).toBe('unsupported_format');
    expect(err.message).toMatch(/binary/);
  });

  it('refuses binary data that claims to be text: control characters and invalid UTF-8', async () => {
    // Deterministic noise without NUL bytes, the shape of compressed data.
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => ((i * 7919 + 13) % 255) + 1);
    expect((await rejection(parseDocument({ name: 'main.ts', bytes: noise }))).code).toBe('unsupported_format');
  });

  it('reports empty and whitespace-only files as empty', async () => {
    expect((await rejection(parseDocument({ name: 'a.txt', bytes: new Uint8Array() }))).code).toBe('empty');
    const err = await rejection(parseDocument({ name: 'b.md', bytes: utf8(' \n\n\t\n') }));
    expect(err).toMatchObject({ code: 'empty', format: 'markdown' });
    expect(err.message).toContain('"b.md"');
  });
});
