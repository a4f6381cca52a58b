export { parseDocument } from './parse-document.js';
export { detectFormat } from './detect-format.js';
export { DocumentFormatError, SUPPORTED_FORMATS_TEXT, type DocumentFormatErrorCode } from './errors.js';
export type { DocumentFormat, ParseDocumentInput, ParsedDocument, Section } from './types.js';
