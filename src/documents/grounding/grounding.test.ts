import { describe, expect, it } from 'vitest';
import { parseTsvector, rankLexical } from '../passage-search.js';
import type { Source } from '../types.js';
import { answerSentences } from './sentences.js';
import { renderSources } from './sources-prompt.js';
import { verifyLexically } from './verify.js';

const sources: Source[] = [
  { n: 1, documentId: 'd1', chunkId: 'c1', name: 'expenses.md', heading: 'Meals', page: null, text: 'Meals on business trips are covered up to 35 euros a day. Alcohol is never covered.' },
  { n: 2, documentId: 'd1', chunkId: 'c2', name: 'expenses.md', heading: 'Taxis', page: 4, text: 'Taxis are covered after 22:00 only, with a receipt.' },
];

describe('answerSentences', () => {
  it('splits an answer into plain sentences with their citations, keeping citations after the full stop with their sentence', () => {
    const answer = '## Meals\n\nMeals are covered up to **35 euros** a day [1]. Taxis only after 22:00. [2]\n\n- Alcohol is [never](http://x) covered [1][2]\n\n```js\nconst x = 1. \n```';
    expect(answerSentences(answer)).toEqual([
      { text: 'Meals are covered up to 35 euros a day [1].', citations: [1] },
      { text: 'Taxis only after 22:00. [2]', citations: [2] },
      { text: 'Alcohol is never covered [1][2]', citations: [1, 2] },
    ]);
  });
});

describe('verifyLexically', () => {
  it('supports a sentence its cited passage states, and not one that changes a number, cites the wrong passage or cites nothing', () => {
    const answer = [
      'Meals are covered up to 35 euros per day [1].',
      'Meals are covered up to 50 euros per day [1].',
      'Taxis are covered after 22:00 with a receipt [1].',
      'Hotels are booked through the travel desk in Lisbon for every employee.',
      'That is all.',
    ].join(' ');
    expect(verifyLexically(answer, sources).sentences.map((s) => [s.text, s.supported])).toEqual([
      ['Meals are covered up to 35 euros per day [1].', true],
      ['Meals are covered up to 50 euros per day [1].', false],
      ['Taxis are covered after 22:00 with a receipt [1].', false],
      ['Hotels are booked through the travel desk in Lisbon for every employee.', false],
    ]);
    // A citation of a passage that does not exist supports nothing.
    expect(verifyLexically('Meals are covered up to 35 euros a day [7].', sources).sentences[0].supported).toBe(false);
  });
});

describe('lexical ranking', () => {
  it('reads term counts from a tsvector and ranks by BM25, with support as the weighted share of the question covered', () => {
    expect(parseTsvector("'claim':5,12 'expens':8A 'o''neil':3")).toEqual({ counts: new Map([['claim', 2], ['expens', 1], ["o'neil", 1]]), length: 4 });
    const candidates = [
      { id: 'a', documentId: 'd', name: 'n', heading: null, page: null, text: '', tsv: "'meal':1 'cover':2" },
      { id: 'b', documentId: 'd', name: 'n', heading: null, page: null, text: '', tsv: "'meal':1 'cover':2 'taxi':3" },
    ];
    const stats = { total: 10, counts: new Map([['meal', 5], ['cover', 5], ['taxi', 1]]) };
    const ranked = rankLexical(candidates, ['taxi', 'cover', 'hotel'], stats);
    expect(ranked.map((r) => r.candidate.id)).toEqual(['b', 'a']);
    // "hotel" is in no passage: it weighs the most, so neither passage covers the question well.
    expect(ranked[0].support).toBeLessThan(0.6);
    expect(ranked[1].support).toBeLessThan(ranked[0].support);
  });
});

describe('renderSources', () => {
  it('numbers the passages with their place and says how to cite, stricter in strict mode', () => {
    const text = renderSources(sources, { strict: true });
    expect(text).toContain('[2] expenses.md · Taxis · p. 4\nTaxis are covered after 22:00 only, with a receipt.');
    expect(text).toContain('Answer ONLY from these passages');
    expect(renderSources(sources, { strict: false })).toContain('answer from general knowledge and say that you did');
  });
});
