import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

describe('splitSentences', () => {
  it('splits at sentence ends, including ? ! and quotes', () => {
    expect(splitSentences('It works. Does it? Yes! He said "fine." Then left.')).toEqual(['It works.', 'Does it?', 'Yes!', 'He said "fine."', 'Then left.']);
  });

  it('does not split after abbreviations, initials or inside numbers', () => {
    expect(splitSentences('Dr. Smith met J. R. Tolkien in the U.S. Army. Version 3.14 shipped, e.g. today.')).toEqual([
      'Dr. Smith met J. R. Tolkien in the U.S. Army.',
      'Version 3.14 shipped, e.g. today.',
    ]);
  });

  it('ignores hard line wraps but keeps them in the text', () => {
    expect(splitSentences('A sentence that\nwraps. Another one.')).toEqual(['A sentence that\nwraps.', 'Another one.']);
  });

  it('splits CJK text at ideographic full stops', () => {
    expect(splitSentences('これは文です。次の文です。')).toEqual(['これは文です。', '次の文です。']);
  });
});
