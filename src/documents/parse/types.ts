/** The formats `parseDocument` reads. */
export type DocumentFormat = 'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'code';

/** One structural unit of a document: the text under one heading (or on one PDF page). */
export type Section = {
  /** Plain text; paragraphs separated by a blank line, code blocks as Markdown fences. Never empty. */
  text: string;
  /** The heading path, outermost first, e.g. `"Install > Linux"`; null when the text sits under no heading. */
  heading: string | null;
  /** 1-based page number for PDF; null for formats without pages. */
  page: number | null;
};

/** A document reduced to structured text, ready for chunking. */
export type ParsedDocument = {
  format: DocumentFormat;
  /** The document's own title (first H1, HTML <title>, PDF metadata), else the file name. */
  title: string;
  /** In document order; at least one. */
  sections: Section[];
};

/** What `parseDocument` needs: the upload's file name, its declared MIME type if any, and its bytes. */
export type ParseDocumentInput = {
  name: string;
  mime?: string;
  bytes: Uint8Array;
};
