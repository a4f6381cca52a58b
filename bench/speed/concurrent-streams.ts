// Scenario 2: many simultaneous slow streams through Redline: all complete, memory and event-loop delay.
import { memoryOf, metricValue } from './processes.js';
import { ms, type Row } from './report.js';
import { keepAliveAgent, streamCompletion, type Target } from './sse-client.js';
import { quantile } from './stats.js';

/** prom-client's monitorEventLoopDelay resolution: every sample includes one timer period of this length. */
const ELD_RESOLUTION_MS = 10;

export interface StreamsResult {
  streams: number;
  chunks: number;
  tokenDelayMs: number;
  completed: number;
  firstError?: string;
  wallMs: number;
  ttftP50: number;
  ttftP99: number;
  totalP50: number;
  totalP99: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  /** Redline's own redline_nodejs_eventloop_lag_p99_seconds over the run (raw, includes the 10 ms resolution). */
  eldP99RawMs: number;
  eldMaxRawMs: number;
  eldP99Ms: number;
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  return res.text();
}

/**
 * Opens `streams` streams at once (the fake, started with --token-delay, sends one chunk every
 * `tokenDelayMs`), samples Redline's RSS from /proc every 100 ms, and reads Redline's event-loop
 * delay histogram, which prom-client resets on each scrape: one scrape before, one after.
 */
export async function measureConcurrentStreams(options: { redline: Target; redlineUrl: string; pid: number; streams: number; chunks: number; tokenDelayMs: number; rampMs?: number }): Promise<StreamsResult> {
  const agent = keepAliveAgent(options.streams);
  const body = { messages: [{ role: 'user', content: `[[words:${options.chunks}]] Tell me a slow story.` }] };
  // Warm-up with a few streams, so start-up costs are not counted.
  await Promise.all(Array.from({ length: 20 }, () => streamCompletion({ target: options.redline, agent, body })));
  const rssBeforeMb = memoryOf(options.pid).rssMb;
  await scrape(options.redlineUrl);
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => {
    rssPeakMb = Math.max(rssPeakMb, memoryOf(options.pid).rssMb);
  }, 100);
  const started = performance.now();
  // Opened over `rampMs` (0: all in one instant): every stream is still open at once from then until
  // the first ones end, but the run measures holding them rather than accepting them in one burst.
  const ramp = options.rampMs ?? 0;
  const timings = await Promise.all(
    Array.from({ length: options.streams }, async (_, i) => {
      if (ramp > 0) await new Promise((resolve) => setTimeout(resolve, (ramp * i) / options.streams));
      return streamCompletion({ target: options.redline, agent, body, timeoutMs: 120_000 });
    }),
  );
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  rssPeakMb = Math.max(rssPeakMb, memoryOf(options.pid).rssMb);
  const metrics = await scrape(options.redlineUrl);
  agent.destroy();
  const good = timings.filter((t) => t.ok && t.chunks === options.chunks);
  const bad = timings.find((t) => !(t.ok && t.chunks === options.chunks));
  const eldP99RawMs = metricValue(metrics, 'redline_nodejs_eventloop_lag_p99_seconds') * 1000;
  return {
    streams: options.streams,
    chunks: options.chunks,
    tokenDelayMs: options.tokenDelayMs,
    completed: good.length,
    firstError: bad ? (bad.error ?? `chunks ${bad.chunks}`) : undefined,
    wallMs,
    ttftP50: quantile(good.map((t) => t.ttftMs), 0.5),
    ttftP99: quantile(good.map((t) => t.ttftMs), 0.99),
    totalP50: quantile(good.map((t) => t.totalMs), 0.5),
    totalP99: quantile(good.map((t) => t.totalMs), 0.99),
    rssBeforeMb,
    rssPeakMb,
    eldP99RawMs,
    eldMaxRawMs: metricValue(metrics, 'redline_nodejs_eventloop_lag_max_seconds') * 1000,
    eldP99Ms: eldP99RawMs - ELD_RESOLUTION_MS,
  };
}

export function streamsRows(r: StreamsResult): Row[] {
  const name = `2 streams x${r.streams}`;
  const ideal = r.chunks * r.tokenDelayMs;
  return [
    {
      scenario: name,
      metric: 'completed',
      value: `${r.completed}/${r.streams}${r.firstError ? ` (first failure: ${r.firstError.slice(0, 80)})` : ''}`,
      target: 'all',
      pass: r.completed === r.streams,
    },
    {
      scenario: name,
      metric: 'stream duration p50/p99',
      baseline: `upstream pacing ${ideal} ms`,
      value: `${ms(r.totalP50)} / ${ms(r.totalP99)} (TTFT p50 ${ms(r.ttftP50)}, p99 ${ms(r.ttftP99)})`,
      pass: null,
    },
    { scenario: name, metric: 'Redline RSS peak', baseline: `idle ${r.rssBeforeMb.toFixed(0)} MB`, value: `${r.rssPeakMb.toFixed(0)} MB`, target: '<= 512 MB', pass: r.rssPeakMb <= 512 },
    {
      scenario: name,
      metric: 'event-loop delay p99',
      baseline: `raw ${ms(r.eldP99RawMs)}, max ${ms(r.eldMaxRawMs)}`,
      value: `${ms(r.eldP99Ms)} (raw minus 10 ms resolution)`,
      target: '<= 20 ms',
      pass: r.eldP99Ms <= 20,
    },
  ];
}
