import { baseName } from './file-name.js';
import type { DocumentFormat } from './types.js';

/** Shown to users whenever a file is refused, so they know what to send instead. */
export const SUPPORTED_FORMATS_TEXT =
  'Supported formats: PDF, Word (.docx), HTML, Markdown, plain text and source code files (.ts, .js, .py, .go, .rs, .java, .c, .cpp, .json, .yaml, …).';

/**
 * - `unsupported_format`: not a format we read (an image, an archive, binary data).
 * - `unreadable`: the format is right but the file is corrupt, truncated or encrypted.
 * - `empty`: the file parsed but holds no text (a blank file, a scanned PDF without a text layer).
 */
export type DocumentFormatErrorCode = 'unsupported_format' | 'unreadable' | 'empty';

/** A document that cannot be turned into text; `message` is written for the person who uploaded it. */
export class DocumentFormatError extends Error {
  readonly code: DocumentFormatErrorCode;
  readonly documentName: string;
  /** The format the file was read as, when it got that far. */
  readonly format: DocumentFormat | null;
  // The same bytes fail the same way every time.
  readonly retryable = false;

  constructor(opts: { code: DocumentFormatErrorCode; documentName: string; message: string; format?: DocumentFormat; cause?: unknown }) {
    super(opts.message, { cause: opts.cause });
    this.name = 'DocumentFormatError';
    this.code = opts.code;
    this.documentName = opts.documentName;
    this.format = opts.format ?? null;
  }
}

const FORMAT_NAMES: Record<DocumentFormat, string> = {
  pdf: 'PDF',
  docx: 'Word document',
  html: 'HTML page',
  markdown: 'Markdown file',
  text: 'text file',
  code: 'source file',
};

/** A file that is not a document we read; `what` says what it looked like (a MIME type, an extension, "binary data"). */
export function unsupportedFormat(name: string, what: string): DocumentFormatError {
  const described = what ? ` (${what})` : '';
  return new DocumentFormatError({
    code: 'unsupported_format',
    documentName: name,
    message: `"${baseName(name)}"${described} is not a supported document format. ${SUPPORTED_FORMATS_TEXT}`,
  });
}

/** A file of the right format that the parser could not read: corrupt, truncated or encrypted. */
export function unreadableDocument(opts: { name: string; format: DocumentFormat; cause: unknown; reason?: string }): DocumentFormatError {
  const reason = opts.reason ?? 'the file looks damaged or incomplete';
  return new DocumentFormatError({
    code: 'unreadable',
    documentName: opts.name,
    format: opts.format,
    cause: opts.cause,
    message: `Could not read "${baseName(opts.name)}" as a ${FORMAT_NAMES[opts.format]}: ${reason}. Try opening and saving it again, or export it to another supported format.`,
  });
}

/** A document that parsed but holds no text. */
export function emptyDocument(name: string, format: DocumentFormat | null): DocumentFormatError {
  const message =
    format === 'pdf'
      ? `"${baseName(name)}" has no extractable text: it looks like a scanned PDF or contains only images. Text recognition (OCR) is not supported; run OCR on it first or upload a PDF with a text layer.`
      : `"${baseName(name)}" contains no text.`;
  return new DocumentFormatError({ code: 'empty', documentName: name, message, ...(format ? { format } : {}) });
}
