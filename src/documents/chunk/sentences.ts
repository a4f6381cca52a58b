const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** A period that ends these is an abbreviation or an initial, not the end of a sentence ("Dr. Smith", "J. R. R. Tolkien", "U.S. Army"). */
const ABBREVIATION = /(?:^|[\s(.])(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|vs|Inc|Ltd|Co|Corp|Fig|No|Nr|Vol|Ch|Sec|pp?|cf|approx|[A-Z])\.["')\]]?\s*$/;

/**
 * Sentences of `text` in order, trimmed, by Unicode sentence rules (so CJK and most scripts work),
 * ignoring single line breaks (hard-wrapped prose) and not breaking after common abbreviations.
 */
export function splitSentences(text: string): string[] {
  // Same length, so segment offsets index the original text with its line breaks.
  const flat = text.replace(/\n/g, ' ');
  const sentences: string[] = [];
  let pending = '';
  for (const { index, segment } of segmenter.segment(flat)) {
    pending += text.slice(index, index + segment.length);
    if (!ABBREVIATION.test(pending)) {
      sentences.push(pending);
      pending = '';
    }
  }
  if (pending) sentences.push(pending);
  return sentences.map((s) => s.trim()).filter(Boolean);
}
