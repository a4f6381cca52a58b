import { decodeText } from './decode-text.js';
import { detectFormat } from './detect-format.js';
import { emptyDocument } from './errors.js';
import { baseName, stem } from './file-name.js';
import { parseDocx } from './parse-docx.js';
import { parseHtml } from './parse-html.js';
import { parseMarkdown } from './parse-markdown.js';
import { parsePdf } from './parse-pdf.js';
import { parseCode, parseText } from './parse-text.js';
import type { DocumentFormat, ParseDocumentInput, ParsedDocument, Section } from './types.js';

/**
 * Turns an uploaded file into structured text: sections with heading paths (Markdown, HTML, DOCX) or
 * page numbers (PDF). The format comes from the MIME type or the file extension (see `detectFormat`).
 * Throws `DocumentFormatError`: `unsupported_format`, `unreadable` (corrupt file) or `empty` (no text).
 *
 * @example
 * const doc = await parseDocument({ name: 'guide.md', bytes: await readFile('guide.md') });
 * doc.sections[0]; // { text: 'Run the installer…', heading: 'Install > Linux', page: null }
 */
export async function parseDocument(input: ParseDocumentInput): Promise<ParsedDocument> {
  if (input.bytes.length === 0) throw emptyDocument(input.name, null);
  const format = detectFormat(input);
  const { title, sections } = await parseAs(format, input);
  const withText = sections.filter((section) => section.text.trim().length > 0);
  if (withText.length === 0) throw emptyDocument(input.name, format);
  return { format, title: title ?? (format === 'code' ? baseName(input.name) : stem(input.name)), sections: withText };
}

async function parseAs(format: DocumentFormat, input: ParseDocumentInput): Promise<{ title: string | null; sections: Section[] }> {
  switch (format) {
    case 'pdf':
      return parsePdf(input.bytes, input.name);
    case 'docx':
      return parseDocx(input.bytes, input.name);
    case 'html':
      return parseHtml(decodeText(input.bytes, input.name), { readability: true });
    case 'markdown':
      return parseMarkdown(decodeText(input.bytes, input.name));
    case 'text':
      return { title: null, sections: parseText(decodeText(input.bytes, input.name)) };
    case 'code':
      return { title: null, sections: parseCode(decodeText(input.bytes, input.name), input.name) };
  }
}
