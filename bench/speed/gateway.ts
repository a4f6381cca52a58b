// Scenario 1: streaming through Redline's /v1/chat/completions versus straight to the fake upstream.
import { cpuMs } from './processes.js';
import { ms, type Row } from './report.js';
import { keepAliveAgent, runBatch, type BatchResult, type StreamTiming, type Target } from './sse-client.js';
import { quantile, round } from './stats.js';

export const GATEWAY_CHUNKS = 20;
/** Same body both ways; include_usage because Redline asks the upstream for it too, so the fake does the same work. */
export const gatewayBody = {
  messages: [{ role: 'user', content: `[[words:${GATEWAY_CHUNKS}]] Say something short.` }],
  stream_options: { include_usage: true },
};

interface ModeTotals {
  timings: StreamTiming[];
  wallMs: number;
  requests: number;
  failures: number;
  firstError?: string;
  /** CPU (user + system, all threads) the process behind the target spent in this mode's batches. */
  cpuMs: number;
}

export interface GatewayLevel {
  concurrency: number;
  direct: { requests: number; failures: number; ttftP50: number; ttftP99: number; rps: number };
  redline: { requests: number; failures: number; ttftP50: number; ttftP99: number; rps: number; firstError?: string };
  /** CPU per request of each side's server (ms), from /proc: the upstream's for direct, Redline's for redline. */
  cpuPerRequest: { direct: number; redline: number };
  addedP50: number;
  addedP99: number;
  throughputRatio: number;
}

function add(totals: ModeTotals, batch: BatchResult) {
  totals.timings.push(...batch.timings.filter((t) => t.ok));
  totals.wallMs += batch.wallMs;
  totals.requests += batch.timings.length;
  totals.failures += batch.failures;
  totals.firstError ??= batch.firstError;
}

const summary = (t: ModeTotals) => {
  const ttft = t.timings.map((x) => x.ttftMs);
  return { requests: t.requests, failures: t.failures, ttftP50: quantile(ttft, 0.5), ttftP99: quantile(ttft, 0.99), rps: (t.requests / t.wallMs) * 1000 };
};

/**
 * Runs both targets at concurrency 64 before any level is measured, so that what the levels compare
 * is a server that has been running (its hot functions optimised by V8), not one that is still
 * compiling them. A level's own short warm-up opens its sockets but is too short for that: on
 * 2026-12-04, at c=64 after 200 warm-up requests, Redline's p50 fell from 2.09 ms in the first round
 * to 1.16 ms in the fourth, and its first round's p99 was the run's worst.
 */
export async function warmGateway(options: { direct: Target; redline: Target; requests: number; log: (s: string) => void }): Promise<void> {
  options.log(`  warming up: ${options.requests} requests each way at c=64, not measured`);
  for (const target of [options.direct, options.redline]) {
    const agent = keepAliveAgent(64);
    await runBatch({ target, agent, body: gatewayBody, count: options.requests, concurrency: 64 });
    agent.destroy();
  }
}

/**
 * Interleaves direct and via-Redline batches in ABBA order (D R R D ...) so drift on a noisy machine
 * hits both sides alike; `perMode` requests each, split into `rounds` batches.
 */
