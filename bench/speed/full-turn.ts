// Scenario 6, a full turn in the app: the UI's own path (POST /api/conversations/:id/messages, SSE)
// for a user with 1,000 stored memories and a 200-message history, against the same upstream called
// directly with that history. The difference is what Redline adds before the first token: loading the
// thread, custom instructions and style, memory and chat-history retrieval, prompt assembly, and
// committing the user and assistant messages.
import http from 'node:http';
import type { Row } from './report.js';
import { ms } from './report.js';
import { streamCompletion, type Target } from './sse-client.js';
import { median, quantile, round, sleep } from './stats.js';

export interface FullTurnResult {
  runs: number;
  memories: number;
  historyMessages: number;
  direct: { p50: number; p90: number };
  app: { p50: number; p90: number };
  addedP50: number;
  failures: number;
  firstError?: string;
}

const TOPICS = ['restaurant', 'book', 'city', 'color', 'band', 'sport', 'editor', 'language', 'airline', 'coffee', 'film', 'museum', 'hike', 'podcast', 'game', 'car', 'tea', 'flower', 'painter', 'composer'];

/** 1,000 distinct memories and one 200-message conversation, as a Redline export to import. */
export function fullTurnDataset(memories: number, historyMessages: number): object {
  const now = Date.now();
  const at = (i: number) => new Date(now - (historyMessages - i) * 60_000).toISOString();
  const messages = Array.from({ length: historyMessages }, (_, i) => ({
    id: `m${i}`,
    parentId: i === 0 ? null : `m${i - 1}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content:
      i % 2 === 0
        ? `Question ${i}: how should I plan step ${i} of the garden project, given the soil and the ${TOPICS[i % TOPICS.length]}?`
        : `For step ${i}, water in the morning, add compost to the beds, and keep a note of what grew well next to the ${TOPICS[i % TOPICS.length]}.`,
    model: null,
    createdAt: at(i),
  }));
  return {
    format: 'redline.export',
    version: 1,
    exportedAt: new Date(now).toISOString(),
    conversations: [{ id: 'bench-history', title: 'Garden project', model: null, createdAt: at(0), updatedAt: at(historyMessages), currentLeafId: `m${historyMessages - 1}`, messages }],
    memories: Array.from({ length: memories }, (_, i) => ({
      kind: i % 4 === 0 ? 'preference' : 'fact',
      content: `User's favourite ${TOPICS[i % TOPICS.length]} number ${i} is item-${(i * 7919) % 100_003}`,
      status: 'active',
      createdAt: new Date(now - i * 1000).toISOString(),
    })),
  };
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

/** The i-th benchmark question: it names a topic, so retrieval finds real candidates. */
export const turnQuestion = (i: number) => `What is my favourite ${TOPICS[i % TOPICS.length]} again, and how does it fit step ${i} of the garden?`;

