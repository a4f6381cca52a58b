// Scenario 3: tokens per second through Redline's local engine versus node-llama-cpp called directly.
import { fork } from 'node:child_process';
import path from 'node:path';
import { createApiKey, removeDir, repoRoot, startRedline } from './processes.js';
import { ms, type Row } from './report.js';
import { keepAliveAgent, streamCompletion } from './sse-client.js';
import { median } from './stats.js';

export const FIXTURE_MODEL = path.resolve(repoRoot, '../shared/fixtures/llama-2-tiny-random.gguf');
const PROMPT = 'Write a long story about a lighthouse keeper who finds a message in a bottle.';

interface Run {
  tokens: number;
  ms: number;
  ttftMs: number;
}

export interface LocalResult {
  runs: number;
  maxTokens: number;
  threads: number;
  direct: Run[];
  redline: Run[];
  directTps: number;
  redlineTps: number;
  ratio: number;
  /** Per-token time after the first token, each side (ms). */
  directDecodeMsPerToken: number;
  redlineDecodeMsPerToken: number;
  directTtft: number;
  redlineTtft: number;
}

const tps = (r: Run) => (r.tokens / r.ms) * 1000;
const decodeMsPerToken = (r: Run) => (r.ms - r.ttftMs) / Math.max(1, r.tokens - 1);

/** Starts the direct child; resolves when its model is loaded. */
function startDirect() {
  const child = fork(path.join(repoRoot, 'bench/speed/llama-direct.ts'), [FIXTURE_MODEL], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending: ((m: unknown) => void) | null = null;
  child.on('message', (m) => {
    const resolve = pending;
    pending = null;
    resolve?.(m);
  });
  const next = () => new Promise<unknown>((resolve) => (pending = resolve));
  const ready = next() as Promise<{ threads: number }>;
  return {
    ready,
    async run(maxTokens: number): Promise<Run> {
      const reply = next();
      child.send({ prompt: PROMPT, maxTokens, temperature: 0 });
      const result = (await reply) as Run & { error?: string };
      if (result.error) throw new Error(`direct generation failed: ${result.error}`);
      return result;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send('exit');
      }),
  };
}

/** Alternates direct and via-Redline generations (same prompt, max tokens, temperature 0), after one warm-up each. */
export async function measureLocalEngine(options: { runs: number; maxTokens: number; log: (s: string) => void }): Promise<LocalResult> {
  const redline = await startRedline({ env: { REDLINE_MODEL: FIXTURE_MODEL } });
  const direct = startDirect();
  try {
    const { threads } = await direct.ready;
    const apiKey = await createApiKey(redline.url);
    const models = (await (await fetch(`${redline.url}/v1/models`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as { data: { id: string }[] };
    const target = { baseUrl: `${redline.url}/v1`, apiKey, model: models.data[0].id };
    const agent = keepAliveAgent(1);
    const body = { messages: [{ role: 'user', content: PROMPT }], max_tokens: options.maxTokens, temperature: 0, stream_options: { include_usage: true } };
    const viaRedline = async (): Promise<Run> => {
      const t = await streamCompletion({ target, agent, body, timeoutMs: 300_000 });
      if (!t.ok || t.completionTokens === null) throw new Error(`local generation through Redline failed: ${t.error ?? 'no usage'}`);
      return { tokens: t.completionTokens, ms: t.totalMs, ttftMs: t.ttftMs };
    };
    await viaRedline();
    await direct.run(options.maxTokens);
    const runs = { direct: [] as Run[], redline: [] as Run[] };
    for (let i = 0; i < options.runs; i++) {
      if (i % 2 === 0) {
        runs.direct.push(await direct.run(options.maxTokens));
        runs.redline.push(await viaRedline());
      } else {
        runs.redline.push(await viaRedline());
        runs.direct.push(await direct.run(options.maxTokens));
      }
    }
    agent.destroy();
    const directTps = median(runs.direct.map(tps));
    const redlineTps = median(runs.redline.map(tps));
    options.log(`  direct ${directTps.toFixed(0)} tok/s (${runs.direct.map((r) => r.tokens).join(',')} tokens) | redline ${redlineTps.toFixed(0)} tok/s (${runs.redline.map((r) => r.tokens).join(',')} tokens)`);
    return {
      runs: options.runs,
      maxTokens: options.maxTokens,
      threads,
      direct: runs.direct,
      redline: runs.redline,
      directTps,
      redlineTps,
      ratio: redlineTps / directTps,
      directDecodeMsPerToken: median(runs.direct.map(decodeMsPerToken)),
      redlineDecodeMsPerToken: median(runs.redline.map(decodeMsPerToken)),
      directTtft: median(runs.direct.map((r) => r.ttftMs)),
      redlineTtft: median(runs.redline.map((r) => r.ttftMs)),
    };
  } finally {
    await direct.stop();
    await redline.stop();
    removeDir(redline.dataDir);
  }
}

export function localRows(r: LocalResult): Row[] {
  const name = '3 local engine';
  return [
    {
      scenario: name,
      metric: `tokens/s (max ${r.maxTokens}, temp 0, ${r.threads} threads)`,
      baseline: `direct ${r.directTps.toFixed(0)} tok/s`,
      value: `${r.redlineTps.toFixed(0)} tok/s = ${(r.ratio * 100).toFixed(1)}%`,
      target: '>= 95%',
      pass: r.ratio >= 0.95,
    },
    {
      scenario: name,
      metric: 'per-token time after first / TTFT',
      baseline: `direct ${r.directDecodeMsPerToken.toFixed(3)} ms, ${ms(r.directTtft)}`,
      value: `${r.redlineDecodeMsPerToken.toFixed(3)} ms, ${ms(r.redlineTtft)}`,
      pass: null,
    },
  ];
}
