// Where a turn's time to first token goes: the full-turn scenario (1,000 memories, a 200-message
// thread) with bench/speed/turn-trace-preload.mjs loaded into Redline, which stamps each turn's PGlite
// queries, the model request's undici events and the first `start` and `delta` writes. Prints, for
// each event, its median time after the request arrived (its first occurrence in a turn) and in how
// many turns it happened; writes the traces as JSON. The stamps cost a little: compare events with
// each other, not the total with `npm run bench -- --only turn`.
//
//   npm run bench:turn-trace [-- --runs 40]
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureFullTurn } from './speed/full-turn.js';
import { createApiKey, repoRoot, startFake, startRedline } from './speed/processes.js';
import { formatTable, ms, type Row } from './speed/report.js';
import { median, round } from './speed/stats.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' } } });
const traceFile = path.join(os.tmpdir(), `redline-turn-trace-${process.pid}.jsonl`);
rmSync(traceFile, { force: true });

const fake = await startFake({ tokenDelayMs: 0 });
const redline = await startRedline({
  env: { OPENAI_BASE_URL: fake.url, TURN_TRACE_OUT: traceFile },
  nodeArgs: ['--import', path.join(repoRoot, 'bench/speed/turn-trace-preload.mjs')],
});
let result;
try {
  const apiKey = await createApiKey(redline.url);
  result = await measureFullTurn({ redlineUrl: redline.url, apiKey, direct: { baseUrl: fake.url, model: 'fake-model' }, runs: Number(values.runs), log: console.log });
} finally {
  await redline.stop();
  await fake.stop();
}

// The two warm-up turns are left out, as in the scenario.
const traces = readFileSync(traceFile, 'utf8').trim().split('\n').slice(2).map((line) => JSON.parse(line) as [number, string][]);
rmSync(traceFile, { force: true });
const times = new Map<string, number[]>();
for (const trace of traces) {
  const seen = new Set<string>();
  for (const [at, name] of trace) {
    if (seen.has(name)) continue;
    seen.add(name);
    const list = times.get(name) ?? [];
    list.push(at);
    times.set(name, list);
  }
}
const events = [...times].map(([name, at]) => ({ name, p50: median(at), turns: at.length })).sort((a, b) => a.p50 - b.p50);
const rows: Row[] = events.map((event) => ({ scenario: 'turn', metric: event.name, baseline: `in ${event.turns}/${traces.length} turns`, value: `${ms(event.p50)} after the request`, pass: null }));
rows.push({ scenario: 'turn', metric: 'added TTFT p50 (with the stamps)', baseline: `direct ${ms(result.direct.p50)}`, value: ms(result.addedP50), pass: null });
console.log(formatTable(rows));
const dir = path.join(repoRoot, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `turn-trace-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ runs: Number(values.runs), addedP50: round(result.addedP50), events: events.map((e) => ({ ...e, p50: round(e.p50) })), traces }, null, 2));
console.log(`Results: ${path.relative(repoRoot, file)}`);
