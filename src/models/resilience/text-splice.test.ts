import { describe, expect, it } from 'vitest';
import { overlapLength, TextSplicer } from './text-splice.js';

/** Feeds a continuation through a splicer in small deltas and returns what the reader ends up with. */
function splice(sent: string, continuation: string, deltaSize = 3): string {
  const splicer = new TextSplicer(sent);
  let out = '';
  for (let i = 0; i < continuation.length; i += deltaSize) out += splicer.push(continuation.slice(i, i + deltaSize));
  return sent + out + splicer.flush();
}

describe('overlapLength', () => {
  it('finds the longest overlap at a word boundary', () => {
    expect(overlapLength('The quick brown fox', ' brown fox jumps')).toBe(10);
    expect(overlapLength('The quick brown fox', 'fox jumps')).toBe(3);
  });

  it('takes short mid-word matches for coincidence', () => {
    expect(overlapLength('Mississip', 'pi')).toBe(0);
    expect(overlapLength('Mississi', 'ssippi')).toBe(0);
    expect(overlapLength('Half an', ' answer.')).toBe(0);
    expect(overlapLength('Half an', ' an answer.')).toBe(3);
  });
});

describe('TextSplicer', () => {
  it('passes an exact continuation through', () => {
    expect(splice('The quick brown', ' fox jumps over the lazy dog.')).toBe('The quick brown fox jumps over the lazy dog.');
  });

  it('strips a continuation that repeats the end of the prefix', () => {
    expect(splice('The quick brown fox', ' brown fox jumps over the lazy dog.')).toBe('The quick brown fox jumps over the lazy dog.');
    expect(splice('One. Two. Three', 'Two. Three. Four.')).toBe('One. Two. Three. Four.');
  });

  it('drops the repeated trailing whitespace that was trimmed from the prefill', () => {
    const splicer = new TextSplicer('Hello ');
    expect(splicer.prefix).toBe('Hello');
    expect(splice('Hello ', ' world')).toBe('Hello world');
    expect(splice('Hello ', 'world')).toBe('Hello world');
    expect(splice('Para one.\n\n', '\n\nPara two.')).toBe('Para one.\n\nPara two.');
  });

  it('drops a restarted answer up to where the sent text ended', () => {
    const sent = 'Paris is the capital of France and its largest city, with';
    const restart = 'Paris is the capital of France and its largest city, with over two million residents.';
    expect(splice(sent, restart, 5)).toBe(`${sent} over two million residents.`);
  });

  it('handles a continuation that arrives as one big delta or char by char', () => {
    expect(splice('abc def', ' def ghi', 100)).toBe('abc def ghi');
    expect(splice('abc def', ' def ghi', 1)).toBe('abc def ghi');
  });

  it('holds back only while undecided, then streams as is', () => {
    const splicer = new TextSplicer('The answer is');
    expect(splicer.push(' 42')).toBe(' 42');
    expect(splicer.push(', as')).toBe(', as');
  });

  it('emits held-back text on flush', () => {
    // "4" occurs in the sent text: it could be the start of a repeat, so it waits.
    const splicer = new TextSplicer('The answer is 42');
    expect(splicer.push('4')).toBe('');
    expect(splicer.flush()).toBe('4');
  });

  it('works with nothing sent yet', () => {
    expect(splice('', 'Fresh answer.')).toBe('Fresh answer.');
  });
});
