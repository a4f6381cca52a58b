import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import { CompactionService } from './compaction-service.js';
import { filler, makeThread } from './test-thread.js';

/** A database that records that it was asked, and has nothing: the lookup itself is what is tested. */
function recordingDb(): { db: Db; asked: () => number } {
  let asked = 0;
  const db = new Proxy({}, { get: () => { asked++; throw new Error('the store was queried'); } }) as unknown as Db;
  return { db, asked: () => asked };
}

describe('CompactionService.summaryFor', () => {
  it('makes no query for a thread that fits under its trigger: it goes verbatim', async () => {
    const { db, asked } = recordingDb();
    const compaction = new CompactionService({ db, store: null as never, jobs: null, resolveModel: () => null, summaryModel: null, budgets: { historyTokens: 1000 } });
    const short = makeThread(Array.from({ length: 4 }, (_, i) => filler(i)));
    await expect(compaction.summaryFor('u1', 'c1', short)).resolves.toBeNull();
    expect(asked()).toBe(0);
  });

  it('looks the summary up once the thread passes the trigger', async () => {
    const { db, asked } = recordingDb();
    const compaction = new CompactionService({ db, store: null as never, jobs: null, resolveModel: () => null, summaryModel: null, budgets: { historyTokens: 1000 } });
    // 20 turns of ~100 tokens: twice the budget.
    const long = makeThread(Array.from({ length: 20 }, (_, i) => filler(i)));
    await expect(compaction.summaryFor('u1', 'c1', long)).rejects.toThrow('the store was queried');
    expect(asked()).toBeGreaterThan(0);
  });
});
