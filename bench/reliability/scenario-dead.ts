import { isCompleteAnswer, metricValue, promptFor, streamChat } from '../../test/reliability/support/chat-client.js';
import { fakeProvider } from '../../test/reliability/support/redline-config.js';
import { FakeFleet } from './fakes.js';
import { log, quantile, runLoad } from './load.js';
import { RedlineProcess } from './redline-process.js';
import { ms, type ScenarioResult } from './report.js';
import type { LoadOptions } from './scenario-flaky.js';

const COOLDOWN_MS = 10_000; // the default breaker cooldown, written out in the config below

/**
 * C: the primary's port refuses connections; the secondary is healthy. Redline runs with the default
 * policy (2 retries, breaker at 5 consecutive failures, 10 s cooldown). Connection attempts are
 * counted inside the Redline process (connect-probe.mjs), since a refused connection reaches no listener.
 *
 * 1. Requests one at a time through `dead-first` until /healthz shows the primary open: attempts at the
 *    dead port by then (the target), every answer complete.
 * 2. `concurrency` requests at once through `dead-first-wave` (another dead provider): how many
 *    attempts a burst makes before the breaker can open (context: they were all in flight).
 * 3. `requests` through `dead-first` interleaved with `requests` straight to `secondary:m`: the
 *    first-token time the dead primary adds once its circuit is open.
 */
export async function deadPrimary({ requests, concurrency }: LoadOptions): Promise<ScenarioResult> {
  const fleet = await FakeFleet.start([
    { name: 'primary', models: ['m'] },
    { name: 'primary-wave', models: ['m'] },
    { name: 'secondary', models: ['m'] },
  ]);
  let redline: RedlineProcess | undefined;
  try {
    redline = await RedlineProcess.start({
      countConnects: true,
      config: {
        providers: Object.fromEntries(Object.keys(fleet.fakes).map((name) => [name, fakeProvider(fleet.url(name))])),
        aliases: { 'dead-first': ['primary:m', 'secondary:m'], 'dead-first-wave': ['primary-wave:m', 'secondary:m'] },
        resilience: { breaker: { failureThreshold: 5, cooldownMs: COOLDOWN_MS } },
      },
    });
    await fleet.stopListening('primary');
    await fleet.stopListening('primary-wave');
    const server = redline;
    const ask = (model: string, i: number) => streamChat({ url: server.url, apiKey: server.apiKey, model, content: promptFor(i) });
    const state = async (key: string) => (await server.health()).find((p) => p.key === key);

    // 1. One at a time until open.
    let sequential = 0;
    let sequentialComplete = 0;
    while ((await state('primary:m'))?.state !== 'open' && sequential < 20) {
      if (isCompleteAnswer(await ask('dead-first', sequential), promptFor(sequential))) sequentialComplete++;
      sequential++;
    }
    const atOpen = await state('primary:m');
    const attemptsToOpen = server.connects(fleet.port('primary'));

    // 2. A burst at a fresh dead provider.
    const burst = await runLoad({ label: 'C burst at a dead provider', count: concurrency, concurrency, task: (i) => ask('dead-first-wave', 10_000 + i) });
    const burstAttempts = server.connects(fleet.port('primary-wave'));
    const burstState = await state('primary-wave:m');

    // 3. Added latency with the circuit open.
    const before = server.connects(fleet.port('primary')).attempts;
    const model = (i: number) => (i % 2 === 0 ? 'dead-first' : 'secondary:m');
    const measuredAt = performance.now();
    const run = await runLoad({ label: 'C dead-first + direct, interleaved', count: requests * 2, concurrency, task: (i) => ask(model(i), i >> 1) });
    const measureSeconds = (performance.now() - measuredAt) / 1000;
    const probes = server.connects(fleet.port('primary')).attempts - before;
    const side = (name: string) => {
      const answers = run.results.filter((_, i) => model(i) === name);
      const ttft = answers.map((a) => a.ttftMs ?? Number.POSITIVE_INFINITY);
      return { complete: answers.filter((a, j) => isCompleteAnswer(a, promptFor(j))).length, p50: quantile(ttft, 0.5), p99: quantile(ttft, 0.99), max: Math.max(...ttft) };
    };
    const deadFirst = side('dead-first');
    const direct = side('secondary:m');
    const addedP99 = deadFirst.p99 - direct.p99;
    const metrics = await server.metrics();
    const breakerGauge = metricValue(metrics, 'redline_circuit_breaker_state', { key: 'primary:m' });
    const failovers = metricValue(metrics, 'redline_model_failovers_total', { from: 'primary:m' }) ?? 0;
    const allComplete = sequentialComplete === sequential && burst.results.every((a, i) => isCompleteAnswer(a, promptFor(10_000 + i))) && deadFirst.complete === requests && direct.complete === requests;
    // Each cooldown lets one probe through (half-open); nothing else may reach the dead port.
    const allowedProbes = Math.ceil((measureSeconds * 1000) / COOLDOWN_MS) + 1;
    log(`  C: breaker ${atOpen?.state} after ${sequential} sequential requests, ${attemptsToOpen.attempts} attempts; burst ${burstAttempts.attempts}; probes ${probes} in ${measureSeconds.toFixed(1)} s`);
    return {
      id: 'C',
      title: 'dead primary',
      rows: [
        { measure: 'attempts at dead port until breaker open', value: `${attemptsToOpen.attempts} (${attemptsToOpen.refused} refused; ${sequential} requests)`, target: '≤ 5, open', pass: atOpen?.state === 'open' && attemptsToOpen.attempts <= 5 },
        { measure: 'TTFT p99 added by dead primary (open)', value: `${ms(addedP99)} (${ms(deadFirst.p99)} − ${ms(direct.p99)})`, target: '≤ 5 ms', pass: addedP99 <= 5 },
        { measure: 'attempts at dead port while open', value: `${probes} in ${measureSeconds.toFixed(1)} s`, target: `≤ 1 probe / ${COOLDOWN_MS / 1000} s`, pass: probes <= allowedProbes },
        { measure: 'TTFT p50 dead-first / direct', value: `${ms(deadFirst.p50)} / ${ms(direct.p50)}` },
        { measure: `burst of ${concurrency} at a fresh dead provider`, value: `${burstAttempts.attempts} attempts, breaker ${burstState?.state ?? 'n/a'}` },
        { measure: 'breaker gauge; failovers from primary', value: `${breakerGauge ?? 'n/a'}; ${failovers}` },
        { measure: 'all answers complete', value: allComplete ? 'yes' : 'no', target: 'yes', pass: allComplete },
      ],
      data: { requests, concurrency, sequential, attemptsToOpen, atOpen, burstAttempts, burstState, probes, measureSeconds, deadFirst, direct, addedP99, breakerGauge, failovers, allComplete },
    };
  } finally {
    await redline?.close();
    await fleet.close();
  }
}
