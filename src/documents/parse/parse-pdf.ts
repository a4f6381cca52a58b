import { extractText, getDocumentProxy } from 'unpdf';
import { unreadableDocument } from './errors.js';
import type { Section } from './types.js';

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** One section per page that has text, numbered from 1; pages without a text layer are skipped. */
export async function parsePdf(bytes: Uint8Array, name: string): Promise<{ title: string | null; sections: Section[] }> {
  let pdf: PdfDocument;
  try {
    // pdf.js may transfer (detach) the buffer it is given; the caller's bytes stay usable with a copy.
    pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
  } catch (cause) {
    throw unreadableDocument({ name, format: 'pdf', cause, reason: describePdfError(cause) });
  }
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    const sections = text
      .map((pageText, i): Section => ({ text: cleanPdfText(pageText), heading: null, page: i + 1 }))
      .filter((section) => section.text.length > 0);
    return { title: await pdfTitle(pdf), sections };
  } catch (cause) {
    throw unreadableDocument({ name, format: 'pdf', cause, reason: describePdfError(cause) });
  } finally {
    await pdf.loadingTask.destroy();
  }
}

/**
 * Undoes PDF line layout: words hyphenated across a line break are joined, ligature glyphs become
 * letters, and whitespace collapses to single spaces, keeping blank lines as paragraph breaks.
 */
export function cleanPdfText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00ad/g, '')
    .replace(/[\ufb00-\ufb06]/g, (ligature) => ligature.normalize('NFKC'))
    .replace(/(\p{L})-[ \t]*\n[ \t]*(\p{Ll})/gu, '$1$2')
    // Before a capital the hyphen is part of the word ("Anglo-Saxon"): keep it, drop only the break.
    .replace(/(\p{L})-[ \t]*\n[ \t]*(\p{Lu})/gu, '$1-$2')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

async function pdfTitle(pdf: PdfDocument): Promise<string | null> {
  const { info } = await pdf.getMetadata();
  const title = (info as { Title?: unknown }).Title;
  return typeof title === 'string' && title.trim() ? title.trim() : null;
}

function describePdfError(cause: unknown): string {
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'PasswordException') return 'it is password-protected; remove the password and upload it again';
  return 'the file looks damaged or incomplete';
}
