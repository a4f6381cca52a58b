// npm run eval:grounding [-- --threshold 0.5]
// Issue 6's grounding evaluation, with no LLM: the set in bench/grounding (documents written for it,
// questions with verbatim gold evidence, unanswerable questions) is indexed through the app's own
// document pipeline on the embedded store, then scored:
//   - passage recall@1 and @5 (a passage is gold when it contains the evidence);
//   - with scripted models that answer from the passages they are given, in strict mode: citation
//     precision, and the abstention rate on unanswerable questions and on answerable ones whose gold
//     passage was retrieved. Two readers: the faithful one stands for a model that follows the strict
//     instruction (it answers, citing the passage, when a passage it was given holds the answer, and
//     says the files do not say otherwise), so its abstentions measure what Redline's side decides:
//     whether the gate and the passage filter leave the model the passage it needs. The lexical one
//     knows nothing of the gold: it answers with the sentence covering most of the question, the
//     floor a model with no understanding would reach;
//   - the lexical verifier's marks on the scripted answers, and retrieval latency.
// Prints one table and writes JSON under bench/results/.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openDatabase, schema } from '../src/db/index.js';
import { DEFAULT_DOCUMENT_LIMITS, DEFAULT_GROUNDING, DocumentsService, verifyLexically, type Source } from '../src/documents/index.js';
import { contentStems } from '../src/memory/index.js';
import { formatTable, ms, quantile, ratio, type Row } from './eval-memory/report.js';

interface Question {
  id: string;
  question: string;
  doc: string | null;
  evidence: string | null;
  answer: string | null;
  answerable: boolean;
}

const { values: flags } = parseArgs({ options: { threshold: { type: 'string' } } });
const TARGETS = { recallAt5: 0.9, abstainUnanswerable: 0.95, abstainAnswerableRetrieved: 0 };
const here = path.dirname(fileURLToPath(import.meta.url));
const setDir = path.join(here, 'grounding');
const resultsDir = path.join(here, 'results');
const minSupport = flags.threshold ? Number(flags.threshold) : DEFAULT_GROUNDING.minSupport;

const norm = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
/** Gold: the passage holds the evidence, or the evidence is split over two passages that each hold half of it. */
function goldRanks(passages: { text: string }[], evidence: string): number[] {
  const e = norm(evidence);
  const whole = passages.flatMap((p, i) => (norm(p.text).includes(e) ? [i] : []));
  if (whole.length) return whole;
  const words = e.split(' ');
  const head = words.slice(0, Math.ceil(words.length / 2)).join(' ');
  const tail = words.slice(Math.floor(words.length / 2)).join(' ');
  const i = passages.findIndex((p) => norm(p.text).includes(head));
  const j = passages.findIndex((p) => norm(p.text).includes(tail));
  return i >= 0 && j >= 0 ? [Math.max(i, j)] : [];
}

/**
 * The scripted model: answers with the sentence of the given passages that covers most of the
 * question's topic words, cited; says the files do not say when no sentence covers half of them.
 */
function lexicalReader(question: string, sources: Source[]): { text: string; cited: number | null } {
  const wanted = contentStems(question);
  let best = { score: 0, sentence: '', n: 0 };
  for (const source of sources) {
    for (const sentence of source.text.split(/(?<=[.!?])\s+/)) {
      const have = new Set(contentStems(`${source.heading ?? ''} ${sentence}`));
      const score = wanted.filter((w) => have.has(w)).length / (wanted.length || 1);
      if (score > best.score) best = { score, sentence: sentence.trim(), n: source.n };
    }
  }
  if (best.score < 0.5) return { text: 'The files do not say.', cited: null };
  return { text: `${best.sentence.replace(/[.!?]*$/, '')} [${best.n}].`, cited: best.n };
}

