#!/usr/bin/env node
// Validates the document-grounded answering set in bench/grounding/.
// Plain Node, no dependencies. Usage: node bench/grounding/check-set.mjs
// Exits with status 1 if any check fails; prints counts either way.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const docsDir = join(here, 'docs');
const questionsPath = join(here, 'questions.json');

const DOC_COUNT = [30, 36];
const DOC_WORDS = [400, 1500];
const EVIDENCE_WORDS = [10, 40];
const ALLOWED_EXT = new Set(['.md', '.txt', '.html']);

const errors = [];
const warnings = [];
const fail = (msg) => errors.push(msg);
const warn = (msg) => warnings.push(msg);

const words = (text) => text.split(/\s+/).filter(Boolean).length;
const visibleText = (name, raw) =>
  extname(name) === '.html' ? raw.replace(/<[^>]*>/g, ' ') : raw;

function countOccurrences(haystack, needle) {
  let count = 0;
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at === -1) return count;
    count += 1;
    from = at + 1;
  }
}

// ---- documents ----
const docs = new Map();
for (const name of readdirSync(docsDir).sort()) {
  const path = join(docsDir, name);
  if (!statSync(path).isFile()) continue;
  if (!ALLOWED_EXT.has(extname(name))) {
    fail(`docs/${name}: unexpected extension (allowed: ${[...ALLOWED_EXT].join(', ')})`);
    continue;
  }
  const raw = readFileSync(path, 'utf8');
  const n = words(visibleText(name, raw));
  if (n < DOC_WORDS[0] || n > DOC_WORDS[1]) {
    fail(`docs/${name}: ${n} words, expected ${DOC_WORDS[0]}-${DOC_WORDS[1]}`);
  }
  docs.set(name, { raw, words: n });
}
if (docs.size < DOC_COUNT[0] || docs.size > DOC_COUNT[1]) {
  fail(`found ${docs.size} documents, expected ${DOC_COUNT[0]}-${DOC_COUNT[1]}`);
}

// ---- questions ----
let questions;
try {
  questions = JSON.parse(readFileSync(questionsPath, 'utf8'));
} catch (err) {
  console.error(`cannot read questions.json: ${err.message}`);
  process.exit(1);
}
if (!Array.isArray(questions)) {
  console.error('questions.json must contain a JSON array');
  process.exit(1);
}

const FIELDS = ['id', 'question', 'doc', 'evidence', 'answer', 'answerable'];
const ids = new Set();
const texts = new Map();
const perDoc = new Map([...docs.keys()].map((d) => [d, 0]));
const evidenceKeys = new Map();
let answerable = 0;
let unanswerable = 0;

