// Two checkouts of Redline side by side on the full-turn scenario: both servers run at once, against
// one fake upstream, and turns alternate between them (ABBA), so the machine's drift hits both alike.
// For "did this change make a turn faster", which two separate `npm run bench -- --only turn` runs on
// a noisy 2-core VM cannot tell apart.
//
//   npm run bench:turn-ab -- <checkout A> [checkout B, default this one] [--runs 80]
//
// Each checkout needs its own node_modules (a symlink to this one's does). Prints a table, writes JSON.
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appTurn, fullTurnDataset, turnQuestion } from './speed/full-turn.js';
import { createApiKey, repoRoot, startFake, type RedlineChild, type startRedline as StartRedline } from './speed/processes.js';
import { formatTable, ms, type Row } from './speed/report.js';
import { median, quantile, round, sleep } from './speed/stats.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '80' } } });
if (positionals.length < 1) {
  console.error('usage: npm run bench:turn-ab -- <checkout A> [checkout B] [--runs 80]');
  process.exit(2);
}
const roots = [path.resolve(positionals[0]), path.resolve(positionals[1] ?? repoRoot)];
const runs = Number(values.runs);

interface Side {
  root: string;
  redline: RedlineChild;
  apiKey: string;
  conversationId: string;
  leafId: string;
  times: number[];
}

/** Starts a checkout's server (with that checkout's own start-up code) and imports the turn dataset into it. */
async function startSide(root: string, upstreamUrl: string): Promise<Side> {
  const { startRedline } = (await import(path.join(root, 'bench/speed/processes.ts'))) as { startRedline: typeof StartRedline };
  const redline = await startRedline({ env: { OPENAI_BASE_URL: upstreamUrl } });
  const apiKey = await createApiKey(redline.url);
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const imported = (await (await fetch(`${redline.url}/api/import`, { method: 'POST', headers, body: JSON.stringify(fullTurnDataset(1000, 200)) })).json()) as { imported: { conversationId: string }[] };
  const conversationId = imported.imported[0].conversationId;
  const loaded = (await (await fetch(`${redline.url}/api/conversations/${conversationId}`, { headers })).json()) as { conversation: { currentLeafId: string } };
  return { root, redline, apiKey, conversationId, leafId: loaded.conversation.currentLeafId, times: [] };
}

const fake = await startFake({ tokenDelayMs: 0 });
const sides: Side[] = [];
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
try {
  for (const root of roots) sides.push(await startSide(root, fake.url));
  // Two warm-up rounds, then ABBA: A B, B A, ...
  for (let i = -2; i < runs; i++) {
    for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
      const turn = await appTurn({ url: side.redline.url, apiKey: side.apiKey, conversationId: side.conversationId, parentId: side.leafId, content: turnQuestion(i + 2), agent });
      if (!turn.ok) throw new Error(`turn failed on ${side.root}: ${turn.error}`);
      // Let the turn's background work run between measurements, as the full-turn scenario does.
      await sleep(150);
      if (i >= 0) side.times.push(turn.ttftMs);
    }
  }
} finally {
  agent.destroy();
  for (const side of sides) await side.redline.stop();
  await fake.stop();
}

const [a, b] = sides;
const rows: Row[] = sides.map((side, i) => ({
  scenario: i === 0 ? 'A' : 'B',
  metric: `turn TTFT p50 / p90 (${side.times.length} turns)`,
  value: `${ms(median(side.times))} / ${ms(quantile(side.times, 0.9))}`,
  pass: null,
  note: side.root,
}));
rows.push({ scenario: 'B - A', metric: 'difference of p50s', value: ms(median(b.times) - median(a.times)), pass: null });
console.log(formatTable(rows));
for (const side of sides) console.log(`${side === a ? 'A' : 'B'}: ${side.root}`);
const dir = path.join(repoRoot, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `turn-ab-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ runs, sides: sides.map((s) => ({ root: s.root, p50: round(median(s.times)), p90: round(quantile(s.times, 0.9)), times: s.times.map(round) })) }, null, 2));
console.log(`Results: ${path.relative(repoRoot, file)}`);
