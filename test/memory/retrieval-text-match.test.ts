import { describe, expect, it } from 'vitest';
import { coverage, prefixQuery, queryConcepts, stem, termScore, termScorer } from '../../src/memory/text-match.js';
import { factSubject } from '../../src/memory/fact-subject.js';

describe('query expansion', () => {
  it('looks for the words a memory uses when the question uses others', () => {
    const query = prefixQuery('Who is my spouse?')!;
    expect(query.split(' | ')).toEqual(expect.arrayContaining(['spous:*', 'marri:*', 'wif:*', 'husband:*']));
    // "what do I do for a living" is about a job, not about where the user lives.
    const living = prefixQuery('What do I do for a living?')!;
    expect(living).toContain('work:*');
    expect(living).not.toContain('liv:*');
  });

  it('matches words of three letters or fewer exactly, so "car" does not find "carpenter"', () => {
    const terms = prefixQuery('What car do I have?')!.split(' | ');
    expect(terms).toEqual(expect.arrayContaining(['car', 'cars', 'driv:*']));
    expect(terms).not.toContain('car:*');
    const concepts = queryConcepts('What car do I have?');
    expect(termScore(concepts, 'User works as a carpenter')).toBe(0);
    expect(termScore(concepts, 'User drives a Volvo')).toBeGreaterThan(0);
  });

  it('meets British and American spellings', () => {
    const concepts = queryConcepts('my favourite cuisine');
    expect(termScore(concepts, "User's favorite cuisine is Thai")).toBe(2);
    expect(prefixQuery('favourite colour')).toContain('favorit:*');
  });

  it('scores a text with the query word above one with only a related word', () => {
    const concepts = queryConcepts('Which company do I work for?');
    const direct = termScore(concepts, 'User works at Globex');
    const related = termScore(concepts, 'User is employed by a startup');
    expect(direct).toBeGreaterThan(related);
    expect(related).toBeGreaterThan(0);
  });

  it('scores every text the same whether one at a time or many against one query', () => {
    const texts = ['User works as a carpenter', 'User drives a Volvo', "User's favorite cuisine is Thai", 'User works at Globex', 'User is employed by a startup', 'User works as a nurse', 'User speaks Japanese and French', 'User has two cars', ''];
    for (const query of ['What car do I have?', 'my favourite cuisine', 'Which company do I work for?', "What's my job title?", 'Which languages do I speak?', 'hello']) {
      const concepts = queryConcepts(query);
      const score = termScorer(concepts);
      // Twice: the second pass reads the words the first one decided.
      for (let pass = 0; pass < 2; pass++) for (const text of texts) expect([query, text, score(text)]).toEqual([query, text, termScore(concepts, text)]);
    }
  });

  it('tells a job ("works as") from an employer ("works at")', () => {
    const concepts = queryConcepts("What's my job title?");
    expect(termScore(concepts, 'User works as a nurse')).toBeGreaterThan(termScore(concepts, 'User works at Acme'));
    // Forgetting "my job" covers the occupation, not the employer.
    expect(coverage('my job', 'User works as a nurse')).toBe(1);
    expect(coverage('my job', 'User works at Acme')).toBe(0);
  });

  it('counts a named language as "a language" without searching every language name', () => {
    expect(termScore(queryConcepts('Which language?'), 'User is learning Japanese')).toBeGreaterThan(0);
    expect(prefixQuery('Which language?')).not.toContain('japanes');
    expect(coverage('the language I am learning', 'User is studying Mandarin')).toBe(1);
    expect(coverage('the language I am learning', 'User is learning to play the cello')).toBe(0.5);
  });

  it('stems the forms of a word to one prefix', () => {
    expect(stem('studying')).toBe(stem('study'));
    expect('studies'.startsWith(stem('studying'))).toBe(true);
    expect(stem('lives')).toBe('liv');
  });
});

describe('factSubject', () => {
  it('reads "is no longer X" as the negation of "is X"', () => {
    expect(factSubject('User is no longer vegetarian')).toEqual({ key: 'diet', value: 'vegetarian', negated: true });
    expect(factSubject('User is vegetarian')).toEqual({ key: 'diet', value: 'vegetarian', negated: false });
    expect(factSubject("User isn't vegan anymore")).toEqual({ key: 'diet', value: 'vegan', negated: true });
  });
});
