import { unsupportedFormat } from './errors.js';
import { baseName, fileExtension } from './file-name.js';
import type { DocumentFormat, ParseDocumentInput } from './types.js';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const MIME_FORMATS: Record<string, DocumentFormat> = {
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  [DOCX_MIME]: 'docx',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'application/json': 'code',
  'application/javascript': 'code',
  'text/javascript': 'code',
  'application/typescript': 'code',
  'text/css': 'code',
  'text/csv': 'code',
  'application/xml': 'code',
  'text/xml': 'code',
  'application/yaml': 'code',
  'application/x-yaml': 'code',
  'text/yaml': 'code',
  'application/toml': 'code',
  'application/sql': 'code',
  'application/x-sh': 'code',
};

const CODE_EXTENSIONS = [
  'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'py', 'pyi', 'go', 'rs', 'java', 'kt', 'kts', 'scala', 'groovy',
  'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh', 'hxx', 'cs', 'fs', 'swift', 'm', 'mm', 'rb', 'php', 'pl', 'pm', 'lua', 'r',
  'dart', 'ex', 'exs', 'erl', 'hs', 'clj', 'elm', 'ml', 'zig', 'nim', 'jl', 'vue', 'svelte', 'astro',
  'sh', 'bash', 'zsh', 'fish', 'ps1', 'bat', 'cmd', 'sql', 'graphql', 'gql', 'proto', 'tf', 'hcl', 'gradle', 'cmake',
  'json', 'jsonc', 'json5', 'jsonl', 'ndjson', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'properties', 'env', 'xml',
  'css', 'scss', 'sass', 'less', 'csv', 'tsv', 'diff', 'patch',
];

const EXTENSION_FORMATS: Record<string, DocumentFormat> = {
  pdf: 'pdf',
  docx: 'docx',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  mdown: 'markdown',
  mkd: 'markdown',
  txt: 'text',
  text: 'text',
  log: 'text',
  rst: 'text',
  adoc: 'text',
  org: 'text',
  ...Object.fromEntries(CODE_EXTENSIONS.map((ext) => [ext, 'code' as const])),
};

/** Extension-less files that are code by convention. */
const CODE_FILE_NAMES = new Set(['dockerfile', 'makefile', 'gemfile', 'rakefile', 'procfile', 'justfile', 'vagrantfile', '.gitignore', '.dockerignore', '.editorconfig', '.env']);

/** Formats people try that we refuse outright, with no need to look at the bytes. */
const UNSUPPORTED_EXTENSIONS = new Set([
  'doc', 'rtf', 'odt', 'pages', 'xls', 'xlsx', 'ods', 'numbers', 'ppt', 'pptx', 'odp', 'key', 'epub',
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'ico', 'heic', 'svg', 'psd',
  'mp3', 'wav', 'ogg', 'flac', 'm4a', 'mp4', 'mov', 'avi', 'mkv', 'webm',
  'zip', 'gz', 'tgz', 'tar', '7z', 'rar', 'bz2', 'xz', 'exe', 'dll', 'so', 'dylib', 'bin', 'wasm', 'class', 'jar',
  'sqlite', 'db', 'woff', 'woff2', 'ttf', 'otf',
]);

const UNSUPPORTED_MIME_PREFIXES = ['image/', 'audio/', 'video/', 'font/', 'application/vnd.ms-', 'application/vnd.oasis.opendocument.', 'application/vnd.openxmlformats-officedocument.'];
const UNSUPPORTED_MIMES = new Set([
  'application/msword', 'application/rtf', 'application/zip', 'application/x-zip-compressed', 'application/gzip',
  'application/x-gzip', 'application/x-tar', 'application/x-7z-compressed', 'application/vnd.rar', 'application/x-rar-compressed',
  'application/epub+zip', 'application/wasm', 'application/x-msdownload',
]);

/**
 * Decides how to read a file: the bytes when they are unmistakable (a PDF header), then a specific MIME
 * type, then the extension; generic MIME types (`text/plain`, `application/octet-stream`) defer to the
 * extension, since browsers send them for `.md` and `.ts` alike. Throws `unsupported_format` for known
 * non-document formats; an unknown file is read as text, where binary content is caught by the decoder.
 */
export function detectFormat(input: ParseDocumentInput): DocumentFormat {
  const mime = (input.mime ?? '').split(';')[0].trim().toLowerCase();
  const ext = fileExtension(input.name);
  if (startsWithAscii(input.bytes, '%PDF-')) return 'pdf';

  const byMime = MIME_FORMATS[mime];
  if (byMime) return byMime;
  const byExt = EXTENSION_FORMATS[ext];
  if (byExt) return byExt;
  if (CODE_FILE_NAMES.has(baseName(input.name).toLowerCase())) return 'code';

  const refusedMime = UNSUPPORTED_MIMES.has(mime) || UNSUPPORTED_MIME_PREFIXES.some((prefix) => mime.startsWith(prefix));
  if (UNSUPPORTED_EXTENSIONS.has(ext) || refusedMime || startsWithAscii(input.bytes, 'PK\u0003\u0004')) {
    throw unsupportedFormat(input.name, mime || (ext ? `.${ext}` : ''));
  }
  return 'text';
}

function startsWithAscii(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}
