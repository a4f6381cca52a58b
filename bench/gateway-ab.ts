// Two checkouts of Redline side by side on the gateway scenario at one concurrency: both servers run
// at once against one paced fake upstream, and batches alternate between them (A B, B A, ...) with a
// batch straight to the upstream in every round, so the machine's drift hits both alike. For "did
// this change make /v1 faster", which two separate `npm run bench -- --only gateway` runs on a noisy
// 2-core VM cannot tell apart (their p50 moves by a tenth of a millisecond from run to run).
//
//   npm run bench:gateway-ab -- <checkout A> [checkout B, default this one] [--rounds 8] [--per 500] [--concurrency 64] [--gc] [--cpu-prof]
//
// --gc runs both servers with --trace-gc-nvp and adds their young-generation GC during the rounds
// (pause, MB surviving and promoted per scavenge): figures that a noisy VM moves far less than p99.
//
// --cpu-prof runs both servers with node --cpu-prof and prints each one's self time by package and
// function over the measured rounds: where one side spends the CPU the other does not.
//
// Each checkout needs its own node_modules (a symlink to this one's does). Prints a table, writes JSON.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gatewayBody, GATEWAY_CHUNKS } from './speed/gateway.js';
import { formatProfile, summariseProfile } from './speed/cpu-profile.js';
import { cpuMs, createApiKey, repoRoot, startFake, type RedlineChild, type startRedline as StartRedline } from './speed/processes.js';
import { formatTable, ms, type Row } from './speed/report.js';
import { keepAliveAgent, runBatch, type Target } from './speed/sse-client.js';
import { quantile, round } from './speed/stats.js';
import { youngGcSummary, type YoungGcSummary } from './speed/young-gc.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '8' }, per: { type: 'string', default: '500' }, concurrency: { type: 'string', default: '64' }, gc: { type: 'boolean', default: false }, 'cpu-prof': { type: 'boolean', default: false } },
});
if (positionals.length < 1) {
  console.error('usage: npm run bench:gateway-ab -- <checkout A> [checkout B] [--rounds 8] [--per 500] [--concurrency 64] [--gc] [--cpu-prof]');
  process.exit(2);
}
const roots = [path.resolve(positionals[0]), path.resolve(positionals[1] ?? repoRoot)];
const rounds = Number(values.rounds);
const per = Number(values.per);
const concurrency = Number(values.concurrency);
const TOKEN_DELAY_MS = 10;
// Workers' first requests spread over one response's length, as in the gateway scenario.
const rampMs = GATEWAY_CHUNKS * TOKEN_DELAY_MS;

interface Side {
  root: string;
  redline: RedlineChild;
  target: Target;
  ttft: number[];
  cpuMs: number;
  requests: number;
  failures: number;
  /** The first failure's error, to say what failed. */
  firstError?: string;
  /** performance.now() when the server was spawned: its isolate's clock (--trace-gc-nvp) starts about then. */
  spawnedAt: number;
  /** Where --cpu-prof writes this server's profiles. */
  profileDir?: string;
}

const upstream = await startFake({ tokenDelayMs: TOKEN_DELAY_MS });
const sides: Side[] = [];
const agent = keepAliveAgent(concurrency);
const direct: number[] = [];
let measuredFrom = 0;
let measuredTo = 0;
try {
  for (const root of roots) {
    // Each checkout's own start-up code, so a change there is measured too.
    const { startRedline } = (await import(path.join(root, 'bench/speed/processes.ts'))) as { startRedline: typeof StartRedline };
    const profileDir = values['cpu-prof'] ? mkdtempSync(path.join(os.tmpdir(), 'redline-ab-prof-')) : undefined;
    const nodeArgs = [...(values.gc ? ['--trace-gc-nvp'] : []), ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])];
    const spawnedAt = performance.now();
    const redline = await startRedline({ env: { OPENAI_BASE_URL: upstream.url }, nodeArgs });
    const apiKey = await createApiKey(redline.url);
    sides.push({ root, redline, target: { baseUrl: `${redline.url}/v1`, apiKey, model: 'fake-model' }, ttft: [], cpuMs: 0, requests: 0, failures: 0, spawnedAt, profileDir });
  }
  for (const side of sides) await runBatch({ target: side.target, agent, body: gatewayBody, count: 300, concurrency, rampMs });
  measuredFrom = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const before = cpuMs(side.redline.pid);
      const batch = await runBatch({ target: side.target, agent, body: gatewayBody, count: per, concurrency, rampMs });
      side.cpuMs += cpuMs(side.redline.pid) - before;
      side.requests += batch.timings.length;
      side.failures += batch.timings.filter((t) => !t.ok).length;
      side.firstError ??= batch.firstError;
      side.ttft.push(...batch.timings.filter((t) => t.ok).map((t) => t.ttftMs));
    }
    const batch = await runBatch({ target: { baseUrl: upstream.url, model: 'fake-model' }, agent, body: gatewayBody, count: Math.ceil(per / 2), concurrency, rampMs });
    direct.push(...batch.timings.filter((t) => t.ok).map((t) => t.ttftMs));
  }
  measuredTo = performance.now();
} finally {
  agent.destroy();
  for (const side of sides) await side.redline.stop();
  await upstream.stop();
}

