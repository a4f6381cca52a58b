import type {
  LanguageModelV3FilePart,
  LanguageModelV3Prompt,
  LanguageModelV3ToolResultOutput,
  SharedV3Warning,
} from '@ai-sdk/provider';
import type { ChatHistoryItem } from 'node-llama-cpp';

/** A V3 prompt in node-llama-cpp's terms. */
export interface ConvertedPrompt {
  history: ChatHistoryItem[];
  /** The prompt ends with an assistant message: generation continues that text instead of starting a new reply. */
  continuesAssistant: boolean;
  warnings: SharedV3Warning[];
}

/**
 * Converts a V3 prompt to node-llama-cpp chat history. Consecutive messages of one role are merged
 * (chat templates expect alternation); tool calls and results become plain text because the local
 * engine does not offer tools, yet a conversation may carry them from another provider.
 */
export function promptToChatHistory(prompt: LanguageModelV3Prompt): ConvertedPrompt {
  const history: ChatHistoryItem[] = [];
  const warnings: SharedV3Warning[] = [];
  const warnOnce = (warning: SharedV3Warning): void => {
    if (!warnings.some((w) => JSON.stringify(w) === JSON.stringify(warning))) warnings.push(warning);
  };

  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        appendText(history, 'system', message.content);
        break;
      case 'user': {
        const texts = message.content.map((part) => (part.type === 'text' ? part.text : fileText(part, warnOnce)));
        appendText(history, 'user', joinTexts(texts));
        break;
      }
      case 'assistant': {
        const texts = message.content.map((part) => {
          switch (part.type) {
            case 'text':
              return part.text;
            case 'reasoning':
              // Earlier reasoning is dropped, as chat templates for reasoning models do themselves.
              return '';
            case 'file':
              return fileText(part, warnOnce);
            case 'tool-call':
              return `[called tool ${part.toolName} with ${JSON.stringify(part.input)}]`;
            case 'tool-result':
              return `[tool ${part.toolName} returned ${toolOutputText(part.output)}]`;
          }
        });
        appendModel(history, texts.join(''));
        break;
      }
      case 'tool': {
        const texts = message.content.map((part) =>
          part.type === 'tool-result' ? `Result of tool ${part.toolName}: ${toolOutputText(part.output)}` : '',
        );
        appendText(history, 'user', joinTexts(texts));
        break;
      }
    }
  }

  const last = prompt.at(-1);
  const lastItem = history.at(-1);
  const continuesAssistant = last?.role === 'assistant' && lastItem?.type === 'model' && lastItem.response.join('') !== '';
  return { history, continuesAssistant, warnings };
}

function appendText(history: ChatHistoryItem[], type: 'system' | 'user', text: string): void {
  const last = history.at(-1);
  if (last?.type === type && typeof last.text === 'string') {
    if (text !== '') last.text = last.text === '' ? text : `${last.text}\n\n${text}`;
    return;
  }
  if (type === 'system') {
    if (text !== '') history.push({ type: 'system', text });
    return;
  }
  // Kept even when empty (an image-only message): otherwise a preceding answer would look like a prefix to continue.
  history.push({ type: 'user', text });
}

function appendModel(history: ChatHistoryItem[], text: string): void {
  const last = history.at(-1);
  if (last?.type === 'model') {
    if (text !== '') last.response.push(text);
    return;
  }
  // An empty assistant message still marks a turn boundary for the template, so it is kept.
  history.push({ type: 'model', response: text === '' ? [] : [text] });
}

function joinTexts(texts: string[]): string {
  return texts.filter((text) => text !== '').join('\n');
}

function fileText(part: LanguageModelV3FilePart, warn: (warning: SharedV3Warning) => void): string {
  // Text files can be inlined; images and other binaries need a multimodal projector this engine does not load.
  if (part.mediaType.startsWith('text/') && !(part.data instanceof URL)) {
    const text = typeof part.data === 'string' ? Buffer.from(part.data, 'base64').toString('utf8') : Buffer.from(part.data).toString('utf8');
    return part.filename ? `${part.filename}:\n${text}` : text;
  }
  warn({ type: 'unsupported', feature: `file parts (${part.mediaType})`, details: 'the local engine reads text only; the file was left out' });
  return '';
}

function toolOutputText(output: LanguageModelV3ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return `execution denied${output.reason ? `: ${output.reason}` : ''}`;
    case 'content':
      return output.value.map((item) => (item.type === 'text' ? item.text : `[${item.type}]`)).join('\n');
  }
}
