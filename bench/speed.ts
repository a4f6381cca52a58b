// npm run bench: Redline's speed benchmarks (issue 5). Prints one table, writes JSON to bench/results/.
// The load generator is this process; the fake upstream and Redline run as children, each on its own
// event loop, bound to 127.0.0.1. Every figure is compared with a baseline measured in the same run.
//
//   npm run bench                 full run (about 5-10 minutes on 2 cores)
//   npm run bench -- --quick      fewer requests and repetitions (about 2 minutes)
//   npm run bench -- --only gateway,streams,turn,local,startup,ui,cache   a subset
//   npm run bench -- --profile    also profile Redline (node --cpu-prof) under the gateway load at c=64
//   npm run bench -- --no-build   measure web/dist as it is instead of running `npm run build`
//   npm run bench -- --levels 64  the gateway at these concurrency levels only
//   npm run bench -- --burst      gateway clients and the 1,000 streams all start in one instant (see bench/README.md)
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureCache, measureSemantic, type CacheTtftResult, type SemanticResult } from './cache.js';
import { measureConcurrentStreams, streamsRows, type StreamsResult } from './speed/concurrent-streams.js';
import { fullTurnRows, measureFullTurn, type FullTurnResult } from './speed/full-turn.js';
import { formatProfile, summariseProfile, type ProfileSummary } from './speed/cpu-profile.js';
import { GATEWAY_CHUNKS, gatewayBody, gatewayRows, measureGatewayLevel, warmGateway, type GatewayLevel } from './speed/gateway.js';
import { localRows, measureLocalEngine, type LocalResult } from './speed/local-engine.js';
import { createApiKey, removeDir, repoRoot, startFake, startRedline, type RedlineChild } from './speed/processes.js';
import { formatTable, ms, type Row } from './speed/report.js';
import { keepAliveAgent, runBatch } from './speed/sse-client.js';
import { buildWeb, measureBundle, measurePaint, measureStartup, startupRows, uiRows, type BundleResult, type PaintResult, type StartupResult } from './speed/startup-ui.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    // The gateway's upstream paces its chunks like a fast hosted model (10 ms a token = 100 tokens/s);
    // 0 measures raw proxy throughput against an upstream that costs nothing, which no proxy can match.
    'token-delay': { type: 'string', default: '10' },
    // Gateway concurrency levels; the default is the issue's 1, 64 and 256 (c=1 alone takes 15 minutes in a full run).
    levels: { type: 'string' },
    // Gateway clients all start at the same instant and stay in lockstep (the bursty worst case)
    // instead of spreading their first requests over one response's length.
    burst: { type: 'boolean', default: false },
  },
});

const SCENARIOS = ['gateway', 'streams', 'turn', 'local', 'startup', 'ui', 'cache'] as const;
type Scenario = (typeof SCENARIOS)[number];
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
for (const name of only ?? []) if (!SCENARIOS.includes(name as Scenario)) throw new Error(`Unknown scenario "${name}"; one of ${SCENARIOS.join(', ')}.`);
const wanted = (s: Scenario) => !only || only.has(s);

const quick = values.quick;
const plan = quick
  ? { perMode: 400, rounds: 2, levels: [1, 64, 256], streams: 1000, streamChunks: 40, localRuns: 3, turnRuns: 20, maxTokens: 256, startRuns: 1, paintLoads: 3, profileRequests: 2000, cacheRequests: 100, jitWarmRequests: 300 }
  : { perMode: 2000, rounds: 4, levels: [1, 64, 256], streams: 1000, streamChunks: 40, localRuns: 7, turnRuns: 60, maxTokens: 256, startRuns: 3, paintLoads: 5, profileRequests: 6000, cacheRequests: 300, jitWarmRequests: 2000 };

const log = (line: string) => process.stderr.write(`${line}\n`);
const rows: Row[] = [];
const details: {
  gateway?: GatewayLevel[];
  streams?: StreamsResult;
  turn?: FullTurnResult;
  local?: LocalResult;
  startup?: StartupResult;
  bundle?: BundleResult;
  paint?: PaintResult;
  cache?: CacheTtftResult;
  semantic?: SemanticResult;
  profile?: ProfileSummary & { file: string };
  errors: Record<string, string>;
} = { errors: {} };

/** Runs one scenario; a failure becomes a FAIL row and the run goes on. */
async function attempt(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    details.errors[name] = message;
    rows.push({ scenario: name, metric: 'error', value: message.split('\n')[0].slice(0, 140), pass: false });
    log(`  ${name} failed: ${message}`);
  }
}