const directP50 = quantile(direct, 0.5);
const directP99 = quantile(direct, 0.99);
const summary = sides.map((side) => ({
  root: side.root,
  p50: quantile(side.ttft, 0.5),
  p90: quantile(side.ttft, 0.9),
  p99: quantile(side.ttft, 0.99),
  cpuPerRequestMs: side.cpuMs / side.requests,
  failures: side.failures,
  firstError: side.firstError,
  youngGc: values.gc ? youngGcSummary(side.redline.output(), { fromMs: measuredFrom - side.spawnedAt, toMs: measuredTo - side.spawnedAt }) : null,
}));
const rows: Row[] = summary.map((s, i) => ({
  scenario: i === 0 ? 'A' : 'B',
  metric: `c=${concurrency} TTFT p50 / p99, added, CPU/req`,
  baseline: `direct ${ms(directP50)} / ${ms(directP99)}`,
  value: `${ms(s.p50)} / ${ms(s.p99)}, +${ms(s.p50 - directP50)} / +${ms(s.p99 - directP99)}, ${ms(s.cpuPerRequestMs)}${s.failures ? `, ${s.failures} failed` : ''}`,
  pass: null,
}));
const [a, b] = summary;
rows.push({ scenario: 'B - A', metric: 'p50, p99, CPU/req', value: `${ms(b.p50 - a.p50)}, ${ms(b.p99 - a.p99)}, ${ms(b.cpuPerRequestMs - a.cpuPerRequestMs)}`, pass: null });
const gcValue = (gc: YoungGcSummary | null) =>
  gc ? `${gc.scavenges} scavenges, every ${gc.everyMs} ms, pause ${ms(gc.pauseAvgMs)} avg / ${ms(gc.pauseP90Ms)} p90, ${gc.survivedMb.toFixed(2)} MB survived, ${gc.promotedMb.toFixed(2)} MB promoted` : 'no scavenges seen';
if (values.gc) for (const [i, s] of summary.entries()) rows.push({ scenario: i === 0 ? 'A' : 'B', metric: 'young GC per scavenge', value: gcValue(s.youngGc), pass: null });
if (values['cpu-prof']) {
  for (const [i, side] of sides.entries()) {
    // One profile per thread; the main thread's has thread id 0. The window starts at the first measured round.
    const main = readdirSync(side.profileDir!).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
    if (!main) {
      console.log(`${i === 0 ? 'A' : 'B'}: no main-thread profile in ${side.profileDir}`);
      continue;
    }
    const file = path.join(side.profileDir!, main);
    const profile = summariseProfile(file, { skipMs: measuredFrom - side.spawnedAt, top: 25 });
    // The whole profile stays on disk, for Chrome DevTools' Performance panel.
    console.log(`\n${i === 0 ? 'A' : 'B'} (${side.root}), ${side.requests} requests measured, profile ${file}:\n${formatProfile(profile)}\n`);
  }
}
console.log(formatTable(rows));
for (const [i, s] of summary.entries()) if (s.firstError) console.log(`${i === 0 ? 'A' : 'B'}: first failure: ${s.firstError}`);
summary.forEach((s, i) => console.log(`${i === 0 ? 'A' : 'B'}: ${s.root}`));
const dir = path.join(repoRoot, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `gateway-ab-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ rounds, per, concurrency, direct: { p50: round(directP50), p99: round(directP99) }, sides: summary.map((s) => ({ ...s, p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), cpuPerRequestMs: round(s.cpuPerRequestMs) })) }, null, 2));
console.log(`Results: ${path.relative(repoRoot, file)}`);
