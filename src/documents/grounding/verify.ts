import type { LanguageModelV3 } from '@ai-sdk/provider';
import { z } from 'zod';
import { contentStems, generateStructured } from '../../memory/index.js';
import type { Source } from '../types.js';
import { answerSentences, type AnswerSentence } from './sentences.js';
import { sourceLabel } from './sources-prompt.js';

/** Each claim of a grounded answer, and whether the passages it cites support it. */
export interface Verification {
  method: 'judge' | 'lexical';
  sentences: (AnswerSentence & { supported: boolean })[];
}

/** Share of a sentence's topic words its cited passages must contain (lexical check). */
const LEXICAL_SUPPORT = 0.6;
/** An uncited sentence this short is framing ("Here is what the policy says."), not a claim. */
const MIN_CLAIM_WORDS = 4;

const numbers = (text: string) => [...text.replace(/(\d),(\d{3})/g, '$1$2').matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);
const withoutCitations = (text: string) => text.replace(/\[\d{1,2}\]/g, ' ');

/** The sentences worth checking: cited ones, and uncited ones long enough to be claims. */
function claims(answer: string): AnswerSentence[] {
  return answerSentences(answer).filter((s) => s.citations.length > 0 || contentStems(withoutCitations(s.text)).length >= MIN_CLAIM_WORDS);
}

/**
 * The fallback check, with no model: a sentence is supported when its cited passages contain most of
 * its topic words and every number it states. A sentence citing nothing (or a passage that does not
 * exist) is not supported.
 */
export function verifyLexically(answer: string, sources: Source[]): Verification {
  const byNumber = new Map(sources.map((s) => [s.n, s]));
  const sentences = claims(answer).map((sentence) => {
    const cited = sentence.citations.map((n) => byNumber.get(n)).filter((s): s is Source => !!s);
    if (cited.length === 0 || cited.length < sentence.citations.length) return { ...sentence, supported: false };
    const evidence = cited.map((s) => `${s.heading ?? ''} ${s.text}`).join('\n');
    const have = new Set(contentStems(evidence));
    const words = contentStems(withoutCitations(sentence.text));
    const coverage = words.length === 0 ? 1 : words.filter((w) => have.has(w) || [...have].some((h) => h.startsWith(w) || w.startsWith(h))).length / words.length;
    const evidenceNumbers = new Set(numbers(evidence));
    const numbersHold = numbers(withoutCitations(sentence.text)).every((n) => evidenceNumbers.has(n));
    return { ...sentence, supported: coverage >= LEXICAL_SUPPORT && numbersHold };
  });
  return { method: 'lexical', sentences };
}

const judgeSchema = z.object({ verdicts: z.array(z.object({ i: z.number().int(), supported: z.boolean() })) });

const JUDGE_SYSTEM = [
  'You check an answer against its sources. For each numbered sentence, decide if the passages it cites support it: every fact it states (names, numbers, dates, conditions) must be stated in or directly implied by those passages.',
  'A sentence that cites nothing, or cites a passage that does not support it, is not supported. Judge only support, not style.',
  'Reply with JSON: {"verdicts":[{"i":0,"supported":true}, ...]}, one verdict per sentence, in order.',
].join(' ');

/**
 * The model as a judge, with a structured output: one verdict per sentence. Falls back to the lexical
 * check when the model fails, times out or answers in a shape that does not fit.
 */
export async function verifyAnswer(answer: string, sources: Source[], options: { judge: LanguageModelV3 | null; timeoutMs: number; signal?: AbortSignal }): Promise<Verification> {
  const sentences = claims(answer);
  if (!options.judge || sentences.length === 0) return verifyLexically(answer, sources);
  const cited = new Set(sentences.flatMap((s) => s.citations));
  const prompt = [
    'Sources:',
    ...sources.filter((s) => cited.has(s.n)).map((s) => `[${s.n}] ${sourceLabel(s)}\n${s.text}`),
    '',
    'Sentences:',
    ...sentences.map((s, i) => `${i}. ${s.text}`),
  ].join('\n');
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const result = await generateStructured(options.judge, {
      system: JUDGE_SYSTEM,
      prompt,
      name: 'verdicts',
      schema: { type: 'object', properties: { verdicts: { type: 'array', items: { type: 'object', properties: { i: { type: 'integer' }, supported: { type: 'boolean' } }, required: ['i', 'supported'] } } }, required: ['verdicts'] },
      parse: judgeSchema,
      maxOutputTokens: 40 + 16 * sentences.length,
      signal,
    });
    if (!result.ok) return verifyLexically(answer, sources);
    const verdicts = new Map(result.value.verdicts.map((v) => [v.i, v.supported]));
    if (sentences.some((_, i) => !verdicts.has(i))) return verifyLexically(answer, sources);
    return { method: 'judge', sentences: sentences.map((s, i) => ({ ...s, supported: verdicts.get(i) === true })) };
  } catch {
    return verifyLexically(answer, sources);
  }
}