const startedAt = new Date();
log(`redline speed bench (${quick ? 'quick' : 'full'}), ${os.cpus().length} cores, node ${process.version}`);

const fake = wanted('gateway') || wanted('turn') || wanted('startup') || wanted('ui') || wanted('cache') ? await startFake({ tokenDelayMs: 0 }) : null;
const fakeEnv: Record<string, string> = fake ? { OPENAI_BASE_URL: fake.url } : {};
const children: RedlineChild[] = [];
const stopRedline = async (r: RedlineChild) => {
  await r.stop();
  removeDir(r.dataDir);
};

try {
  if (wanted('gateway') && fake) {
    await attempt('1 gateway', async () => {
      log(`1. gateway overhead: ${plan.perMode} requests per mode per level, ${plan.rounds} interleaved rounds`);
      const paced = await startFake({ tokenDelayMs: Number(values['token-delay']) });
      const redline = await startRedline({ env: { OPENAI_BASE_URL: paced.url } });
      children.push(redline);
      const apiKey = await createApiKey(redline.url);
      const direct = { baseUrl: paced.url, model: 'fake-model' };
      const via = { baseUrl: `${redline.url}/v1`, apiKey, model: 'fake-model' };
      details.gateway = [];
      const levels = values.levels ? values.levels.split(',').map((level) => Number(level.trim())) : plan.levels;
      if (levels.some((level) => !Number.isInteger(level) || level < 1)) throw new Error(`--levels takes positive integers, e.g. 64,256; got "${values.levels}".`);
      // One response's length: the workers' first requests are spread over it, as independent clients' would be.
      const rampMs = values.burst ? 0 : GATEWAY_CHUNKS * Number(values['token-delay']);
      await warmGateway({ direct, redline: via, requests: plan.jitWarmRequests, log });
      for (const concurrency of levels) {
        const level = await measureGatewayLevel({ direct, redline: via, pids: { direct: paced.pid, redline: redline.pid }, concurrency, perMode: plan.perMode, rounds: plan.rounds, rampMs, log });
        details.gateway.push(level);
        rows.push(...gatewayRows(level));
      }
      await stopRedline(redline);
      await paced.stop();
    });
  }

  if (wanted('gateway') && fake && values.profile) {
    await attempt('profile', async () => {
      log(`   profiling Redline under c=64 (${plan.profileRequests} requests)`);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-prof-'));
      const spawned = performance.now();
      const redline = await startRedline({ env: fakeEnv, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
      const apiKey = await createApiKey(redline.url);
      const target = { baseUrl: `${redline.url}/v1`, apiKey, model: 'fake-model' };
      const agent = keepAliveAgent(64);
      await runBatch({ target, agent, body: gatewayBody, count: 300, concurrency: 64 });
      const skipMs = performance.now() - spawned;
      await runBatch({ target, agent, body: gatewayBody, count: plan.profileRequests, concurrency: 64 });
      agent.destroy();
      await stopRedline(redline);
      // One profile per thread (tsx's loader hooks run on their own); the main thread's has thread id 0.
      const main = readdirSync(dir).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
      if (!main) throw new Error(`no main-thread profile in ${dir}: ${readdirSync(dir).join(', ')}`);
      const file = path.join(dir, main);
      details.profile = { ...summariseProfile(file, { skipMs, top: 25 }), file };
      log(formatProfile(details.profile));
    });
  }

  if (wanted('cache') && fake) {
    await attempt('5 cache', async () => {
      log(`5. cache: ${plan.cacheRequests} exact-cache hits, misses and direct calls; the semantic cache on the paraphrase set`);
      const redline = await startRedline({ env: fakeEnv });
      children.push(redline);
      const apiKey = await createApiKey(redline.url);
      details.cache = await measureCache({ redlineUrl: redline.url, apiKey, upstreamUrl: fake.url, model: 'fake-model', upstreamModel: 'fake-model', requests: plan.cacheRequests });
      details.semantic = measureSemantic();
      const { cache, semantic } = details;
      rows.push(
        { scenario: '5 cache', metric: 'exact hit TTFT p50 (p99)', baseline: `miss ${ms(cache.missP50Ms)}, direct ${ms(cache.directP50Ms)}`, value: `${ms(cache.hitP50Ms)} (${ms(cache.hitP99Ms)})`, target: '<= 2 ms', pass: cache.hitP50Ms <= 2 },
        { scenario: '5 cache', metric: 'hits answered with x-redline-cache: hit', value: `${cache.hitHeaderSeen}/${cache.requests + 20}`, pass: null },
        { scenario: '5 cache', metric: `semantic false-hit rate @ ${semantic.threshold}`, baseline: `${semantic.differentPairs} different pairs`, value: `${(semantic.falseHitRate * 100).toFixed(1)}% (hit rate on ${semantic.samePairs} paraphrases ${(semantic.hitRate * 100).toFixed(1)}%)`, target: '<= 1%', pass: semantic.falseHitRate <= 0.01 },
      );
      await stopRedline(redline);
    });
  }

  if (wanted('turn') && fake) {
    await attempt('6 full turn', async () => {
      log('6. full turn in the app: 1,000 memories, 200-message history');
      const redline = await startRedline({ env: fakeEnv });
      children.push(redline);
      const apiKey = await createApiKey(redline.url);
      details.turn = await measureFullTurn({ redlineUrl: redline.url, apiKey, direct: { baseUrl: fake.url, model: 'fake-model' }, runs: plan.turnRuns, log });
      rows.push(...fullTurnRows(details.turn));
      await stopRedline(redline);
    });
  }

  if (wanted('streams')) {
    await attempt('2 streams', async () => {
      log(`2. concurrent streams: ${plan.streams} streams of ${plan.streamChunks} chunks, one every 50 ms`);
      const slow = await startFake({ tokenDelayMs: 50 });
      try {
        const redline = await startRedline({ env: { OPENAI_BASE_URL: slow.url } });
        children.push(redline);
        const apiKey = await createApiKey(redline.url);
        details.streams = await measureConcurrentStreams({
          redline: { baseUrl: `${redline.url}/v1`, apiKey, model: 'fake-model' },
          redlineUrl: redline.url,
          pid: redline.pid,
          streams: plan.streams,
          chunks: plan.streamChunks,
          tokenDelayMs: 50,
          // Opened over half a stream's length (1 s), so all are open together for the other half.
          rampMs: values.burst ? 0 : (plan.streamChunks * 50) / 2,
        });
        rows.push(...streamsRows(details.streams));
        await stopRedline(redline);
      } finally {
        await slow.stop();
      }
    });
  }

  if (wanted('startup') && fake) {
    await attempt('4 start-up', async () => {
      log(`4. start-up: ${plan.startRuns} cold and warm starts`);
      details.startup = await measureStartup({ runs: plan.startRuns, env: fakeEnv });
      rows.push(...startupRows(details.startup));
    });
  }

  if (wanted('ui') && fake) {
    await attempt('4 UI', async () => {
      let note: string | undefined;
      if (!values['no-build']) {
        log('4. UI: npm run build');
        const build = await buildWeb();
        if (build.error) {
          note = 'build failed: measured the existing web/dist';
          log(`  build failed, measuring the existing web/dist:\n${build.error}`);
        }
      } else {
        note = 'not rebuilt';
      }
      details.bundle = measureBundle();
      const redline = await startRedline({ env: fakeEnv });
      children.push(redline);
      log(`   first contentful paint: ${plan.paintLoads} loads`);
      details.paint = await measurePaint({ url: redline.url, loads: plan.paintLoads });
      rows.push(...uiRows(details.bundle, details.paint, note));
      await stopRedline(redline);
    });
  }
} finally {
  for (const child of children) await stopRedline(child).catch(() => undefined);
  await fake?.stop();
}

if (wanted('local')) {
  await attempt('3 local engine', async () => {
    log(`3. local engine: ${plan.localRuns} generations each side, max ${plan.maxTokens} tokens, temperature 0`);
    details.local = await measureLocalEngine({ runs: plan.localRuns, maxTokens: plan.maxTokens, log });
    rows.push(...localRows(details.local));
  });
}


const order = (r: Row) => Number(/^\d/.exec(r.scenario)?.[0] ?? 9);
rows.sort((a, b) => order(a) - order(b));
process.stdout.write(`\n${formatTable(rows)}\n`);
const judged = rows.filter((r) => r.pass !== null);
process.stdout.write(`\n${judged.filter((r) => r.pass).length}/${judged.length} targets pass.\n`);

const resultsDir = path.join(repoRoot, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `speed-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  `${JSON.stringify({ startedAt: startedAt.toISOString(), durationS: Math.round((Date.now() - startedAt.getTime()) / 1000), mode: quick ? 'quick' : 'full', machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` }, plan, rows, details }, null, 2)}\n`,
);
process.stdout.write(`Results: ${path.relative(process.cwd(), file)}\n`);
