export interface SpliceOptions {
  /** Longest overlap looked for between the end of what was sent and the start of the continuation. */
  maxOverlap: number;
  /** Shorter overlaps are taken for coincidence ("Mississip" + "pi" must not lose a "p")… */
  minOverlap: number;
  /** …and so are overlaps that start or end mid-word, unless at least this long. */
  wordBoundaryBelow: number;
  /** A continuation starting with this many of the answer's first characters is a restart. */
  restartProbe: number;
}

export const defaultSpliceOptions: SpliceOptions = { maxOverlap: 200, minOverlap: 3, wordBoundaryBelow: 20, restartProbe: 40 };

const WORD = /[\p{L}\p{N}_]/u;

/**
 * The length of the longest overlap where `continuation` starts by repeating the end of `prefix`,
 * or 0. Short overlaps must be at least `minOverlap` long and start and end at word boundaries.
 */
export function overlapLength(prefix: string, continuation: string, options: SpliceOptions = defaultSpliceOptions): number {
  const longest = Math.min(options.maxOverlap, prefix.length, continuation.length);
  for (let k = longest; k >= options.minOverlap; k--) {
    if (!prefix.endsWith(continuation.slice(0, k))) continue;
    if (k >= options.wordBoundaryBelow) return k;
    // A short overlap must cover whole words at both ends: "Half an" + " answer" repeats nothing.
    const before = prefix[prefix.length - k - 1];
    const after = continuation[k];
    const startsClean = before === undefined || !WORD.test(before) || !WORD.test(continuation[0]);
    const endsClean = after === undefined || !WORD.test(after) || !WORD.test(continuation[k - 1]);
    if (startsClean && endsClean) return k;
  }
  return 0;
}

/**
 * Joins a continuation onto text already sent, so the reader sees nothing twice and nothing missing.
 * The provider was given `sent` without trailing whitespace (Anthropic rejects a prefill ending in
 * whitespace), so it may repeat that whitespace, repeat the last words, or restart the whole answer.
 * Feed the continuation's text deltas to push(); it holds text back only until it can tell which.
 *
 * @example
 * const splicer = new TextSplicer('The quick brown ');
 * splicer.push('brown fox'); // → 'fox'
 */
export class TextSplicer {
  private readonly prefill: string;
  private readonly probe: string;
  private readonly tail: string;
  private pending = '';
  private decided = false;
  /** Characters still to drop (a restart regenerating what was sent). */
  private skip = 0;
  /** Leading whitespace still to drop (the sent text's trailing whitespace, repeated). */
  private whitespace: number;

  constructor(
    sent: string,
    private readonly options: SpliceOptions = defaultSpliceOptions,
  ) {
    this.prefill = sent.trimEnd();
    this.whitespace = sent.length - this.prefill.length;
    this.probe = this.prefill.slice(0, options.restartProbe);
    this.tail = this.prefill.slice(-options.maxOverlap);
  }

  /** The prefix to send to the provider as the assistant's partial answer. */
  get prefix(): string {
    return this.prefill;
  }

  /** Takes a continuation delta; returns the text to emit now (possibly ''). */
  push(delta: string): string {
    if (this.decided) return this.skip === 0 && this.whitespace === 0 ? delta : this.trim(delta);
    this.pending += delta;
    return this.decide(false);
  }

  /** The continuation's text ended: returns whatever was held back and is new. */
  flush(): string {
    return this.decided ? '' : this.decide(true);
  }

  private decide(final: boolean): string {
    const text = this.pending;
    const { probe } = this;
    if (probe.length > 0) {
      if (text.length >= probe.length ? text.startsWith(probe) : probe.startsWith(text)) {
        if (text.length < probe.length && !final) return ''; // could still be a restart
        if (text.length >= probe.length || final) {
          // A restart: drop everything up to where the sent text ended.
          return this.commit(text, this.prefill.length);
        }
      }
    }
    // A longer overlap is only possible while what we hold still occurs in the tail of the prefill.
    if (!final && text.length < Math.min(this.options.maxOverlap, this.prefill.length) && this.tail.includes(text)) return '';
    return this.commit(text, overlapLength(this.prefill, text, this.options));
  }

  private commit(text: string, drop: number): string {
    this.decided = true;
    this.pending = '';
    this.skip = drop;
    return this.trim(text);
  }

  private trim(text: string): string {
    let start = 0;
    if (this.skip > 0) {
      start = Math.min(this.skip, text.length);
      this.skip -= start;
      if (this.skip > 0) return '';
    }
    while (this.whitespace > 0 && start < text.length && /\s/.test(text[start])) {
      start++;
      this.whitespace--;
    }
    if (start < text.length) this.whitespace = 0;
    return start === 0 ? text : text.slice(start);
  }
}
