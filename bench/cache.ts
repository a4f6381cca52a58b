// Cache benchmark: exact-cache hit time to first token through Redline's /v1 versus a miss and versus the
// upstream called directly, and the semantic cache's false-hit and hit rates on the paraphrase set.
// Run: npm run bench:cache. Import measureCache / measureSemantic from bench/speed.ts to add the rows there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cosine, DEFAULT_SEMANTIC_THRESHOLD, hashedEmbedding, isTimeSensitive, sameHardFacts } from '../src/models/cache/index.js';
import { startFakeUpstream } from '../test/fake-upstream/index.js';
import { startTestServer } from '../test/support/redline-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface CacheTtftResult {
  requests: number;
  hitP50Ms: number;
  hitP99Ms: number;
  missP50Ms: number;
  directP50Ms: number;
  hitHeaderSeen: number;
  /** An authenticated GET /v1/models: what any /v1 request costs before the cache is reached. */
  floorP50Ms: number;
}

export interface SemanticResult {
  embedder: string;
  threshold: number;
  samePairs: number;
  differentPairs: number;
  hitRate: number;
  falseHitRate: number;
  falseHits: string[][];
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

/** Milliseconds from sending the request to the first content delta, and the cache header. */
async function firstToken(input: { url: string; headers: Record<string, string>; body: unknown }): Promise<{ ms: number; cache: string | null }> {
  const started = performance.now();
  const response = await fetch(input.url, { method: 'POST', headers: { 'content-type': 'application/json', ...input.headers }, body: JSON.stringify(input.body) });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  let ms = NaN;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
    if (Number.isNaN(ms) && seen.includes('"content":"')) ms = performance.now() - started;
  }
  return { ms, cache: response.headers.get('x-redline-cache') };
}

/**
 * Exact-cache TTFT through Redline: `requests` hits of one cached answer, `requests` misses (unique prompts), and
 * the same misses sent straight to the upstream, sequentially on keep-alive connections.
 */
export async function measureCache(options: { redlineUrl: string; apiKey: string; upstreamUrl: string; model: string; upstreamModel: string; requests: number }): Promise<CacheTtftResult> {
  const redline = { url: `${options.redlineUrl}/v1/chat/completions`, headers: { authorization: `Bearer ${options.apiKey}` } };
  const direct = { url: `${options.upstreamUrl}/chat/completions`, headers: { authorization: 'Bearer bench' } };
  const body = (content: string, model: string) => ({ model, stream: true, temperature: 0, messages: [{ role: 'user', content: `${content} [[words:20]]` }] });
  const run = `${Date.now()}`;
  const cached = body(`cached question ${run}`, options.model);
  await firstToken({ ...redline, body: cached });
  // Let the write land (it happens after the stream, off the critical path).
  await new Promise((r) => setTimeout(r, 200));
  const hits: number[] = [];
  let hitHeaderSeen = 0;
  for (let i = 0; i < options.requests + 20; i++) {
    const r = await firstToken({ ...redline, body: cached });
    if (i >= 20) hits.push(r.ms);
    if (r.cache === 'hit') hitHeaderSeen++;
  }
  const floor: number[] = [];
  for (let i = 0; i < options.requests; i++) {
    const started = performance.now();
    await (await fetch(`${options.redlineUrl}/v1/models`, { headers: redline.headers })).text();
    floor.push(performance.now() - started);
  }
  const misses: number[] = [];
  const directs: number[] = [];
  for (let i = 0; i < options.requests; i++) {
    misses.push((await firstToken({ ...redline, body: body(`miss ${run} ${i}`, options.model) })).ms);
    directs.push((await firstToken({ ...direct, body: body(`miss ${run} ${i}`, options.upstreamModel) })).ms);
  }
  return { requests: options.requests, hitP50Ms: quantile(hits, 0.5), hitP99Ms: quantile(hits, 0.99), missP50Ms: quantile(misses, 0.5), directP50Ms: quantile(directs, 0.5), hitHeaderSeen, floorP50Ms: quantile(floor, 0.5) };
}

/** The semantic cache's decision on every pair of the paraphrase set, at `threshold` with the built-in embedder. */
export function measureSemantic(threshold = DEFAULT_SEMANTIC_THRESHOLD): SemanticResult {
  const set = JSON.parse(readFileSync(path.join(here, 'cache', 'paraphrases.json'), 'utf8')) as { same: string[][]; different: string[][] };
  // Same rule as the cache: time-dependent questions never reach the lookup.
  const hits = ([a, b]: string[]) => !isTimeSensitive(a) && !isTimeSensitive(b) && sameHardFacts(a, b) && cosine(hashedEmbedding(a), hashedEmbedding(b)) >= threshold;
  const falseHits = set.different.filter(hits);
  return {
    embedder: 'redline:hashed-ngrams-v1',
    threshold,
    samePairs: set.same.length,
    differentPairs: set.different.length,
    hitRate: set.same.filter(hits).length / set.same.length,
    falseHitRate: falseHits.length / set.different.length,
    falseHits,
  };
}

async function main() {
  const requests = Number(process.env.BENCH_CACHE_REQUESTS ?? 300);
  const upstream = await startFakeUpstream({ models: ['fake-model'] });
  const redline = await startTestServer({ env: { OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'bench' } });
  try {
    const ttft = await measureCache({ redlineUrl: redline.url, apiKey: redline.apiKey, upstreamUrl: upstream.url, model: 'openai:fake-model', upstreamModel: 'fake-model', requests });
    const semantic = measureSemantic();
    const rows = [
      ['exact hit TTFT p50 (target ≤ 2 ms)', `${ttft.hitP50Ms.toFixed(2)} ms`, ttft.hitP50Ms <= 2 ? 'ok' : 'MISSED'],
      ['exact hit TTFT p99', `${ttft.hitP99Ms.toFixed(2)} ms`, ''],
      ['/v1 floor: authenticated GET /v1/models p50', `${ttft.floorP50Ms.toFixed(2)} ms`, ''],
      ['miss TTFT p50 (through Redline)', `${ttft.missP50Ms.toFixed(2)} ms`, ''],
      ['direct upstream TTFT p50', `${ttft.directP50Ms.toFixed(2)} ms`, ''],
      ['hit / direct ratio', (ttft.hitP50Ms / ttft.directP50Ms).toFixed(3), ''],
      ['hits with x-redline-cache: hit', `${ttft.hitHeaderSeen}/${ttft.requests + 20}`, ttft.hitHeaderSeen === ttft.requests + 20 ? 'ok' : 'MISSED'],
      [`semantic false-hit rate @ ${semantic.threshold} (target ≤ 1%)`, `${(semantic.falseHitRate * 100).toFixed(1)}% of ${semantic.differentPairs}`, semantic.falseHitRate <= 0.01 ? 'ok' : 'MISSED'],
      ['semantic hit rate on paraphrases', `${(semantic.hitRate * 100).toFixed(1)}% of ${semantic.samePairs}`, ''],
    ];
    console.table(rows.map(([metric, value, target]) => ({ metric, value, target })));
    mkdirSync(path.join(here, 'results'), { recursive: true });
    const file = path.join(here, 'results', `cache-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), store: 'pglite', ttft, semantic }, null, 2));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await redline.close();
    await upstream.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
