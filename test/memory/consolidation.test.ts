import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.js';
import { JobQueue } from '../../src/jobs/index.js';
import { decideByRules, MemoryService, type Memory } from '../../src/memory/index.js';
import { memoryModel } from './mock-models.js';
import { createExchange, createUser, openTestStore, testStores } from './support.js';

const memory = (content: string, id = content): Memory => ({
  id,
  kind: 'fact',
  content,
  status: 'active',
  supersedesId: null,
  sourceMessageId: null,
  sourceConversationId: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  lastUsedAt: null,
});

describe('decideByRules (the fallback without a usable model)', () => {
  const lisbon = memory('User lives in Lisbon');
  const acme = memory('User works at Acme');
  const color = memory("User's favorite color is blue");

  it('is NONE for an exact or near duplicate', () => {
    expect(decideByRules({ kind: 'fact', content: 'user lives in lisbon.' }, [lisbon])).toEqual({ action: 'none', target: lisbon });
    expect(decideByRules({ kind: 'fact', content: 'User lives in Lisbon, Portugal' }, [lisbon])).toMatchObject({ action: 'none', target: lisbon });
  });
  it('is UPDATE for the same attribute with another value', () => {
    expect(decideByRules({ kind: 'fact', content: 'User moved to Porto' }, [acme, lisbon])).toMatchObject({ action: 'update', target: lisbon, content: 'User moved to Porto' });
    expect(decideByRules({ kind: 'preference', content: "User's favorite color is now green" }, [color])).toMatchObject({ action: 'update', target: color });
    // British and American spellings are one attribute.
    expect(decideByRules({ kind: 'preference', content: "User's favourite colour is now green" }, [color])).toMatchObject({ action: 'update', target: color });
  });
  it('is DELETE for "no longer" of the stored value', () => {
    expect(decideByRules({ kind: 'fact', content: 'User no longer works at Acme' }, [lisbon, acme])).toEqual({ action: 'delete', target: acme });
    expect(decideByRules({ kind: 'fact', content: 'User no longer works at Initech' }, [acme])).toEqual({ action: 'add' });
  });
  it('is ADD for anything else', () => {
    expect(decideByRules({ kind: 'fact', content: 'User has a dog named Rex' }, [lisbon, acme, color])).toEqual({ action: 'add' });
  });
});

