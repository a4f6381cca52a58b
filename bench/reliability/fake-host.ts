// Hosts fake upstreams in their own process, controlled over IPC by bench/reliability/fakes.ts.
//
// Why a separate process: the load generator parses thousands of SSE streams, and the fakes' timers
// (a 2 s slow first token, per-chunk delays) would otherwise wait behind that work, so the latency the
// bench measures would partly be the bench's own. test/fake-upstream/main.ts runs fakes standalone
// but cannot report per-fake counters or change faults mid-run, which the scenarios need.
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions, type Faults } from '../../test/fake-upstream/index.js';

/** A request from the parent; every one gets a reply with the same `id`. */
export type HostCommand =
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'setFaults'; name: string; faults: Faults }
  | { id: number; cmd: 'stopListening'; name: string }
  | { id: number; cmd: 'close' };

/** Counters of one fake since the start or the last reset. */
export interface FakeCounters {
  /** POST /v1/chat/completions only (the listing GETs Redline makes are left out). */
  chatRequests: number;
  byOutcome: Record<string, number>;
  active: number;
}

export type HostReply = { id: number; ok: true; stats?: Record<string, FakeCounters> } | { id: number; ok: false; error: string };

/** What the parent asks for at start, as JSON in argv[2]. */
export type HostSpec = Pick<FakeUpstreamOptions, 'name' | 'models' | 'faults' | 'seed' | 'tokenDelayMs'>[];

// Room for every request of a scenario, so chat requests can be told from GETs by path.
const MAX_RECORDED = 100_000;

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '[]') as HostSpec;
  const fakes = new Map<string, FakeUpstream>();
  // The faults in force per fake: reset() clears a fake's faults, and the host puts them back.
  const faults = new Map<string, Faults>();
  for (const options of spec) {
    const fake = await startFakeUpstream({ ...options, maxRecorded: MAX_RECORDED });
    fakes.set(fake.name, fake);
    faults.set(fake.name, options.faults ?? {});
  }
  const get = (name: string) => {
    const fake = fakes.get(name);
    if (!fake) throw new Error(`no fake named ${name}`);
    return fake;
  };
  const counters = (): Record<string, FakeCounters> =>
    Object.fromEntries(
      [...fakes].map(([name, fake]) => {
        const chatRequests = fake.requests.reduce((n, r) => (r.method === 'POST' && r.path === '/v1/chat/completions' ? n + 1 : n), 0);
        const { byOutcome, active } = fake.stats();
        return [name, { chatRequests, byOutcome, active }];
      }),
    );

  process.on('message', (message: HostCommand) => {
    void (async (): Promise<HostReply> => {
      switch (message.cmd) {
        case 'stats':
          return { id: message.id, ok: true, stats: counters() };
        case 'reset':
          for (const [name, fake] of fakes) {
            fake.reset();
            fake.setFaults(faults.get(name) ?? {});
          }
          return { id: message.id, ok: true };
        case 'setFaults':
          get(message.name).setFaults(message.faults);
          faults.set(message.name, message.faults);
          return { id: message.id, ok: true };
        case 'stopListening':
          await get(message.name).stopListening();
          return { id: message.id, ok: true };
        case 'close':
          await Promise.all([...fakes.values()].map((f) => f.close()));
          setImmediate(() => process.exit(0));
          return { id: message.id, ok: true };
      }
    })()
      .catch((error: unknown): HostReply => ({ id: message.id, ok: false, error: String(error) }))
      .then((reply) => process.send?.(reply));
  });
  process.send?.({ ready: [...fakes.values()].map((f) => ({ name: f.name, url: f.url, port: f.port })) });
  // The parent going away ends the host too, so a crashed bench leaves nothing listening.
  process.on('disconnect', () => process.exit(0));
}

void main();
