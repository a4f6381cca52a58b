import { describe, expect, it } from 'vitest';
import { closeOpenFence, splitBlocks } from './markdown-blocks';

describe('closeOpenFence', () => {
  it('closes a code fence left open mid-stream', () => {
    expect(closeOpenFence('Text\n```ts\nconst a = 1;')).toBe('Text\n```ts\nconst a = 1;\n```');
    expect(closeOpenFence('~~~~\ncode\n')).toBe('~~~~\ncode\n~~~~');
  });

  it('leaves closed fences and inline backticks alone', () => {
    const done = 'a\n```\nx\n```\nb `code` c';
    expect(closeOpenFence(done)).toBe(done);
    // A shorter or different marker does not close a fence.
    expect(closeOpenFence('````\n```\n')).toBe('````\n```\n````');
  });
});

describe('splitBlocks', () => {
  it('splits top-level blocks at blank lines', () => {
    expect(splitBlocks('# Title\n\nPara one\nstill one\n\n- a\n- b')).toEqual(['# Title', 'Para one\nstill one', '- a\n- b']);
  });

  it('keeps code fences with blank lines whole', () => {
    const text = 'Intro\n\n```py\ndef f():\n\n    return 1\n```\n\nAfter';
    expect(splitBlocks(text)).toEqual(['Intro', '```py\ndef f():\n\n    return 1\n```', 'After']);
  });

  it('keeps indented continuations with their block', () => {
    expect(splitBlocks('- item\n\n  continued\n- next')).toEqual(['- item\n\n  continued\n- next']);
  });

  it('does not split text with reference definitions', () => {
    const text = 'See [docs][1].\n\n[1]: https://example.com';
    expect(splitBlocks(text)).toEqual([text]);
  });

  it('keeps earlier blocks identical as text grows', () => {
    const full = 'First paragraph.\n\nSecond paragraph grows';
    const a = splitBlocks(full.slice(0, 30));
    const b = splitBlocks(full);
    expect(a[0]).toBe(b[0]);
  });
});
