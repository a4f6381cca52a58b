// Asks every question through the service's retrieval (the rankings recallForTurn cuts from) and
// scores the answers against the gold evidence. No model anywhere.
import type { EpisodeHit, MemoryService, ScoredMemory } from '../../src/memory/index.js';
import type { EvalQuestion } from './generate.js';
import type { IngestedUser } from './ingest.js';

const DEPTH = 10;

/** One question's result, kept in the results file so a miss can be read. */
export interface QuestionResult {
  id: string;
  kind: EvalQuestion['kind'];
  text: string;
  heldOut: boolean;
  /** 1-based rank of the gold evidence, null when not in the top 10 (fact and episode questions). */
  rank: number | null;
  /**
   * Updated facts where either value was retrieved: the current value ranks above every stale one.
   * Undefined when neither came back (a recall miss, counted by recall@k, with nothing to outrank).
   */
  currentOverStale?: boolean;
  /** Updated facts where neither the current nor a stale value was in the top 10. */
  updatedNotRetrieved?: boolean;
  /** Forgotten and retired facts: something of the fact came back. */
  leaked?: string[];
  top: string[];
}

export interface Scores {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  factRecallAt5: number;
  /** Recall@5 on the tuned wording and on the held-out wording (saved facts only). */
  tunedRecallAt5: number;
  heldOutRecallAt5: number;
  heldOutQuestions: number;
  episodeRecallAt5: number;
  currentOverStale: number;
  /** Updated-fact questions where either value was retrieved (the base of currentOverStale). */
  updatedQuestions: number;
  /** Updated-fact questions where neither value was retrieved. */
  updatedNotRetrieved: number;
  forgottenRetrieved: number;
  forgottenQuestions: number;
  retiredRetrieved: number;
  retiredQuestions: number;
}

const has = (text: string, value: string) => text.toLowerCase().includes(value.toLowerCase());

/** Scores one user's questions. */
export async function askUser(memory: MemoryService, input: { user: IngestedUser; questions: EvalQuestion[] }): Promise<QuestionResult[]> {
  const { userId, eventMessages } = input.user;
  const results: QuestionResult[] = [];
  for (const question of input.questions) {
    const [memories, episodes] = await Promise.all([memory.search(userId, question.text, { k: DEPTH }), memory.searchMessages(userId, question.text, { k: DEPTH })]);
    switch (question.kind) {
      case 'fact': {
        const index = memories.findIndex((m) => has(m.content, question.current));
        const staleAt = memories.findIndex((m) => question.stale.some((value) => has(m.content, value)));
        const result: QuestionResult = { id: question.id, kind: question.kind, text: question.text, heldOut: question.heldOut ?? false, rank: index < 0 ? null : index + 1, top: memories.slice(0, 5).map((m) => m.content) };
        if (question.stale.length && index < 0 && staleAt < 0) result.updatedNotRetrieved = true;
        else if (question.stale.length) result.currentOverStale = index >= 0 && (staleAt < 0 || staleAt > index);
        results.push(result);
        break;
      }
      case 'episode': {
        const gold = eventMessages.get(question.eventId);
        const index = episodes.findIndex((e) => (e.messageId === gold?.userMessageId || e.messageId === gold?.assistantMessageId) && has(e.text, question.detail));
        results.push({ id: question.id, kind: question.kind, text: question.text, heldOut: question.heldOut ?? false, rank: index < 0 ? null : index + 1, top: episodes.slice(0, 5).map((e) => e.text) });
        break;
      }
      case 'forgotten':
      case 'retired': {
        // What the turn would inject, and the deeper rankings behind it.
        const turn = await memory.recallForTurn(userId, { query: question.text });
        const seen = [...texts(memories, episodes), turn.recall ?? ''];
        const leaked = seen.filter((text) => question.gone.some((value) => has(text, value)));
        results.push({ id: question.id, kind: question.kind, text: question.text, heldOut: question.heldOut ?? false, rank: null, leaked, top: memories.slice(0, 5).map((m) => m.content) });
        break;
      }
    }
  }
  return results;
}

const texts = (memories: ScoredMemory[], episodes: EpisodeHit[]) => [...memories.map((m) => m.content), ...episodes.map((e) => e.text)];

/** The aggregate figures over every user's results. */
export function summarize(results: QuestionResult[]): Scores {
  const ranked = results.filter((r) => r.kind === 'fact' || r.kind === 'episode');
  const within = (list: QuestionResult[], k: number) => (list.length ? list.filter((r) => r.rank !== null && r.rank <= k).length / list.length : Number.NaN);
  const updated = results.filter((r) => r.currentOverStale !== undefined);
  const forgotten = results.filter((r) => r.kind === 'forgotten');
  const retired = results.filter((r) => r.kind === 'retired');
  return {
    questions: ranked.length,
    recallAt1: within(ranked, 1),
    recallAt5: within(ranked, 5),
    recallAt10: within(ranked, 10),
    factRecallAt5: within(ranked.filter((r) => r.kind === 'fact'), 5),
    tunedRecallAt5: within(ranked.filter((r) => !r.heldOut), 5),
    heldOutRecallAt5: within(ranked.filter((r) => r.heldOut), 5),
    heldOutQuestions: ranked.filter((r) => r.heldOut).length,
    episodeRecallAt5: within(ranked.filter((r) => r.kind === 'episode'), 5),
    currentOverStale: updated.length ? updated.filter((r) => r.currentOverStale).length / updated.length : Number.NaN,
    updatedQuestions: updated.length,
    updatedNotRetrieved: results.filter((r) => r.updatedNotRetrieved).length,
    forgottenRetrieved: forgotten.filter((r) => r.leaked?.length).length,
    forgottenQuestions: forgotten.length,
    retiredRetrieved: retired.filter((r) => r.leaked?.length).length,
    retiredQuestions: retired.length,
  };
}
