import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types';
import { charCount, memorySource, normalizeRules, parseUpload, rulesProblem, summarizeImport, usedMemoriesLabel, usedMemoriesOf } from './memory-view';

function answer(metadata: unknown): Message {
  return {
    id: 'a1',
    conversationId: 'c1',
    parentId: 'u1',
    role: 'assistant',
    content: 'Hi',
    status: 'complete',
    model: null,
    error: null,
    usage: null,
    metadata: metadata as Message['metadata'],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

describe('memories used by an answer', () => {
  it('reads metadata.memories defensively: bad entries and duplicates are dropped, unknown kinds become facts', () => {
    const message = answer({
      memories: [
        { id: 'm1', kind: 'preference', content: 'Likes tea' },
        { id: 'm1', kind: 'preference', content: 'Likes tea' },
        { id: 'm2', kind: 'weird', content: 'Lives in Oslo' },
        { id: 3, content: 'no id' },
        null,
        'text',
        { id: 'm4', kind: 'goal' },
      ],
    });
    expect(usedMemoriesOf(message)).toEqual([
      { id: 'm1', kind: 'preference', content: 'Likes tea' },
      { id: 'm2', kind: 'fact', content: 'Lives in Oslo' },
    ]);
    expect(usedMemoriesOf(answer(null))).toEqual([]);
    expect(usedMemoriesOf(answer({ memories: 'm1' }))).toEqual([]);
  });

  it('says how many, in words', () => {
    expect(usedMemoriesLabel(1)).toBe('Used 1 memory');
    expect(usedMemoriesLabel(3)).toBe('Used 3 memories');
  });
});

describe('where a memory came from', () => {
  it('links to the message when both ids are known, to the conversation with only its id, and says so with neither', () => {
    expect(memorySource({ sourceConversationId: 'c1', sourceMessageId: 'm1' })).toEqual({ type: 'message', conversationId: 'c1', messageId: 'm1' });
    expect(memorySource({ sourceConversationId: 'c1', sourceMessageId: null })).toEqual({ type: 'conversation', conversationId: 'c1' });
    expect(memorySource({ sourceConversationId: null, sourceMessageId: null })).toEqual({ type: 'none' });
  });
});

describe('limits shown next to fields', () => {
  it('counts characters (not UTF-16 units) and flags near and over', () => {
    expect(charCount('héllo 👋', 10)).toEqual({ label: '7 / 10', over: false, near: false });
    expect(charCount('x'.repeat(1400), 1500)).toMatchObject({ label: '1,400 / 1,500', near: true, over: false });
    expect(charCount('x'.repeat(1501), 1500)).toMatchObject({ over: true });
  });

  it('cleans style rules like the server and explains what is too long', () => {
    expect(normalizeRules(['  Be  brief ', '', 'Be brief', 'No emojis'])).toEqual(['Be brief', 'No emojis']);
    expect(rulesProblem(['ok'])).toBeNull();
    expect(rulesProblem(Array.from({ length: 13 }, (_, i) => `rule ${i}`))).toMatch(/12 rules/);
    expect(rulesProblem(['x'.repeat(201)])).toMatch(/200 characters/);
  });
});

describe('import results', () => {
  it('sums up what came in, what was skipped, and what failed, in sentences', () => {
    const summary = summarizeImport({
      source: 'chatgpt',
      imported: [
        { sourceId: 'a', conversationId: 'c1', title: 'Kyoto trip', messages: 5 },
        { sourceId: 'b', conversationId: 'c2', title: 'Cooking', messages: 1 },
      ],
      skipped: [
        { sourceId: 'd', title: 'Old', reason: 'already_imported' },
        { sourceId: 'e', title: '', reason: 'empty' },
      ],
      failed: [{ sourceId: 'f', title: '', error: 'no messages' }],
      invalid: [{ index: 4, title: 'Broken', error: 'mapping missing' }],
    });
    expect(summary.headline).toBe('Imported 2 conversations (6 messages) from ChatGPT.');
    expect(summary.details).toEqual(['1 conversation already imported, skipped.', '1 empty conversation skipped.']);
    expect(summary.problems).toEqual(['“Untitled” could not be imported: no messages', 'Entry 5 (“Broken”) is not a valid conversation: mapping missing']);
  });

  it('copes with a sparse answer', () => {
    expect(summarizeImport({})).toEqual({ headline: 'No new conversations imported.', details: [], problems: [] });
    expect(summarizeImport({ source: 'redline', imported: [], memories: 3 }).details).toEqual(['3 memories added.']);
  });

  it('explains an upload that is not JSON', () => {
    expect(parseUpload('c.json', '[1]')).toEqual({ json: [1], error: null });
    expect(parseUpload('chat.html', '<html>').error).toMatch(/chat\.html is not a JSON file.*conversations\.json/);
    expect(parseUpload('c.json', '  ').error).toBe('c.json is empty.');
  });
});