/** The faithful reader: answers from the passage that holds the answer, cited; abstains when none does. */
function faithfulReader(q: Question, sources: Source[]): { text: string; cited: number | null } {
  const holding = q.evidence ? sources.find((s) => goldRanks([s], q.evidence!).length > 0) : undefined;
  return holding ? { text: `${q.evidence!.replace(/[.!?]*$/, '')} [${holding.n}].`, cited: holding.n } : { text: 'The files do not say.', cited: null };
}

const started = performance.now();
const questions = JSON.parse(readFileSync(path.join(setDir, 'questions.json'), 'utf8')) as Question[];
const files = readdirSync(path.join(setDir, 'docs')).sort();
const database = await openDatabase({ pgliteDir: null });
const userId = randomUUID();
await database.db.insert(schema.users).values({ id: userId, email: 'eval@eval.invalid', name: 'Eval', role: 'user' });
const documents = new DocumentsService({
  db: database.db,
  hasVector: database.hasVector,
  embedder: null,
  limits: DEFAULT_DOCUMENT_LIMITS,
  grounding: { ...DEFAULT_GROUNDING, minSupport, verify: 'lexical' },
  logger: pino({ level: 'silent' }),
});
const project = await documents.projects.create(userId, { name: 'Grounding eval', strict: true });
const conversationId = randomUUID();
await database.db.insert(schema.conversations).values({ id: conversationId, userId, title: 'eval', projectId: project.id });

const indexStart = performance.now();
let chunks = 0;
for (const file of files) {
  const { document, indexed } = await documents.upload(userId, { projectId: project.id }, { name: file, mediaType: null, bytes: readFileSync(path.join(setDir, 'docs', file)) });
  await indexed;
  const info = await documents.store.get(userId, document.id);
  if (info?.status !== 'ready') throw new Error(`${file} did not index: ${info?.error?.message}`);
  chunks += info.chunkCount;
}
const indexMs = performance.now() - indexStart;
await database.maintain();

const scope = { projectId: project.id, conversationId };
const latencies: number[] = [];
const perQuestion = [];
for (const q of questions) {
  const t = performance.now();
  const passages = await documents.find(userId, scope, { question: q.question, k: 5 });
  latencies.push(performance.now() - t);
  const ranks = q.evidence ? goldRanks(passages, q.evidence).filter((i) => passages[i].name === q.doc) : [];
  const grounding = await documents.ground(userId, { id: conversationId, projectId: project.id }, { question: q.question });
  const abstainedByGate = grounding?.abstain ?? true;
  const sources = grounding?.sources ?? [];
  const read = (reader: (s: Source[]) => { text: string; cited: number | null }) => {
    const answer = abstainedByGate ? null : reader(sources);
    const citedSource = answer?.cited ? sources.find((s) => s.n === answer.cited) : undefined;
    return {
      abstained: abstainedByGate || answer?.cited === null,
      answer: answer?.text ?? null,
      citationCorrect: !!citedSource && !!q.evidence && citedSource.name === q.doc && goldRanks([citedSource], q.evidence).length > 0,
      verified: answer?.cited ? verifyLexically(answer.text, sources).sentences.every((s) => s.supported) : null,
    };
  };
  perQuestion.push({
    id: q.id,
    answerable: q.answerable,
    top1: ranks.includes(0),
    top5: ranks.length > 0,
    abstainedByGate,
    maxSupport: Math.max(0, ...passages.map((p) => p.support)),
    faithful: read((s) => faithfulReader(q, s)),
    lexical: read((s) => lexicalReader(q.question, s)),
  });
}

