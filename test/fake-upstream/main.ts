// Runs fakes standalone, for manual testing and benchmarks against a separate process:
//   node --import tsx test/fake-upstream/main.ts --port 9100 [--providers 2] [--faults '{"errorRate":0.3}']
import { parseArgs } from 'node:util';
import { startFakeUpstreams } from './server.js';
import type { FakeUpstreamOptions, Faults } from './types.js';

const USAGE = `usage: main.ts [--port 9100] [--providers 1] [--name fake] [--faults JSON] [--token-delay MS] [--seed N] [--api-key KEY]
Providers listen on consecutive ports from --port (0 = ephemeral). Prints "name url" per provider.
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9100' },
    providers: { type: 'string', default: '1' },
    name: { type: 'string' },
    faults: { type: 'string' },
    'token-delay': { type: 'string' },
    seed: { type: 'string' },
    'api-key': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const port = Number(values.port);
const count = Number(values.providers);
const faults = values.faults ? (JSON.parse(values.faults) as Faults) : undefined;
const options = Array.from({ length: count }, (_, i): FakeUpstreamOptions => ({
  port: port === 0 ? 0 : port + i,
  name: values.name ? (count > 1 ? `${values.name}-${i + 1}` : values.name) : count > 1 ? `fake-${i + 1}` : 'fake',
  faults,
  tokenDelayMs: values['token-delay'] ? Number(values['token-delay']) : undefined,
  seed: values.seed ? Number(values.seed) : undefined,
  apiKey: values['api-key'],
}));

const fakes = await startFakeUpstreams(count, options);
for (const fake of fakes) process.stdout.write(`${fake.name} ${fake.url}\n`);

const shutdown = (): void => {
  void Promise.all(fakes.map((f) => f.close())).then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
