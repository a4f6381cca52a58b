import { describe, expect, it } from 'vitest';
import { ThinkSplitter } from './reasoning.js';

/** Feeds deltas through a splitter and joins what comes out. */
function split(deltas: string[]) {
  const splitter = new ThinkSplitter();
  let reasoning = '';
  let text = '';
  for (const part of [...deltas.map((d) => splitter.push(d)), splitter.flush()]) {
    reasoning += part.reasoning;
    text += part.text;
  }
  return { reasoning, text };
}

describe('ThinkSplitter', () => {
  it('takes a leading <think> block off the answer, even with tags cut across deltas', () => {
    expect(split(['<think>plan it</think>\n\nThe answer.'])).toEqual({ reasoning: 'plan it', text: 'The answer.' });
    expect(split(['<think>plan it</think>', '\n\n', ' The', ' answer.'])).toEqual({ reasoning: 'plan it', text: 'The answer.' });
    expect(split(['  <th', 'ink>', 'step one, ', 'step two</', 'thi', 'nk>', 'Done'])).toEqual({ reasoning: 'step one, step two', text: 'Done' });
  });

  it('leaves an answer without a leading block alone, tags later in the text included', () => {
    expect(split(['Use ', '<think> tags like </think> this'])).toEqual({ reasoning: '', text: 'Use <think> tags like </think> this' });
    expect(split(['<', 'div>hi</div>'])).toEqual({ reasoning: '', text: '<div>hi</div>' });
    expect(split(['<t'])).toEqual({ reasoning: '', text: '<t' });
  });

  it('keeps an unclosed thought as reasoning (the model ran out of tokens while thinking)', () => {
    expect(split(['<think>still going', ' and </th'])).toEqual({ reasoning: 'still going and </th', text: '' });
  });
});
