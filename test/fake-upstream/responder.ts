import { parseDirectives } from './directives.js';
import { lastUserText, messageText } from './messages.js';
import type { ChatRequest, ResponderContext, ResponderResult } from './types.js';

const LOREM = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore ' +
  'magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat'
).split(' ');

/**
 * N deterministic lorem words separated by single spaces, so `tokenize` gives exactly N chunks.
 * @example loremWords(3) // 'lorem elit labore'
 */
export function loremWords(n: number): string {
  const words: string[] = new Array(Math.max(0, n));
  // A stride coprime with the list length (34) visits every word before repeating, and reads less like a loop.
  for (let i = 0; i < words.length; i++) words[i] = LOREM[(i * 7) % LOREM.length];
  return words.join(' ');
}

/** The `[[markdown]]` answer: heading, list, table, a ts code block, and HTML the UI must sanitise. */
export const MARKDOWN_SAMPLE = [
  '# Markdown sample',
  '',
  'Some **bold**, *italic* and `inline code`.',
  '',
  '- first item',
  '- second item',
  '  - nested item',
  '',
  '| name | value |',
  '| --- | --- |',
  '| alpha | 1 |',
  '| beta | 2 |',
  '',
  '```ts',
  'export function add(a: number, b: number): number {',
  '  return a + b;',
  '}',
  '```',
  '',
  '<script>alert(1)</script>',
  '',
  '<img src=x onerror=alert(1)>',
].join('\n');

/**
 * The default responder: answers `You said: T` to the last user message T, after taking out its `[[...]]`
 * directives (`words`, `markdown`, `tool`, `reasoning`, `provider` shape the answer; the fault ones are applied by
 * the server). After a tool result it answers `Tool result: <content>`, so tool loops end. A system prompt
 * asking to start with `<think>` gets a short thought in those tags before the answer.
 */
export function echoResponder(req: ChatRequest, ctx: ResponderContext = { name: 'fake' }): ResponderResult {
  const last = req.messages[req.messages.length - 1];
  if (last?.role === 'tool') return `Tool result: ${messageText(last.content)}`;
  const { text, directives } = parseDirectives(lastUserText(req));
  let answer = directives.markdown
    ? MARKDOWN_SAMPLE
    : directives.words !== undefined
      ? loremWords(directives.words)
      : `You said: ${text}`;
  if (directives.provider) answer = `[${ctx.name}] ${answer}`;
  // Like an obedient model, a system prompt asking for <think> gets its working in the tags first.
  if (req.messages.some((m) => m.role === 'system' && messageText(m.content).includes('Start your reply with <think>'))) {
    answer = `<think>Plan: read the question. Check: the answer repeats it.</think>\n\n${answer}`;
  }
  const reasoning = directives.reasoningWords ? loremWords(directives.reasoningWords) : undefined;
  if (directives.tools.length > 0) return { toolCalls: directives.tools, reasoning };
  return reasoning ? { text: answer, reasoning } : answer;
}