const answerable = perQuestion.filter((q) => q.answerable);
const unanswerable = perQuestion.filter((q) => !q.answerable);
const share = (xs: unknown[], n: number) => (n ? xs.length / n : Number.NaN);
const recallAt1 = share(answerable.filter((q) => q.top1), answerable.length);
const recallAt5 = share(answerable.filter((q) => q.top5), answerable.length);
const retrieved = answerable.filter((q) => q.top5);
const gateUnanswerable = share(unanswerable.filter((q) => q.abstainedByGate), unanswerable.length);
const gateRetrieved = share(retrieved.filter((q) => q.abstainedByGate), retrieved.length);
/** One reader's scores. */
function scores(reader: 'faithful' | 'lexical') {
  const cited = answerable.filter((q) => !q[reader].abstained);
  return {
    abstainUnanswerable: share(unanswerable.filter((q) => q[reader].abstained), unanswerable.length),
    abstainRetrieved: share(retrieved.filter((q) => q[reader].abstained), retrieved.length),
    citationPrecision: share(cited.filter((q) => q[reader].citationCorrect), cited.length),
    verifiedShare: share(cited.filter((q) => q[reader].verified), cited.length),
  };
}
const faithful = scores('faithful');
const lexical = scores('lexical');

// The strict gate alone at other thresholds, from the same searches (for choosing `strictMinSupport`).
const sweep = [0.3, 0.4, 0.5, 0.6, 0.7].map((t) => ({
  threshold: t,
  unanswerableRefused: share(unanswerable.filter((q) => q.maxSupport < t), unanswerable.length),
  retrievedRefused: share(retrieved.filter((q) => q.maxSupport < t), retrieved.length),
}));

const rows: Row[] = [
  { measure: `passage recall@1 (${answerable.length} answerable)`, value: ratio(recallAt1), target: '', pass: null },
  { measure: 'passage recall@5', value: ratio(recallAt5), target: `>= ${TARGETS.recallAt5}`, pass: recallAt5 >= TARGETS.recallAt5 },
  { measure: 'faithful reader: citation precision', value: ratio(faithful.citationPrecision), target: '', pass: null },
  { measure: `faithful reader, strict: abstains on unanswerable (${unanswerable.length})`, value: ratio(faithful.abstainUnanswerable), target: `>= ${TARGETS.abstainUnanswerable}`, pass: faithful.abstainUnanswerable >= TARGETS.abstainUnanswerable },
  { measure: `faithful reader, strict: abstains on answerable, gold retrieved (${retrieved.length})`, value: ratio(faithful.abstainRetrieved), target: '0', pass: faithful.abstainRetrieved <= TARGETS.abstainAnswerableRetrieved },
  { measure: `Redline's gate alone (support >= ${minSupport}): unanswerable / answerable refused`, value: `${ratio(gateUnanswerable)} / ${ratio(gateRetrieved)}`, target: '', pass: null },
  { measure: 'lexical reader: citation precision', value: ratio(lexical.citationPrecision), target: '', pass: null },
  { measure: 'lexical reader, strict: abstains on unanswerable / answerable', value: `${ratio(lexical.abstainUnanswerable)} / ${ratio(lexical.abstainRetrieved)}`, target: '', pass: null },
  { measure: 'answers the lexical verifier supports (faithful / lexical)', value: `${ratio(faithful.verifiedShare)} / ${ratio(lexical.verifiedShare)}`, target: '', pass: null },
  { measure: 'retrieval p50 / p95', value: `${ms(quantile(latencies, 0.5))} / ${ms(quantile(latencies, 0.95))}`, target: '', pass: null },
  { measure: `indexing ${files.length} files (${chunks} passages)`, value: `${(indexMs / 1000).toFixed(2)} s`, target: '', pass: null },
];
console.log(formatTable(rows));
console.log('\nstrict gate alone by threshold (share refused):');
console.log(formatTable(sweep.map((s) => ({ measure: `support >= ${s.threshold}`, value: `unanswerable ${ratio(s.unanswerableRefused)} · answerable-retrieved ${ratio(s.retrievedRefused)}`, target: '', pass: null }))));

mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `eval-grounding-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ minSupport, recallAt1, recallAt5, faithful, lexical, gateUnanswerable, gateRetrieved, sweep, latencyMs: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95) }, indexMs, files: files.length, chunks, questions: perQuestion, seconds: (performance.now() - started) / 1000 }, null, 1));
console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
await database.close();
const failed = rows.some((r) => r.pass === false);
process.exit(failed ? 1 : 0);
