import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.js';
import { MemoryRetriever, MemoryService } from '../../src/memory/index.js';
import { createExchange, createUser, openTestStore, testStores } from './support.js';

describe.each(testStores)('retrieval ranking on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;
  let memories: MemoryService;

  beforeAll(async () => {
    ({ database, close } = await openTestStore(kind));
    memories = new MemoryService({ db: database.db, hasVector: database.hasVector, singleWriter: database.singleWriter });
  });
  afterAll(async () => close?.());

  const say = (userId: string, text: string) => memories.handleCommand(userId, text, { source: { messageId: null, conversationId: null } });
  const top = async (userId: string, query: string) => (await memories.search(userId, query, { k: 3 })).map((m) => m.content);

  it('finds a fact for a question worded differently from it', async () => {
    const userId = await createUser(database);
    for (const fact of ['I work as a nurse', 'I work at Globex', 'I live in Porto', 'I am married to Ana', 'I have a dog named Rex', 'I like jazz', 'I am allergic to peanuts']) {
      await say(userId, `Remember that ${fact}`);
    }
    expect((await top(userId, 'What do I do for a living?'))[0]).toBe('User works as a nurse');
    expect((await top(userId, 'Which company employs me?'))[0]).toBe('User works at Globex');
    expect((await top(userId, "Where's home for me these days?"))[0]).toBe('User lives in Porto');
    expect((await top(userId, "Who's my spouse?"))[0]).toBe('User is married to Ana');
    expect((await top(userId, "What's my pet called?"))[0]).toBe('User has a dog named Rex');
    expect((await top(userId, 'Do I have any food allergies?'))[0]).toBe('User is allergic to peanuts');
  });

  it('forgets the job without the employer, and retires a diet that is no longer true', async () => {
    const userId = await createUser(database);
    await say(userId, 'Remember that I work as a pharmacist');
    await say(userId, 'Remember that I work at Stark Logistics');
    await say(userId, 'Remember that I am vegetarian');
    expect((await say(userId, 'Forget my job'))?.removed.map((m) => m.content)).toEqual(['User works as a pharmacist']);
    expect((await say(userId, 'Remember that I am no longer vegetarian'))?.removed.map((m) => m.content)).toEqual(['User is vegetarian']);
    expect((await memories.list(userId)).map((m) => m.content)).toEqual(['User works at Stark Logistics']);
    expect(await top(userId, 'What diet am I on?')).toEqual([]);
  });

  it('does not show a conversation title that is a memory command in past-conversation excerpts', async () => {
    const userId = await createUser(database);
    const first = await createExchange(database, { userId, title: 'Remember that I work at Globex', user: 'Remember that I work at Globex', assistant: "Got it: I'll remember that you work at Globex." });
    await createExchange(database, { userId, conversationId: first.conversationId, user: 'Ideas for the office holiday party?', assistant: 'A potluck, a quiz and a playlist everyone adds to.' });
    await createExchange(database, { userId, title: 'Party games', user: 'Which party games work for twenty people?', assistant: 'Charades, a quiz, and two truths and a lie.' });
    const hits = await memories.searchMessages(userId, 'party ideas');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.conversationTitle).sort()).toEqual(expect.arrayContaining(['', 'Party games']));
    expect(hits.some((h) => h.conversationTitle.includes('Globex'))).toBe(false);
  });

  it('ranks an old memory with the question word above newer ones with only a related word', async () => {
    const userId = await createUser(database);
    const day = 86_400_000;
    await memories.store.add(userId, { kind: 'fact', content: 'User works as a nurse', at: new Date(Date.now() - 400 * day) });
    for (let i = 0; i < 6; i++) await memories.store.add(userId, { kind: 'fact', content: `User's colleague ${i} is moving offices`, at: new Date(Date.now() - i * day) });
    const retriever = new MemoryRetriever({ db: database.db, hasVector: database.hasVector });
    const found = await retriever.searchMemories(userId, 'What is my job?', { k: 3 });
    expect(found[0].content).toBe('User works as a nurse');
  });
});