export async function measureGatewayLevel(options: {
  direct: Target;
  redline: Target;
  /** Processes serving each target, for CPU per request. */
  pids: { direct: number; redline: number };
  concurrency: number;
  perMode: number;
  rounds: number;
  /** Spread of the workers' first requests (runBatch); 0 starts them all at once, in lockstep. */
  rampMs: number;
  log: (s: string) => void;
}): Promise<GatewayLevel> {
  const { concurrency } = options;
  const agents = { direct: keepAliveAgent(concurrency), redline: keepAliveAgent(concurrency) };
  const run = (mode: 'direct' | 'redline', count: number) =>
    runBatch({ target: options[mode], agent: agents[mode], body: gatewayBody, count, concurrency, expectChunks: GATEWAY_CHUNKS, rampMs: options.rampMs });
  // Warm-up: JIT, upstream connection pool, sockets of the agents.
  const warm = Math.max(200, concurrency * 2);
  await run('direct', warm);
  await run('redline', warm);
  const totals: Record<'direct' | 'redline', ModeTotals> = {
    direct: { timings: [], wallMs: 0, requests: 0, failures: 0, cpuMs: 0 },
    redline: { timings: [], wallMs: 0, requests: 0, failures: 0, cpuMs: 0 },
  };
  const perBatch = Math.ceil(options.perMode / options.rounds);
  for (let round = 0; round < options.rounds; round++) {
    const order: ('direct' | 'redline')[] = round % 2 === 0 ? ['direct', 'redline'] : ['redline', 'direct'];
    for (const mode of order) {
      const cpuBefore = cpuMs(options.pids[mode]);
      add(totals[mode], await run(mode, perBatch));
      totals[mode].cpuMs += cpuMs(options.pids[mode]) - cpuBefore;
    }
  }
  agents.direct.destroy();
  agents.redline.destroy();
  const direct = summary(totals.direct);
  const redline = { ...summary(totals.redline), firstError: totals.redline.firstError ?? totals.direct.firstError };
  const level: GatewayLevel = {
    concurrency,
    direct,
    redline,
    addedP50: redline.ttftP50 - direct.ttftP50,
    addedP99: redline.ttftP99 - direct.ttftP99,
    throughputRatio: redline.rps / direct.rps,
    cpuPerRequest: { direct: totals.direct.cpuMs / totals.direct.requests, redline: totals.redline.cpuMs / totals.redline.requests },
  };
  options.log(
    `  c=${concurrency}: direct p50 ${round(direct.ttftP50)} p99 ${round(direct.ttftP99)} ms ${round(direct.rps, 0)} req/s | redline p50 ${round(redline.ttftP50)} p99 ${round(redline.ttftP99)} ms ${round(redline.rps, 0)} req/s | failures ${direct.failures}/${redline.failures}`,
  );
  return level;
}

/** Table rows for one concurrency level; the targets apply at concurrency 64. */
export function gatewayRows(level: GatewayLevel): Row[] {
  const c = level.concurrency;
  const targeted = c === 64;
  const name = `1 gateway c=${c}`;
  const failures = level.direct.failures + level.redline.failures;
  const rows: Row[] = [
    {
      scenario: name,
      metric: 'added TTFT p50',
      baseline: `direct ${ms(level.direct.ttftP50)}`,
      value: `+${ms(level.addedP50)} (${ms(level.redline.ttftP50)})`,
      target: targeted ? '<= 1 ms' : undefined,
      pass: targeted ? level.addedP50 <= 1 : null,
    },
    {
      scenario: name,
      metric: 'added TTFT p99',
      baseline: `direct ${ms(level.direct.ttftP99)}`,
      value: `+${ms(level.addedP99)} (${ms(level.redline.ttftP99)})`,
      target: targeted ? '<= 5 ms' : undefined,
      pass: targeted ? level.addedP99 <= 5 : null,
    },
    {
      scenario: name,
      metric: 'throughput ratio',
      baseline: `direct ${level.direct.rps.toFixed(0)} req/s`,
      value: `${(level.throughputRatio * 100).toFixed(1)}% (${level.redline.rps.toFixed(0)} req/s)`,
      target: targeted ? '>= 80%' : undefined,
      pass: targeted ? level.throughputRatio >= 0.8 : null,
    },
    {
      scenario: name,
      metric: 'server CPU per request',
      baseline: `upstream ${ms(level.cpuPerRequest.direct)}`,
      value: `Redline ${ms(level.cpuPerRequest.redline)}`,
      pass: null,
    },
  ];
  if (failures > 0) rows.push({ scenario: name, metric: 'failed requests', value: `${level.direct.failures} direct / ${level.redline.failures} redline: ${level.redline.firstError ?? ''}`.slice(0, 120), target: '0', pass: false });
  return rows;
}
