import { describe, expect, it } from 'vitest';
import { applyStop, shapeCompletion } from './completion.js';
import { parseDirectives } from './directives.js';
import { echoResponder, loremWords, MARKDOWN_SAMPLE } from './responder.js';
import { countTokens, tokenize } from './tokenizer.js';
import type { ChatRequest } from './types.js';

const chat = (content: ChatRequest['messages'][number]['content'], extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'fake-model',
  messages: [
    { role: 'system', content: 'You are helpful.' },
    { role: 'user', content },
  ],
  ...extra,
});

describe('tokenize', () => {
  it('splits into word-ish chunks that join back to the text', () => {
    expect(tokenize('Hello world')).toEqual(['Hello', ' world']);
    const text = ' a  b\n\nc ';
    expect(tokenize(text).join('')).toBe(text);
    expect(countTokens(text)).toBe(tokenize(text).length);
    expect(tokenize('')).toEqual([]);
  });
});

describe('parseDirectives', () => {
  it('takes known directives out of the text and keeps unknown ones', () => {
    const { text, directives } = parseDirectives('Hi [[words:5]] there [[delay:10]] [[nope:1]] [[stall]]');
    expect(text).toBe('Hi there [[nope:1]]');
    expect(directives).toMatchObject({ words: 5, delayMs: 10, stall: true });
  });

  it('parses tool calls with JSON arguments, several in order', () => {
    const { directives } = parseDirectives('[[tool:get_weather {"city":"Paris","days":[1,2]}]] [[tool:now]]');
    expect(directives.tools).toEqual([
      { name: 'get_weather', arguments: '{"city":"Paris","days":[1,2]}' },
      { name: 'now', arguments: '{}' },
    ]);
  });

  it('ignores invalid values', () => {
    const { text, directives } = parseDirectives('[[error:200]] [[words:x]]');
    expect(text).toBe('[[error:200]] [[words:x]]');
    expect(directives.errorStatus).toBeUndefined();
  });
});

describe('echoResponder', () => {
  it('echoes the last user text, from a string or content parts', () => {
    expect(echoResponder(chat('Hello there'))).toBe('You said: Hello there');
    expect(echoResponder(chat([{ type: 'text', text: 'Hi ' }, { type: 'image_url' }, { type: 'text', text: 'you' }]))).toBe('You said: Hi you');
  });

  it('answers lorem words, markdown, tool calls, reasoning and the provider name on request', () => {
    expect(echoResponder(chat('[[words:4]]'))).toBe(loremWords(4));
    expect(tokenize(loremWords(100))).toHaveLength(100);
    expect(echoResponder(chat('[[markdown]]'))).toBe(MARKDOWN_SAMPLE);
    expect(echoResponder(chat('x [[tool:add {"a":1}]]'))).toEqual({ toolCalls: [{ name: 'add', arguments: '{"a":1}' }], reasoning: undefined });
    expect(echoResponder(chat('x [[reasoning:2]]'))).toEqual({ text: 'You said: x', reasoning: loremWords(2) });
    expect(echoResponder(chat('x [[provider]]'), { name: 'p1' })).toBe('[p1] You said: x');
  });

  it('answers a tool result with text, so tool loops end', () => {
    const req = chat('[[tool:add {}]]');
    req.messages.push({ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'add', arguments: '{}' } }] });
    req.messages.push({ role: 'tool', tool_call_id: 'c1', content: '42' });
    expect(echoResponder(req)).toBe('Tool result: 42');
  });
});

describe('shapeCompletion', () => {
  it('truncates at max_tokens with finish_reason length, one chunk per token', () => {
    const c = shapeCompletion(chat('x', { max_tokens: 2 }), 'one two three', () => 'id');
    expect(c.textChunks).toEqual(['one', ' two']);
    expect(c.finishReason).toBe('length');
    expect(c.usage).toMatchObject({ completion_tokens: 2, prompt_tokens: 4, total_tokens: 6 });
  });

  it('honours stop sequences', () => {
    expect(applyStop('one two three', ['zzz', ' three', 'two'])).toBe('one ');
    expect(shapeCompletion(chat('x', { stop: 'two' }), 'one two', () => 'id').textChunks).toEqual(['one', ' ']);
  });

  it('finishes with tool_calls when the answer has tool calls', () => {
    const c = shapeCompletion(chat('x'), { toolCalls: [{ name: 'f', arguments: '{}' }] }, (i) => `call_${i}`);
    expect(c.finishReason).toBe('tool_calls');
    expect(c.toolCalls).toEqual([{ id: 'call_0', type: 'function', function: { name: 'f', arguments: '{}' } }]);
  });
});
