import type { Faults } from '../../test/fake-upstream/index.js';
import { isCompleteAnswer, metricValue, promptFor, streamChat } from '../../test/reliability/support/chat-client.js';
import { fakeProvider } from '../../test/reliability/support/redline-config.js';
import { FakeFleet } from './fakes.js';
import { quantile, runLoad } from './load.js';
import { RedlineProcess } from './redline-process.js';
import { ms, pct, type ScenarioResult } from './report.js';
import type { LoadOptions } from './scenario-flaky.js';

const SLOW_MS = 2000;
const slowTail: Faults = { latency: { kind: 'slowTail', probability: 0.1, ms: SLOW_MS } };

/**
 * B: 10 % of the primary's first tokens are 2 s late. One Redline serves two aliases over the same
 * kind of chain, one hedged and one not, each over its own pair of fakes (so upstream requests are
 * counted per alias, and each alias has its own latency samples: a plain alias's 2 s samples would
 * otherwise raise the hedged one's threshold, since both would track the same `provider:model`).
 * Requests alternate between the aliases, so both see the same load at the same time.
 */
export async function slowTailScenario({ requests, concurrency }: LoadOptions): Promise<ScenarioResult> {
  const fleet = await FakeFleet.start([
    { name: 'primary-h', models: ['m'], seed: 2, faults: slowTail },
    { name: 'secondary-h', models: ['m'] },
    { name: 'primary-p', models: ['m'], seed: 2, faults: slowTail },
    { name: 'secondary-p', models: ['m'] },
  ]);
  let redline: RedlineProcess | undefined;
  try {
    redline = await RedlineProcess.start({
      config: {
        providers: Object.fromEntries(Object.keys(fleet.fakes).map((name) => [name, fakeProvider(fleet.url(name))])),
        aliases: {
          hedged: { models: ['primary-h:m', 'secondary-h:m'], hedge: true },
          plain: { models: ['primary-p:m', 'secondary-p:m'] },
        },
        // The defaults (p90 of recent first-token times, floored at 50 ms, 1 s until 20 samples), written out.
        resilience: { hedge: { quantile: 0.9, floorMs: 50, minSamples: 20, defaultMs: 1000 } },
      },
    });
    const server = redline;
    const alias = (i: number) => (i % 2 === 0 ? 'hedged' : 'plain');
    const run = await runLoad({
      label: 'B hedged + plain, interleaved',
      count: requests * 2,
      concurrency,
      task: (i) => streamChat({ url: server.url, apiKey: server.apiKey, model: alias(i), content: promptFor(i >> 1) }),
    });
    const side = (name: 'hedged' | 'plain') => {
      const answers = run.results.filter((_, i) => alias(i) === name);
      const ttft = answers.map((a) => a.ttftMs ?? Number.POSITIVE_INFINITY);
      return { complete: answers.filter((a, j) => isCompleteAnswer(a, promptFor(j))).length, p50: quantile(ttft, 0.5), p99: quantile(ttft, 0.99), p999: quantile(ttft, 0.999) };
    };
    const hedged = side('hedged');
    const plain = side('plain');
    const fakes = await fleet.stats();
    const upstreamHedged = fakes['primary-h'].chatRequests + fakes['secondary-h'].chatRequests;
    const upstreamPlain = fakes['primary-p'].chatRequests + fakes['secondary-p'].chatRequests;
    const extra = (upstreamHedged - requests) / requests;
    const ratio = hedged.p99 / plain.p99;
    const metrics = await server.metrics();
    const hedges = metricValue(metrics, 'redline_model_hedges_total') ?? 0;
    return {
      id: 'B',
      title: 'slow tail',
      rows: [
        { measure: 'TTFT p99 hedged / not hedged', value: `${ms(hedged.p99)} / ${ms(plain.p99)} = ${ratio.toFixed(3)}`, target: '≤ 0.333', pass: ratio <= 1 / 3 },
        { measure: 'extra upstream requests, hedged', value: `${pct(extra, 1)} (${upstreamHedged} for ${requests})`, target: '≤ 15 %', pass: extra <= 0.15 },
        { measure: 'TTFT p50 hedged / not hedged', value: `${ms(hedged.p50)} / ${ms(plain.p50)}` },
        { measure: 'hedges started; slow primary aborted', value: `${hedges}; ${fakes['primary-h'].byOutcome.aborted ?? 0}` },
        { measure: 'complete answers hedged / not hedged', value: `${hedged.complete}/${requests} / ${plain.complete}/${requests}` },
      ],
      data: { requests, concurrency, seconds: run.seconds, hedged, plain, upstreamHedged, upstreamPlain, extra, ratio, hedges, upstream: fakes },
    };
  } finally {
    await redline?.close();
    await fleet.close();
  }
}