describe.each(testStores)('consolidation and extraction on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;

  beforeAll(async () => ({ database, close } = await openTestStore(kind)));
  afterAll(async () => close?.());

  const service = (model: ReturnType<typeof memoryModel> | null, jobs?: JobQueue) =>
    new MemoryService({ db: database.db, hasVector: database.hasVector, singleWriter: database.singleWriter, jobs, resolveModel: () => model });

  it('ADD: a new fact is stored with its source, without asking the model when nothing is similar', async () => {
    const userId = await createUser(database);
    const model = memoryModel({});
    const memories = service(model);
    const [outcome] = await memories.consolidator.consolidate(userId, [{ kind: 'fact', content: 'User has a dog named Rex' }], { model, source: { messageId: null, conversationId: null } });
    expect(outcome).toMatchObject({ action: 'add', memory: { content: 'User has a dog named Rex', status: 'active' } });
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("UPDATE: the model's merged fact replaces the old one, which is kept as history", async () => {
    const userId = await createUser(database);
    const model = memoryModel({ decide: (prompt) => (prompt.includes('m1: User lives in Lisbon') ? '{"action":"UPDATE","id":"m1","content":"User lives in Porto"}' : 'nope') });
    const memories = service(model);
    const old = await memories.store.add(userId, { kind: 'fact', content: 'User lives in Lisbon' });
    const [outcome] = await memories.consolidator.consolidate(userId, [{ kind: 'fact', content: 'User just moved to Porto' }], { model });
    expect(outcome).toMatchObject({ action: 'update', decidedBy: 'model', memory: { content: 'User lives in Porto', supersedesId: old.id }, replaced: { id: old.id } });
    expect((await memories.store.get(userId, old.id))?.status).toBe('superseded');
    const current = (await memories.list(userId)).map((m) => m.content);
    expect(current).toEqual(['User lives in Porto']);
    expect((await memories.get(userId, outcome.action === 'update' ? outcome.memory.id : ''))?.history.map((m) => m.content)).toEqual(['User lives in Lisbon']);
  });

  it('DELETE: a memory the model says is no longer true is retired, never retrieved again', async () => {
    const userId = await createUser(database);
    const model = memoryModel({ decide: () => '```json\n{"action": "delete", "id": "m1", "content": null}\n```' });
    const memories = service(model);
    const cat = await memories.store.add(userId, { kind: 'fact', content: 'User has a cat named Tom' });
    const [outcome] = await memories.consolidator.consolidate(userId, [{ kind: 'fact', content: 'User no longer has a cat named Tom' }], { model });
    expect(outcome).toMatchObject({ action: 'delete', decidedBy: 'model', deleted: { id: cat.id, status: 'deleted' } });
    expect(await memories.search(userId, 'cat Tom')).toEqual([]);
  });

  it('NONE: nothing is written when the model says it is known', async () => {
    const userId = await createUser(database);
    const model = memoryModel({ decide: () => 'Here you go: {"action":"NONE","id":"m1","content":null}' });
    const memories = service(model);
    await memories.store.add(userId, { kind: 'preference', content: 'User is vegetarian' });
    const [outcome] = await memories.consolidator.consolidate(userId, [{ kind: 'preference', content: 'User is vegetarian and eats no meat' }], { model });
    expect(outcome).toMatchObject({ action: 'none', decidedBy: 'model', existing: { content: 'User is vegetarian' } });
    expect(await memories.store.count(userId)).toBe(1);
  });

  it('falls back to the rules when the model answer is unusable or names a memory it was not shown', async () => {
    const userId = await createUser(database);
    const answers = ['I would update it.', '{"action":"UPDATE","id":"m7","content":"x"}'];
    const model = memoryModel({ decide: () => answers.shift() ?? '' });
    const memories = service(model);
    await memories.store.add(userId, { kind: 'fact', content: 'User lives in Lisbon' });
    await memories.store.add(userId, { kind: 'fact', content: 'User works at Acme' });
    const outcomes = await memories.consolidator.consolidate(userId, [
      { kind: 'fact', content: 'User moved to Porto' },
      { kind: 'fact', content: 'User works at Acme' },
    ], { model });
    expect(outcomes.map((o) => [o.action, o.decidedBy])).toEqual([['update', 'rules'], ['none', 'rules']]);
    expect((await memories.list(userId)).map((m) => m.content).sort()).toEqual(['User moved to Porto', 'User works at Acme']);
  });

  it('extracts after a turn through the durable job, within the token budget, and consolidates', async () => {
    const userId = await createUser(database);
    const long = `${'Some pasted log line that goes on. '.repeat(800)} Also, I live in Lisbon now.`;
    const turn = await createExchange(database, { userId, user: `I moved to Lisbon last month. ${long}`, assistant: 'Welcome to Lisbon!' });
    const model = memoryModel({ extract: () => '{"memories":[{"kind":"fact","content":"User lives in Lisbon"},{"kind":"bogus","content":"User\'s password is hunter2"}]}' });
    const jobs = new JobQueue({ db: database.db });
    const memories = service(model, jobs);
    memories.registerJobs(jobs);
    expect(await memories.afterTurn(userId, { ...turn, model: 'mock' })).toBe(true);
    expect(await jobs.drain()).toBe(1);
    const [stored] = await memories.list(userId);
    expect(stored).toMatchObject({ content: 'User lives in Lisbon', kind: 'fact', sourceMessageId: turn.userMessageId, sourceConversationId: turn.conversationId });
    expect(await memories.store.count(userId)).toBe(1); // the password never is
    const call = model.doGenerateCalls[0];
    expect(call.responseFormat).toMatchObject({ type: 'json', name: 'memories', schema: { type: 'object' } });
    const { countTokens } = await import('gpt-tokenizer/encoding/cl100k_base');
    const sent = JSON.stringify(call.prompt);
    expect(countTokens(sent)).toBeLessThan(2500); // 1200 tokens of exchange plus the instructions, never the 8k-token message
  });

  it('writes no memory from temporary chats, pasted documents, explicit commands, or with memory off', async () => {
    const userId = await createUser(database);
    const model = memoryModel({ extract: () => '{"memories":[{"kind":"fact","content":"User lives in Lisbon"}]}' });
    const jobs = new JobQueue({ db: database.db });
    const memories = service(model, jobs);
    memories.registerJobs(jobs);
    const turn = await createExchange(database, { userId, user: 'I live in Lisbon', assistant: 'Nice!' });
    expect(await memories.afterTurn(userId, { ...turn, model: 'mock', temporary: true })).toBe(false);
    expect(await memories.afterTurn(userId, { ...turn, model: 'mock', pastedDocument: true })).toBe(false);
    expect(await memories.runExtraction(userId, { ...turn, model: 'mock', temporary: true })).toEqual([]);
    const command = await createExchange(database, { userId, user: 'What do you know about me?', assistant: 'Nothing yet.' });
    expect(await memories.runExtraction(userId, { ...command, model: 'mock' })).toEqual([]);
    await memories.updateSettings(userId, { memoryEnabled: false });
    expect(await memories.afterTurn(userId, { ...turn, model: 'mock' })).toBe(false);
    expect(await memories.runExtraction(userId, { ...turn, model: 'mock' })).toEqual([]);
    expect(await jobs.drain()).toBe(0);
    expect(model.doGenerateCalls).toHaveLength(0);
    expect(await memories.store.count(userId)).toBe(0);
  });

  it('retries unusable extraction output a bounded number of times, with backoff', async () => {
    const userId = await createUser(database);
    const model = memoryModel({ extract: () => 'I think the user lives somewhere nice.' });
    const clock = { t: Date.now() };
    const jobs = new JobQueue({ db: database.db, now: () => clock.t, backoff: { baseMs: 1000, jitter: 0 } });
    const memories = service(model, jobs);
    memories.registerJobs(jobs);
    const turn = await createExchange(database, { userId, user: 'I live in Lisbon', assistant: 'Nice!' });
    await memories.afterTurn(userId, { ...turn, model: 'mock' });
    for (let i = 0; i < 5; i++) {
      await jobs.drain();
      clock.t += 10_000;
    }
    const [job] = await jobs.list(userId);
    expect(job).toMatchObject({ kind: 'memory.extract', status: 'failed', attempts: 3 });
    expect(job.lastError).toMatch(/unusable/);
    expect(model.doGenerateCalls).toHaveLength(3);
  });
});
