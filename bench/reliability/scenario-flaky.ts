import { describeAnswer, isCompleteAnswer, metricValue, promptFor, streamChat } from '../../test/reliability/support/chat-client.js';
import { fakeProvider } from '../../test/reliability/support/redline-config.js';
import { FakeFleet } from './fakes.js';
import { log, quantile, runLoad } from './load.js';
import { RedlineProcess } from './redline-process.js';
import { ms, pct, type ScenarioResult } from './report.js';

export interface LoadOptions {
  requests: number;
  concurrency: number;
}

/**
 * A: the primary fails 30 % of requests before the first byte and cuts 10 % of streams after three
 * chunks; the secondary is healthy. The same prompts go straight to the primary (what a client
 * without Redline gets), then through Redline's fallback chain.
 */
export async function flakyPrimary({ requests, concurrency }: LoadOptions): Promise<ScenarioResult> {
  const fleet = await FakeFleet.start([
    { name: 'primary', models: ['m'], seed: 1, faults: { errorRate: 0.3, cutRate: 0.1 } },
    { name: 'secondary', models: ['m'] },
  ]);
  let redline: RedlineProcess | undefined;
  try {
    redline = await RedlineProcess.start({
      config: {
        providers: { primary: fakeProvider(fleet.url('primary')), secondary: fakeProvider(fleet.url('secondary')) },
        aliases: { chat: ['primary:m', 'secondary:m'] },
      },
    });
    const direct = await runLoad({
      label: 'A direct to primary',
      count: requests,
      concurrency,
      task: (i) => streamChatDirect(fleet.url('primary'), promptFor(i)),
    });
    const directOk = direct.results.filter((answer, i) => isCompleteAnswer(answer, promptFor(i))).length;
    await fleet.reset();

    const server = redline;
    const via = await runLoad({
      label: 'A through Redline',
      count: requests,
      concurrency,
      task: (i) => streamChat({ url: server.url, apiKey: server.apiKey, model: 'chat', content: promptFor(i) }),
    });
    const failures = via.results.flatMap((answer, i) => (isCompleteAnswer(answer, promptFor(i)) ? [] : [describeAnswer(answer, promptFor(i))]));
    for (const failure of failures.slice(0, 3)) log(`  A incomplete answer: ${failure}`);
    const ok = (requests - failures.length) / requests;
    const ttft = via.results.flatMap((a) => (a.ttftMs === null ? [] : [a.ttftMs]));
    const total = via.results.map((a) => a.totalMs);
    const metrics = await server.metrics();
    const fakes = await fleet.stats();
    const counters = {
      continuations: metricValue(metrics, 'redline_model_continuations_total') ?? 0,
      failovers: metricValue(metrics, 'redline_model_failovers_total') ?? 0,
      retries: metricValue(metrics, 'redline_model_retries_total') ?? 0,
    };
    return {
      id: 'A',
      title: 'flaky primary',
      rows: [
        { measure: 'complete answers through Redline', value: `${pct(ok)} (${requests - failures.length}/${requests})`, target: '≥ 99.90 %', pass: ok >= 0.999 },
        { measure: 'complete answers direct to primary', value: `${pct(directOk / requests)} (${directOk}/${requests})`, target: '≈ 63 % (context)' },
        { measure: 'success ratio Redline / direct', value: `${(ok / (directOk / requests)).toFixed(2)}×` },
        { measure: 'TTFT p50 / p99 through Redline', value: `${ms(quantile(ttft, 0.5))} / ${ms(quantile(ttft, 0.99))}` },
        { measure: 'whole answer p99 through Redline', value: ms(quantile(total, 0.99)) },
        { measure: 'retries / failovers / continuations', value: `${counters.retries} / ${counters.failovers} / ${counters.continuations}` },
      ],
      data: {
        requests,
        concurrency,
        direct: { ok: directOk, seconds: direct.seconds },
        redline: { ok: requests - failures.length, seconds: via.seconds, ttftP50: quantile(ttft, 0.5), ttftP99: quantile(ttft, 0.99), totalP99: quantile(total, 0.99), failures: failures.slice(0, 20) },
        counters,
        upstream: fakes,
      },
    };
  } finally {
    await redline?.close();
    await fleet.close();
  }
}

/** The same request as through Redline, sent to a fake's own /v1 (no Redline, no retries). */
function streamChatDirect(fakeUrl: string, content: string) {
  return streamChat({ url: fakeUrl.replace(/\/v1$/, ''), apiKey: 'none', model: 'm', content });
}
