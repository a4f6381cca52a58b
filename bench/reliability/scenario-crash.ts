import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loremWords } from '../../test/fake-upstream/index.js';
import type { AppClient } from '../../test/reliability/support/app-client.js';
import { fakeProvider } from '../../test/reliability/support/redline-config.js';
import { FakeFleet } from './fakes.js';
import { log, quantile, sleep } from './load.js';
import { RedlineProcess } from './redline-process.js';
import { ms, type ScenarioResult } from './report.js';
import { checkStore } from './store-check.js';

const WORDS = 400;
const ANSWERS_PER_CYCLE = 3;
// 400 chunks 4 ms apart: 1.6 s per answer, so a kill 0.5–1.3 s after the first token lands mid-stream.
const prompt = (cycle: number, i: number) => `cycle ${cycle} answer ${i} [[words:${WORDS}]] [[delay:4]]`;
const expected = loremWords(WORDS);

/** An answer the last kill cut off, to be found interrupted and continued after the restart. */
interface Pending {
  conversationId: string;
  userMessageId: string;
  assistantId: string;
  content: string;
  /** Text the store had for it before (after an earlier kill), which it must still start with. */
  knownPrefix: string;
}

/**
 * D: `cycles` times: start Redline on one data dir, check and continue what the last kill cut off,
 * start a few streaming answers through the app API, and kill -9 mid-stream. Every fourth cycle also
 * kills the continuations themselves mid-stream. At the end the store is opened directly and every row checked.
 */
export async function crashCycles({ cycles }: { cycles: number }): Promise<ScenarioResult> {
  const fleet = await FakeFleet.start([{ name: 'up', models: ['m'] }]);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'redline-bench-crash-'));
  const config = { providers: { up: fakeProvider(fleet.url('up')) }, aliases: { chat: ['up:m'] }, defaultModel: 'chat' };
  const problems: string[] = [];
  const acknowledged: string[] = [];
  const restartMs: number[] = [];
  let pending: Pending[] = [];
  let interruptedSeen = 0;
  let continued = 0;
  let continuedKilled = 0;
  let completedBeforeKill = 0;
  let emptyInterrupted = 0;
  let redline: RedlineProcess | undefined;
  try {
    for (let cycle = 0; cycle <= cycles; cycle++) {
      const began = performance.now();
      redline = await RedlineProcess.start({ config, dataDir });
      restartMs.push(performance.now() - began);
      const app = redline.app;

      // What the last kill cut off: still there, interrupted, a clean prefix of the answer.
      const found = await Promise.all(pending.map((p) => inspect(app, p, problems)));
      interruptedSeen += found.filter((p) => p !== null).length;
      const resumable = found.filter((p): p is Pending => p !== null && p.knownPrefix.length > 0);
      emptyInterrupted += found.filter((p) => p !== null && p.knownPrefix.length === 0).length;

      const killContinuations = cycle < cycles && cycle % 4 === 3;
      const continuing = resumable.map((p) => ({ p, stream: app.continue(p.conversationId, p.assistantId) }));
      let next: Pending[] = [];
      if (killContinuations) {
        next = resumable;
        continuedKilled += resumable.length;
      } else {
        for (const { p, stream } of continuing) {
          const end = await stream.ended;
          if (end.last === 'done' && end.final?.status === 'complete' && end.final.content === expected) continued++;
          else problems.push(`cycle ${cycle}: continuing ${p.assistantId} ended with ${end.last}, ${end.final?.status}, ${end.final?.content.length ?? 0} chars`);
        }
      }

      if (cycle === cycles) break;
      const streams = await Promise.all(
        Array.from({ length: ANSWERS_PER_CYCLE }, async (_, i) => {
          const conversationId = await app.createConversation();
          const content = prompt(cycle, i);
          return { conversationId, content, stream: app.send(conversationId, content) };
        }),
      );
      for (const { conversationId, content, stream } of streams) {
        const started = await stream.started;
        acknowledged.push(started.userMessage!.id);
        next.push({ conversationId, content, userMessageId: started.userMessage!.id, assistantId: started.assistantMessage.id, knownPrefix: '' });
      }
      await Promise.all(streams.map((s) => s.stream.firstDelta));
      // Past two flushes of the partial text (every 250 ms) and before the 1.6 s answers end.
      await sleep(500 + Math.random() * 800);
      await redline.kill();
      for (const { stream } of streams) if ((await stream.ended).last === 'done') completedBeforeKill++;
      pending = next;
      if (cycle % 5 === 4) log(`  D: ${cycle + 1}/${cycles} cycles, ${acknowledged.length} messages acknowledged, ${problems.length} problems`);
    }
    await redline?.close();
    const store = await checkStore(dataDir, acknowledged);
    const corrupt = store.badStatus + store.orphanAssistants + store.danglingParents + store.missingLeaves + store.streaming;
    for (const problem of problems.slice(0, 5)) log(`  D problem: ${problem}`);
    const toContinue = interruptedSeen - continuedKilled - emptyInterrupted;
    return {
      id: 'D',
      title: 'crashes',
      rows: [
        { measure: 'acknowledged user messages lost', value: `${store.lostUserMessages} of ${acknowledged.length}`, target: '0', pass: store.lostUserMessages === 0 },
        { measure: 'corrupt rows (status, parent, leaf, streaming)', value: `${corrupt} of ${store.messages} rows`, target: '0', pass: corrupt === 0 },
        { measure: 'interrupted answers continued to full text', value: `${continued} of ${toContinue} (+${emptyInterrupted} empty)`, target: 'all', pass: continued === toContinue && emptyInterrupted === 0 && problems.length === 0 },
        { measure: 'kill -9 cycles; continuations killed too', value: `${cycles}; ${continuedKilled}` },
        { measure: 'restart to ready p50 / max', value: `${ms(quantile(restartMs, 0.5))} / ${ms(Math.max(...restartMs))}` },
        { measure: 'answers finished before the kill', value: String(completedBeforeKill) },
      ],
      data: { cycles, answersPerCycle: ANSWERS_PER_CYCLE, acknowledged: acknowledged.length, interruptedSeen, continued, continuedKilled, emptyInterrupted, completedBeforeKill, restartMs, store, problems: problems.slice(0, 50) },
    };
  } finally {
    await redline?.close();
    await fleet.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The answer as the restarted server has it; null (with a problem noted) when it is not as it must be. */
async function inspect(app: AppClient, p: Pending, problems: string[]): Promise<Pending | null> {
  const { conversation, messages } = await app.conversation(p.conversationId);
  const user = messages.find((m) => m.id === p.userMessageId);
  const answer = messages.find((m) => m.id === p.assistantId);
  if (!user || user.content !== p.content || user.status !== 'complete') problems.push(`user message ${p.userMessageId}: ${user ? `${user.status}, content ${user.content === p.content ? 'same' : 'different'}` : 'missing'}`);
  if (!answer) {
    problems.push(`answer ${p.assistantId} missing`);
    return null;
  }
  if (answer.status === 'complete' && answer.content === expected) return null; // finished before the kill
  const fine = answer.status === 'interrupted' && answer.parentId === p.userMessageId && expected.startsWith(answer.content) && answer.content.startsWith(p.knownPrefix) && conversation.currentLeafId === answer.id;
  if (!fine) {
    problems.push(`answer ${p.assistantId}: ${answer.status}, ${answer.content.length} chars, prefix ${expected.startsWith(answer.content)}, leaf ${conversation.currentLeafId === answer.id}`);
    return null;
  }
  return { ...p, knownPrefix: answer.content };
}
