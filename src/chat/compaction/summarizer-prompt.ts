import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import type { ThreadMessage } from '../types.js';
import { truncateTokens } from './token-count.js';

/** Marks the summarizer's instructions (tests and logs recognise the call by it). */
export const SUMMARIZER_MARKER = 'You maintain the running summary of a conversation';

const INSTRUCTIONS = `${SUMMARIZER_MARKER} between a user and an assistant. Later turns will see only your summary, not the older messages, so nothing they may need can be lost.

Merge the previous summary (if any) and the new turns into one updated summary:
- Keep every fact, decision, name, number, date, quantity, code identifier (files, functions, variables, commands, URLs) and preference exactly as written.
- Keep open questions and unfinished tasks, and what the assistant promised or recommended.
- Drop greetings, filler and repetition; when a later turn corrects an earlier one, keep only the correction.
- Write short bullet points in the language of the conversation, in the third person ("The user…", "The assistant…").
- Add nothing that was not said. Output only the summary.`;

/** The summarizer's prompt: instructions, then the previous summary and the new turns as one document. */
export function summarizerPrompt(input: { previous: string | null; turns: ThreadMessage[]; perTurnTokens: number }): LanguageModelV3Prompt {
  const transcript = input.turns
    .map((msg) => `${msg.role === 'user' ? 'User' : 'Assistant'}: ${truncateTokens(msg.content, input.perTurnTokens)}`)
    .join('\n\n');
  const text = `Previous summary:\n${input.previous ?? '(none yet)'}\n\nNew turns:\n${transcript}\n\nWrite the updated summary.`;
  return [
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: [{ type: 'text', text }] },
  ];
}