/** Sends one message on the UI path; ms to the first `delta` event, then waits for the end of the answer. */
export function appTurn(options: { url: string; apiKey: string; conversationId: string; parentId: string; content: string; agent: http.Agent }): Promise<{ ttftMs: number; ok: boolean; error?: string }> {
  const url = new URL(`${options.url}/api/conversations/${options.conversationId}/messages`);
  const payload = JSON.stringify({ content: options.content, parentId: options.parentId });
  return new Promise((resolve) => {
    const started = performance.now();
    let ttftMs = Number.NaN;
    let text = '';
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: options.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${options.apiKey}`, accept: 'text/event-stream' },
      },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (Number.isNaN(ttftMs) && text.includes('event: delta')) ttftMs = performance.now() - started;
        });
        res.on('end', () => {
          const ok = res.statusCode === 200 && text.includes('event: done') && !Number.isNaN(ttftMs);
          resolve({ ttftMs, ok, error: ok ? undefined : `status ${res.statusCode}: ${text.slice(0, 300)}` });
        });
      },
    );
    req.on('error', (error) => resolve({ ttftMs, ok: false, error: String(error) }));
    req.end(payload);
  });
}

/**
 * Imports the dataset into a running Redline, then alternates direct and app turns `runs` times.
 * Every app turn answers the same 200-message thread (a new branch off its leaf), so the history
 * stays the same size; each question names a topic, so retrieval finds real candidates.
 */
export async function measureFullTurn(options: { redlineUrl: string; apiKey: string; direct: Target; runs: number; log: (line: string) => void }): Promise<FullTurnResult> {
  const { redlineUrl, apiKey, direct, runs } = options;
  const memories = 1000;
  const historyMessages = 200;
  const auth = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const data = fullTurnDataset(memories, historyMessages);
  const imported = await json<{ counts: { conversations: number; messages: number; memories: number }; imported: { conversationId: string }[] }>(
    await fetch(`${redlineUrl}/api/import`, { method: 'POST', headers: auth, body: JSON.stringify(data) }),
    'import',
  );
  if (imported.counts.messages !== historyMessages || imported.counts.memories < memories) {
    throw new Error(`import brought ${imported.counts.messages} messages and ${imported.counts.memories} memories, expected ${historyMessages} and ${memories}`);
  }
  const conversationId = imported.imported[0].conversationId;
  const loaded = await json<{ conversation: { currentLeafId: string }; messages: { role: string; content: string }[] }>(
    await fetch(`${redlineUrl}/api/conversations/${conversationId}`, { headers: auth }),
    'load conversation',
  );
  const leafId = loaded.conversation.currentLeafId;
  const history = loaded.messages.map((m) => ({ role: m.role, content: m.content }));
  options.log(`   imported ${imported.counts.memories} memories and ${imported.counts.messages} messages; ${runs} turns each side`);

  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const directTimes: number[] = [];
  const appTimes: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  try {
    // Two warm-up turns each side (JIT, connection pools, first queries).
    for (let i = -2; i < runs; i++) {
      const d = await streamCompletion({ target: direct, agent, body: { messages: [...history, { role: 'user', content: turnQuestion(i + 2) }], max_tokens: 16 } });
      const a = await appTurn({ url: redlineUrl, apiKey, conversationId, parentId: leafId, content: turnQuestion(i + 2), agent });
      // Let the turn's background work (memory extraction, compaction) run between measurements.
      await sleep(150);
      if (i < 0) continue;
      if (!d.ok || !a.ok) {
        failures++;
        firstError ??= d.ok ? a.error : d.error;
        continue;
      }
      directTimes.push(d.ttftMs);
      appTimes.push(a.ttftMs);
    }
  } finally {
    agent.destroy();
  }
  if (appTimes.length === 0) throw new Error(`no successful turn: ${firstError}`);
  const direct50 = median(directTimes);
  const app50 = median(appTimes);
  return {
    runs,
    memories,
    historyMessages,
    direct: { p50: round(direct50), p90: round(quantile(directTimes, 0.9)) },
    app: { p50: round(app50), p90: round(quantile(appTimes, 0.9)) },
    addedP50: round(app50 - direct50),
    failures,
    firstError,
  };
}

export function fullTurnRows(result: FullTurnResult): Row[] {
  const scenario = '6 full turn';
  return [
    {
      scenario,
      metric: `added TTFT p50 (${result.memories} memories, ${result.historyMessages}-message history)`,
      baseline: `direct ${ms(result.direct.p50)}`,
      value: `app ${ms(result.app.p50)} (+${ms(result.addedP50)})`,
      target: '<= 15 ms',
      pass: result.addedP50 <= 15 && result.failures === 0,
    },
    { scenario, metric: 'TTFT p90 direct / app', value: `${ms(result.direct.p90)} / ${ms(result.app.p90)}`, pass: null, note: result.failures ? `${result.failures} failed turns: ${result.firstError}` : undefined },
  ];
}
