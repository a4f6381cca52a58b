import { describe, expect, it } from 'vitest';
import { promptToChatHistory } from './prompt-to-chat-history.js';

describe('promptToChatHistory', () => {
  it('maps roles and merges consecutive messages of one role', () => {
    const result = promptToChatHistory([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Use metric units.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'text', text: 'there' }] },
      { role: 'user', content: [{ type: 'text', text: 'Anyone?' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'hidden' }, { type: 'text', text: 'Hello!' }] },
      { role: 'user', content: [{ type: 'text', text: 'Bye' }] },
    ]);
    expect(result.history).toEqual([
      { type: 'system', text: 'Be brief.\n\nUse metric units.' },
      { type: 'user', text: 'Hi\nthere\n\nAnyone?' },
      { type: 'model', response: ['Hello!'] },
      { type: 'user', text: 'Bye' },
    ]);
    expect(result.continuesAssistant).toBe(false);
    expect(result.warnings).toEqual([]);
  });

  it('marks a trailing assistant message as a prefix to continue', () => {
    const result = promptToChatHistory([
      { role: 'user', content: [{ type: 'text', text: 'Count' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'One, two, ' }] },
    ]);
    expect(result.history.at(-1)).toEqual({ type: 'model', response: ['One, two, '] });
    expect(result.continuesAssistant).toBe(true);
  });

  it('renders tool calls and results as text, since the engine has no tools', () => {
    const result = promptToChatHistory([
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: '1', toolName: 'weather', input: { city: 'Oslo' } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: '1', toolName: 'weather', output: { type: 'json', value: { c: 3 } } }] },
    ]);
    expect(result.history.slice(1)).toEqual([
      { type: 'model', response: ['[called tool weather with {"city":"Oslo"}]'] },
      { type: 'user', text: 'Result of tool weather: {"c":3}' },
    ]);
    expect(result.continuesAssistant).toBe(false);
  });

  it('inlines text files and warns once about other files', () => {
    const result = promptToChatHistory([
      {
        role: 'user',
        content: [
          { type: 'file', mediaType: 'text/plain', filename: 'notes.txt', data: Buffer.from('remember milk').toString('base64') },
          { type: 'file', mediaType: 'image/png', data: new Uint8Array([1, 2]) },
          { type: 'file', mediaType: 'image/png', data: new Uint8Array([3]) },
        ],
      },
    ]);
    expect(result.history).toEqual([{ type: 'user', text: 'notes.txt:\nremember milk' }]);
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'file parts (image/png)' })]);
  });

  it('keeps a user turn that lost all its content, so the previous answer is not continued', () => {
    const result = promptToChatHistory([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
      { role: 'user', content: [{ type: 'file', mediaType: 'image/png', data: new Uint8Array([1]) }] },
    ]);
    expect(result.history.at(-1)).toEqual({ type: 'user', text: '' });
    expect(result.continuesAssistant).toBe(false);
  });
});
