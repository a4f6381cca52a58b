import type { ChatMessage, ChatRequest } from './types.js';

/** The text of a message's content, whether a string or an array of parts (non-text parts are skipped). */
export function messageText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (part && part.type === 'text' && typeof part.text === 'string') text += part.text;
  return text;
}

/** The text of the last user message, or '' when there is none. */
export function lastUserText(req: ChatRequest): string {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    if (req.messages[i]?.role === 'user') return messageText(req.messages[i].content);
  }
  return '';
}
