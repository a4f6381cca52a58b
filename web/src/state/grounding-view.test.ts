import { describe, expect, it } from 'vitest';
import type { Source } from '../api/types';
import { groundingOf, sourcePlace, verificationSummary } from './grounding-view';

const source = (n: number, documentId: string, name: string, over: Partial<Source> = {}): Source => ({ n, documentId, chunkId: `k${n}`, name, heading: null, page: null, text: `passage ${n}`, ...over });

describe('groundingOf', () => {
  it('is empty for an answer without sources', () => {
    expect(groundingOf(null)).toMatchObject({ sources: [], documents: [], summary: null, abstained: false });
    expect(groundingOf({ sources: 'junk' as unknown as Source[] }).sources).toEqual([]);
  });

  it('lists each file once, opening at its first source, and sums up the check', () => {
    const view = groundingOf({
      sources: [source(2, 'd1', 'refunds.md'), source(1, 'd1', 'refunds.md'), source(3, 'd2', 'shipping.pdf'), source(4, 'd3', 'refunds.md')],
      verification: {
        method: 'judge',
        sentences: [
          { text: 'A [1].', supported: true, citations: [1] },
          { text: 'B [3].', supported: false, citations: [3] },
          { text: 'C.', supported: true, citations: [] },
        ],
      },
    });
    expect(view.documents).toEqual([
      { documentId: 'd1', name: 'refunds.md', n: 1, count: 3 },
      { documentId: 'd2', name: 'shipping.pdf', n: 3, count: 1 },
    ]);
    expect(view.citations).toEqual([2, 1, 3, 4]);
    expect(view.unsupported).toEqual(['B [3].']);
    expect(view).toMatchObject({ summary: '1 of 3 sentences not supported by the sources', flagged: true, checked: true });
  });

  it('reads an abstained answer', () => {
    expect(groundingOf({ sources: [], grounding: { strict: true, abstained: true } }).abstained).toBe(true);
  });
});

describe('labels', () => {
  it('words the verdict for one and many sentences', () => {
    expect(verificationSummary(4, 0)).toBe('All 4 sentences supported by the sources');
    expect(verificationSummary(4, 2)).toBe('2 of 4 sentences not supported by the sources');
    expect(verificationSummary(1, 0)).toBe('Supported by the sources');
    expect(verificationSummary(1, 1)).toBe('Not supported by the sources');
    expect(verificationSummary(0, 0)).toBeNull();
  });

  it('names where a passage sits', () => {
    expect(sourcePlace(source(1, 'd', 'a', { heading: 'Refunds › Exceptions', page: 3 }))).toBe('Refunds › Exceptions · p. 3');
    expect(sourcePlace(source(1, 'd', 'a', { heading: 'Policy > Refund window' }))).toBe('Policy › Refund window');
    expect(sourcePlace(source(1, 'd', 'a', { heading: 'When a > b holds', page: 1 }))).toBe('When a › b holds · p. 1');
    expect(sourcePlace(source(1, 'd', 'a'))).toBe('');
  });
});
