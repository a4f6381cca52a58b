// npm run bench:reliability [-- --requests 2000 --concurrency 32 --cycles 20 --only A,B,C,D]
//
// Four failure scenarios through a real `redline serve` (its own process) in front of fake upstreams
// (their own process), driven by this process over HTTP. Prints one table (stdout) and writes the
// raw numbers to bench/results/reliability-<timestamp>.json. See bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { crashCycles } from './reliability/scenario-crash.js';
import { deadPrimary } from './reliability/scenario-dead.js';
import { flakyPrimary } from './reliability/scenario-flaky.js';
import { slowTailScenario } from './reliability/scenario-slow-tail.js';
import { log } from './reliability/load.js';
import { renderTable, type ScenarioResult } from './reliability/report.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    cycles: { type: 'string', default: '20' },
    only: { type: 'string', default: 'A,B,C,D' },
  },
});
const requests = positive('requests', values.requests);
const concurrency = positive('concurrency', values.concurrency);
const cycles = positive('cycles', values.cycles);
const only = new Set(values.only.split(',').map((s) => s.trim().toUpperCase()));

const scenarios: { id: string; run: () => Promise<ScenarioResult> }[] = [
  { id: 'A', run: () => flakyPrimary({ requests, concurrency }) },
  { id: 'B', run: () => slowTailScenario({ requests, concurrency }) },
  { id: 'C', run: () => deadPrimary({ requests, concurrency }) },
  { id: 'D', run: () => crashCycles({ cycles }) },
];

const startedAt = new Date();
const results: ScenarioResult[] = [];
for (const scenario of scenarios.filter((s) => only.has(s.id))) {
  log(`scenario ${scenario.id}…`);
  const began = performance.now();
  try {
    const result = await scenario.run();
    result.data.seconds = (performance.now() - began) / 1000;
    results.push(result);
  } catch (error) {
    log(`scenario ${scenario.id} failed to run: ${(error as Error).stack ?? String(error)}`);
    results.push({ id: scenario.id, title: 'did not run', rows: [{ measure: 'error', value: String((error as Error).message ?? error).slice(0, 100), target: 'runs', pass: false }], data: { error: String(error) } });
  }
}

console.log(`\nRedline reliability: ${requests} requests at concurrency ${concurrency} per scenario, ${cycles} crash cycles (${os.cpus().length} cores, Node ${process.versions.node})\n`);
console.log(renderTable(results));
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `reliability-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ startedAt, requests, concurrency, cycles, machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.versions.node }, results }, null, 2)}\n`);
console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
const failed = results.flatMap((r) => r.rows).some((row) => row.pass === false);
process.exitCode = failed ? 1 : 0;

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}
