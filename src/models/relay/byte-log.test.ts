import { describe, expect, it } from 'vitest';
import { ByteLog } from './byte-log.js';

describe('ByteLog', () => {
  it('keeps every appended byte in order across growth, and finds a marker near the end', () => {
    const log = new ByteLog(8);
    const parts = ['data: {"a":1}\n\n', 'data: {"b":2}\n\n', 'x'.repeat(100), 'data: [DONE]\n\n'];
    for (const part of parts) log.append(Buffer.from(part));
    expect(log.bytes().toString()).toBe(parts.join(''));
    expect(log.length).toBe(parts.join('').length);
    expect(log.endIncludes(Buffer.from('data: [DONE]'), 32)).toBe(true);
    // Only the end is searched: a marker further back does not count.
    log.append(Buffer.from('y'.repeat(40)));
    expect(log.endIncludes(Buffer.from('data: [DONE]'), 32)).toBe(false);
  });

  it('does not share memory with the chunks it was given', () => {
    const log = new ByteLog();
    const chunk = Buffer.from('hello');
    log.append(chunk);
    chunk.write('HELLO');
    expect(log.bytes().toString()).toBe('hello');
  });
});
