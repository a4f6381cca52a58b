import { unreadableDocument } from './errors.js';
import { parseHtml } from './parse-html.js';
import type { Section } from './types.js';

// Word's Title style is the document's title, which mammoth's default map leaves as a plain paragraph.
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"];

/** DOCX through mammoth to HTML, then the HTML path, so Word's heading styles become the heading path. */
export async function parseDocx(bytes: Uint8Array, name: string): Promise<{ title: string | null; sections: Section[] }> {
  let html: string;
  try {
    // Loaded on the first Word file: mammoth holds about 16 MB that a server without uploads should not carry.
    const { default: mammoth } = await import('mammoth');
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Images are not text: skip mammoth's base64 encoding of every picture.
    const dropImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));
    html = (await mammoth.convertToHtml({ buffer }, { styleMap: STYLE_MAP, convertImage: dropImages })).value;
  } catch (cause) {
    throw unreadableDocument({ name, format: 'docx', cause });
  }
  return parseHtml(html, { readability: false });
}
