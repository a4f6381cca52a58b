import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { schema, type Database } from '../../src/db/index.js';
import { MemoryService, type Embedder } from '../../src/memory/index.js';
import { createExchange, createUser, openTestStore, testStores } from './support.js';

/** A deterministic bag-of-words embedder: enough to exercise the vector path end to end. */
const toyEmbedder: Embedder = {
  id: 'toy:bow-64',
  async embed(texts) {
    return texts.map((text) => {
      const v = new Array(64).fill(0);
      for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
        // "feline" and "cat" share a bucket: a synonym the full-text search cannot see.
        const w = word === 'feline' ? 'cat' : word;
        let h = 0;
        for (const ch of w) h = (h * 31 + ch.charCodeAt(0)) % 64;
        v[h] += 1;
      }
      return v;
    });
  },
};

describe.each(testStores)('MemoryService on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;
  let memories: MemoryService;

  beforeAll(async () => {
    ({ database, close } = await openTestStore(kind));
    memories = new MemoryService({ db: database.db, hasVector: database.hasVector, singleWriter: database.singleWriter });
  });
  afterAll(async () => close?.());

  const say = (userId: string, text: string, temporary = false) => memories.handleCommand(userId, text, { source: { messageId: null, conversationId: null }, temporary });

  it('remembers, updates, lists and forgets with explicit commands, no model needed', async () => {
    const userId = await createUser(database);
    expect((await say(userId, 'Remember that I live in Lisbon'))?.reply).toBe("Got it: I'll remember that you live in Lisbon.");
    expect((await say(userId, 'remember that I work at Acme'))?.reply).toBe("Got it: I'll remember that you work at Acme.");
    expect((await say(userId, 'remember I live in Lisbon'))?.reply).toBe('I already remember that you live in Lisbon.');
    const moved = await say(userId, 'Please remember that I moved to Porto.');
    expect(moved?.reply).toBe("Got it: I've updated my memory. I'll remember that you moved to Porto (instead of: you live in Lisbon).");
    expect(moved?.saved[0].supersedesId).toBe(moved?.removed[0].id);

    const list = await say(userId, 'What do you know about me?');
    expect(list?.reply).toBe("Here's what I know about you:\n- You work at Acme\n- You moved to Porto");

    const forgot = await say(userId, 'forget where I work');
    expect(forgot).toMatchObject({ handled: true, reply: "Done: I've forgotten that you work at Acme." });
    expect((await memories.list(userId)).map((m) => m.content)).toEqual(['User moved to Porto']);

    // Forgetting the old value scrubs the history row; the current fact stays.
    expect((await say(userId, 'forget that I lived in Lisbon'))?.reply).toBe("Done: I've forgotten that you live in Lisbon.");
    expect(await memories.list(userId, { status: 'all' })).toHaveLength(1);

    expect(await say(userId, 'forget my favourite band')).toMatchObject({ handled: false });
    expect(await say(userId, 'delete the memory about my favourite band')).toMatchObject({ handled: true, reply: expect.stringContaining("I don't have any memory") });
    expect((await say(userId, 'forget everything you know about me'))?.reply).toBe("Done: I've forgotten everything I knew about you (1 memory).");
    expect((await say(userId, 'what do you know about me'))?.reply).toMatch(/I don't know anything about you yet/);
    expect(await say(userId, 'What is the capital of France?')).toBeNull();
  });

  it('forgets every memory about a topic, and "no longer" retires a fact', async () => {
    const userId = await createUser(database);
    await say(userId, 'remember that I have a cat named Tom');
    await say(userId, "remember that my cat's vet is Dr. Smith");
    await say(userId, 'remember that I like jazz');
    const forgot = await say(userId, 'forget everything about my cat');
    expect(forgot?.removed.map((m) => m.content).sort()).toEqual(['User has a cat named Tom', "User's cat's vet is Dr. Smith"]);
    await say(userId, 'remember that I work at Initech');
    expect((await say(userId, 'remember that I no longer work at Initech'))?.reply).toBe("Got it: I've forgotten that you work at Initech.");
    expect((await memories.list(userId)).map((m) => m.content)).toEqual(['User likes jazz']);
  });

  it('does not read or write memory in a temporary chat, nor save with memory turned off', async () => {
    const userId = await createUser(database);
    expect((await say(userId, 'remember that I live in Oslo', true))?.reply).toMatch(/temporary chat/);
    await memories.updateSettings(userId, { memoryEnabled: false });
    expect((await say(userId, 'remember that I live in Oslo'))?.reply).toMatch(/Memory is turned off/);
    expect(await memories.store.count(userId)).toBe(0);
  });

  it('retrieves current facts over stale ones, never deleted ones, in a stable order under a budget', async () => {
    const userId = await createUser(database);
    await say(userId, 'remember that my favorite color is blue');
    await say(userId, 'remember that my favorite color is green');
    await say(userId, 'remember that I have a dog named Rex');
    await say(userId, 'remember that I prefer short answers');
    const cat = await memories.store.add(userId, { kind: 'fact', content: 'User has a cat named Tom' });
    await memories.store.retire(userId, cat.id);

    const hits = await memories.search(userId, "what's my favorite color?");
    expect(hits.map((m) => m.content)).toEqual(["User's favorite color is green"]);
    expect((await memories.search(userId, 'cat named Tom')).map((m) => m.content)).not.toContain('User has a cat named Tom');

    const recall = await memories.recallForTurn(userId, { query: 'Which color should I paint my room? Also my dog Rex' });
    // The preference rides along on every turn; order is by creation, not by score.
    expect(recall.memories.map((m) => m.content)).toEqual(["User's favorite color is green", 'User has a dog named Rex', 'User prefers short answers']);
    expect(recall.recall).toContain('## Facts about the user');
    const again = await memories.recallForTurn(userId, { query: 'my dog Rex and the color of my room' });
    expect(again.recall).toBe(recall.recall);

    const tight = new MemoryService({ db: database.db, hasVector: database.hasVector, singleWriter: database.singleWriter, budgets: { recallTokens: 12 } });
    expect((await tight.recallForTurn(userId, { query: 'favorite color dog' })).memories).toHaveLength(1);
  });

  it('searches past conversations (episodic), leaving out the current one and memory commands', async () => {
    const userId = await createUser(database);
    const trip = await createExchange(database, { userId, title: 'Japan trip', user: 'I am planning a trip to Kyoto in April, any temple tips?', assistant: 'Kyoto in April has cherry blossoms; visit Kiyomizu-dera early.' });
    await createExchange(database, { userId, title: 'Cooking', user: 'How long do I boil an egg?', assistant: 'About 7 minutes for a jammy egg.' });
    await createExchange(database, { userId, user: 'remember that I am going to Kyoto', assistant: "Got it: I'll remember that you are going to Kyoto." });

    const hits = await memories.searchMessages(userId, 'Kyoto temples', { k: 5 });
    expect(hits.map((h) => h.messageId).sort()).toEqual([trip.userMessageId, trip.assistantMessageId].sort());
    expect(hits[0]).toMatchObject({ conversationId: trip.conversationId, conversationTitle: 'Japan trip' });
    expect(hits[0].score).toBeGreaterThan(0);
    expect(await memories.searchMessages(userId, 'Kyoto', { excludeConversationId: trip.conversationId })).toEqual([]);

    const recall = await memories.recallForTurn(userId, { query: 'What should I see in Kyoto?' });
    expect(recall.episodes).toHaveLength(2);
    expect(recall.recall).toContain('## From past conversations');
    await memories.updateSettings(userId, { chatHistoryEnabled: false });
    expect((await memories.recallForTurn(userId, { query: 'What should I see in Kyoto?' })).episodes).toEqual([]);
    expect((await memories.recallForTurn(userId, { query: 'Kyoto', temporary: true })).episodes).toEqual([]);
  });

  it("isolates users: B never sees, finds, edits, forgets or exports A's memories or messages", async () => {
    const alice = await createUser(database, 'alice');
    const bob = await createUser(database, 'bob');
    await say(alice, 'remember that my pineapple password hint is zebra');
    await createExchange(database, { userId: alice, user: 'My secret pineapple project is called Zebra', assistant: 'Noted.' });
    const [secret] = await memories.list(alice);

    expect(await memories.list(bob)).toEqual([]);
    expect(await memories.get(bob, secret.id)).toBeNull();
    expect(await memories.search(bob, 'pineapple zebra')).toEqual([]);
    expect(await memories.searchMessages(bob, 'pineapple zebra')).toEqual([]);
    expect((await memories.recallForTurn(bob, { query: 'pineapple zebra' })).recall).toBeNull();
    expect(await memories.edit(bob, secret.id, { content: 'hacked' })).toBeNull();
    expect(await memories.remove(bob, secret.id)).toBe(false);
    expect((await say(bob, 'forget my pineapple password hint'))?.handled).toBe(false);
    expect((await say(bob, 'what do you know about me'))?.listed).toEqual([]);
    expect((await memories.export(bob)).memories).toEqual([]);
    await say(bob, 'forget everything');
    expect(await memories.list(alice)).toHaveLength(1);
    expect((await memories.get(alice, secret.id))?.memory.content).toContain('pineapple');
  });

  it('edits, removes and exports with history; settings hold custom instructions', async () => {
    const userId = await createUser(database);
    await say(userId, 'remember that I live in Lisbon');
    await say(userId, 'remember that I moved to Porto');
    const [current] = await memories.list(userId);
    const edited = await memories.edit(userId, current.id, { content: 'User lives in Porto, Portugal' });
    expect(edited?.content).toBe('User lives in Porto, Portugal');
    const exported = await memories.export(userId);
    expect(exported.memories.map((m) => [m.content, m.status])).toEqual([['User lives in Lisbon', 'superseded'], ['User lives in Porto, Portugal', 'active']]);
    expect(await memories.remove(userId, current.id)).toBe(true);
    expect(await memories.list(userId, { status: 'all' })).toEqual([]);

    const settings = await memories.updateSettings(userId, { aboutUser: 'I am a teacher.', responseStyle: 'Be brief.', styleRules: ['No emojis', ' No emojis ', 'Use metric units'] });
    expect(settings).toMatchObject({ memoryEnabled: true, aboutUser: 'I am a teacher.', styleRules: ['No emojis', 'Use metric units'] });
    await expect(memories.updateSettings(userId, { aboutUser: 'x'.repeat(5000) })).rejects.toThrow(/longer than/);
    const recall = await memories.recallForTurn(userId, { query: 'hello', temporary: true });
    expect(recall.instructions).toContain('Be brief.');
    expect(recall.recall).toBeNull();
  });

  it('learns "shorter" from long answers regenerated in three conversations, and a cue repeated across edits', async () => {
    const userId = await createUser(database);
    const long = 'word '.repeat(400);
    const regenerateIn = async () => {
      const { conversationId, userMessageId, assistantMessageId } = await createExchange(database, { userId, user: 'Explain monads', assistant: long, at: new Date(Date.now() - 60_000) });
      await database.db.insert(schema.messages).values({ id: randomUUID(), userId, conversationId, parentId: userMessageId, role: 'assistant', content: 'Shorter.', status: 'complete' });
      return assistantMessageId;
    };
    await regenerateIn();
    await regenerateIn();
    expect(await memories.learnFromRegenerations(userId)).toBeNull();
    await regenerateIn();
    expect((await memories.learnFromRegenerations(userId))?.styleRules).toEqual(['Keep answers short and to the point.']);

    // Edits: the same cue added to a re-asked question, twice.
    const editor = await createUser(database);
    for (const topic of ['tides', 'waves']) {
      const { conversationId } = await createExchange(database, { userId: editor, user: `Explain ${topic}`, assistant: long, at: new Date(Date.now() - 60_000) });
      await database.db.insert(schema.messages).values({ id: randomUUID(), userId: editor, conversationId, parentId: null, role: 'user', content: `Explain ${topic}, no emojis please`, status: 'complete' });
    }
    expect((await memories.learnFromEdits(editor))?.styleRules).toEqual(['Do not use emojis.']);
    // Neither touches another user's profile.
    expect((await memories.getSettings(await createUser(database))).styleRules).toEqual([]);
  });

  it('adds vector similarity when an embedding model is configured', async () => {
    const userId = await createUser(database);
    const withVectors = new MemoryService({ db: database.db, hasVector: database.hasVector, singleWriter: database.singleWriter, embedder: toyEmbedder });
    await withVectors.store.add(userId, { kind: 'fact', content: 'User has a cat named Tom' });
    await withVectors.store.add(userId, { kind: 'fact', content: 'User lives in Lisbon' });
    await createExchange(database, { userId, user: 'My cat keeps waking me up at 5am', assistant: 'Try feeding it later.' });
    expect(await withVectors.embedPending(userId)).toEqual({ memories: 2, messages: 2 });
    expect(await withVectors.embedPending(userId)).toEqual({ memories: 0, messages: 0 });
    // No word in common with "cat": only the vectors find it.
    const [hit] = await withVectors.search(userId, 'feline');
    expect(hit.content).toBe('User has a cat named Tom');
    const [episode] = await withVectors.searchMessages(userId, 'feline');
    expect(episode.text).toContain('My cat keeps waking me up');
    // Another user's vectors are never compared.
    const other = await createUser(database);
    expect(await withVectors.search(other, 'feline')).toEqual([]);
  });
});