// Rough lexical-closeness measure: share of the question's content words
// that also appear in the evidence.
const STOP = new Set(
  ('a an the and or of to in on at for by with from is are was were be been do does did i my me we our you your ' +
    'it its this that what which who whom when where why how can could should would will may much many long ' +
    'there their they them if as not no yes any get got have has had under per after before about into than')
    .split(' '),
);
const contentWords = (s) =>
  (s.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'.-]*/gu) ?? [])
    .map((w) => w.replace(/[.'-]+$/, ''))
    .filter((w) => w.length > 1 && !STOP.has(w));
const overlaps = [];

questions.forEach((q, i) => {
  const where = `questions[${i}]${q && q.id ? ` (${q.id})` : ''}`;
  if (!q || typeof q !== 'object' || Array.isArray(q)) {
    fail(`${where}: not an object`);
    return;
  }
  const keys = Object.keys(q);
  for (const f of FIELDS) if (!keys.includes(f)) fail(`${where}: missing field "${f}"`);
  for (const k of keys) if (!FIELDS.includes(k)) fail(`${where}: unexpected field "${k}"`);

  if (typeof q.id !== 'string' || !/^q\d{3,}$/.test(q.id)) fail(`${where}: id must look like "q001"`);
  else if (ids.has(q.id)) fail(`${where}: duplicate id`);
  else ids.add(q.id);

  if (typeof q.question !== 'string' || q.question.trim().length < 8) {
    fail(`${where}: question must be a non-trivial string`);
  } else {
    const norm = q.question.trim().toLowerCase();
    if (texts.has(norm)) fail(`${where}: same question text as ${texts.get(norm)}`);
    else texts.set(norm, q.id);
  }

  if (q.answerable === true) {
    answerable += 1;
    if (typeof q.doc !== 'string' || !docs.has(q.doc)) {
      fail(`${where}: doc "${q.doc}" does not exist in docs/`);
      return;
    }
    perDoc.set(q.doc, perDoc.get(q.doc) + 1);
    if (typeof q.answer !== 'string' || !q.answer.trim()) fail(`${where}: answer must be a non-empty string`);
    if (typeof q.evidence !== 'string' || !q.evidence.trim()) {
      fail(`${where}: evidence must be a non-empty string`);
      return;
    }
    const ev = q.evidence;
    if (ev !== ev.trim()) fail(`${where}: evidence has leading/trailing whitespace`);
    if (/[\r\n]/.test(ev)) fail(`${where}: evidence spans more than one line/paragraph`);
    if (q.doc.endsWith('.html') && /[<>&]/.test(ev)) fail(`${where}: evidence in HTML doc contains markup or entities`);
    const n = words(ev);
    if (n < EVIDENCE_WORDS[0] || n > EVIDENCE_WORDS[1]) {
      fail(`${where}: evidence is ${n} words, expected ${EVIDENCE_WORDS[0]}-${EVIDENCE_WORDS[1]}`);
    }
    const occ = countOccurrences(docs.get(q.doc).raw, ev);
    if (occ !== 1) fail(`${where}: evidence occurs ${occ} times in ${q.doc}, expected exactly 1`);
    const key = `${q.doc}\u0000${ev}`;
    if (evidenceKeys.has(key)) warn(`${where}: same evidence as ${evidenceKeys.get(key)}`);
    else evidenceKeys.set(key, q.id);

    const qw = contentWords(q.question);
    const ew = new Set(contentWords(ev));
    if (qw.length) overlaps.push(qw.filter((w) => ew.has(w)).length / qw.length);
  } else if (q.answerable === false) {
    unanswerable += 1;
    for (const f of ['doc', 'evidence', 'answer']) {
      if (q[f] !== null) fail(`${where}: unanswerable question must have ${f} = null`);
    }
  } else {
    fail(`${where}: answerable must be true or false`);
  }
});

for (const [name, n] of perDoc) if (n === 0) warn(`docs/${name}: no question refers to it`);

// ---- report ----
const totalWords = [...docs.values()].reduce((s, d) => s + d.words, 0);
const byExt = {};
for (const name of docs.keys()) byExt[extname(name)] = (byExt[extname(name)] ?? 0) + 1;
const close = overlaps.filter((x) => x >= 0.6).length;

console.log('Grounding set');
console.log(`  questions:     ${questions.length}`);
console.log(`  answerable:    ${answerable}`);
console.log(`  unanswerable:  ${unanswerable}`);
console.log(`  documents:     ${docs.size} (${Object.entries(byExt).map(([e, n]) => `${n} ${e}`).join(', ')})`);
console.log(`  words:         ${totalWords} total, ${Math.min(...[...docs.values()].map((d) => d.words))}-${Math.max(...[...docs.values()].map((d) => d.words))} per document`);
console.log(
  `  lexically close questions (>=60% of content words found in evidence): ${close}/${overlaps.length}` +
    (overlaps.length ? ` (${Math.round((100 * close) / overlaps.length)}%)` : ''),
);

for (const w of warnings) console.log(`warning: ${w}`);
if (errors.length) {
  for (const e of errors) console.error(`error: ${e}`);
  console.error(`FAILED with ${errors.length} error(s)`);
  process.exit(1);
}
console.log('OK');
