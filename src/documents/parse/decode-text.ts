import { unsupportedFormat } from './errors.js';

/** Above this share of undecodable bytes, the file is not text in any encoding we guess. */
const MAX_INVALID_RATIO = 0.1;
/** Text has tabs and newlines; binary data has the other C0 control characters everywhere. */
const MAX_CONTROL_RATIO = 0.01;

/**
 * Decodes an uploaded text file: UTF-8 (with or without BOM), UTF-16 with a BOM, or, when the bytes are
 * not UTF-8 but look like 8-bit text, Windows-1252 (the usual legacy encoding). Binary data sent as text
 * (NUL bytes, control characters, mostly invalid UTF-8) is refused as `unsupported_format`.
 */
export function decodeText(bytes: Uint8Array, name: string): string {
  const utf16 = utf16Encoding(bytes);
  if (utf16) return new TextDecoder(utf16).decode(bytes);

  if (bytes.includes(0)) throw binary(name);
  const text = new TextDecoder('utf-8').decode(bytes);
  const stats = characterStats(text);
  if (stats.control > text.length * MAX_CONTROL_RATIO) throw binary(name);
  // Invalid sequences and no valid multi-byte character at all: an 8-bit encoding, not damaged UTF-8.
  if (stats.invalid > 0 && stats.validNonAscii === 0) return new TextDecoder('windows-1252').decode(bytes);
  if (stats.invalid > text.length * MAX_INVALID_RATIO) throw binary(name);
  return text;
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 2) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

function characterStats(text: string): { control: number; invalid: number; validNonAscii: number } {
  let control = 0;
  let invalid = 0;
  let validNonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) invalid++;
    else if (c > 0x7f) validNonAscii++;
    // Tab, LF, VT, FF, CR and ESC (ANSI colours in logs) are at home in text.
    else if (c < 0x20 && !(c >= 0x09 && c <= 0x0d) && c !== 0x1b) control++;
    else if (c === 0x7f) control++;
  }
  return { control, invalid, validNonAscii };
}

function binary(name: string): Error {
  return unsupportedFormat(name, 'binary data');
}
