import type { LanguageModelV3Content, LanguageModelV3FinishReason, LanguageModelV3StreamPart, LanguageModelV3Usage, SharedV3ProviderMetadata } from '@ai-sdk/provider';
import type { CachedAnswer, CacheKind } from './types.js';

type Part = LanguageModelV3StreamPart;

/** Splits text into deltas of about `size` characters at word boundaries, so a replay streams like a model. */
export function chunkText(text: string, size = 24): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const space = text.indexOf(' ', end);
      end = space === -1 ? text.length : space + 1;
    }
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

const cacheMetadata = (kind: CacheKind): SharedV3ProviderMetadata => ({ redline: { cache: 'hit', cacheKind: kind } });

/** A stored answer as a model stream: stream-start, reasoning and text deltas, finish with the stored usage. */
export function replayStream(answer: CachedAnswer, kind: CacheKind): ReadableStream<Part> {
  const parts = replayParts(answer, kind);
  let index = 0;
  // Pulled one part at a time: a client that goes away stops the replay like it stops a model.
  return new ReadableStream<Part>({
    pull(controller) {
      if (index < parts.length) controller.enqueue(parts[index++]);
      else controller.close();
    },
  });
}

/** The parts `replayStream` streams, all at once. */
export function replayParts(answer: CachedAnswer, kind: CacheKind): Part[] {
  const parts: Part[] = [{ type: 'stream-start', warnings: [] }];
  if (answer.reasoning) {
    parts.push({ type: 'reasoning-start', id: 'r0' });
    for (const delta of chunkText(answer.reasoning)) parts.push({ type: 'reasoning-delta', id: 'r0', delta });
    parts.push({ type: 'reasoning-end', id: 'r0' });
  }
  parts.push({ type: 'text-start', id: 't0' });
  for (const delta of chunkText(answer.text)) parts.push({ type: 'text-delta', id: 't0', delta });
  parts.push({ type: 'text-end', id: 't0' });
  parts.push({ type: 'finish', finishReason: answer.finishReason, usage: answer.usage, providerMetadata: cacheMetadata(kind) });
  return parts;
}

/** A stored answer as doGenerate content. */
export function replayContent(answer: CachedAnswer): LanguageModelV3Content[] {
  const content: LanguageModelV3Content[] = [];
  if (answer.reasoning) content.push({ type: 'reasoning', text: answer.reasoning });
  content.push({ type: 'text', text: answer.text });
  return content;
}

/**
 * Builds an answer from a generate result; null when it cannot be replayed faithfully
 * (tool calls, files, sources) or did not end normally.
 */
export function answerFromContent(input: { content: LanguageModelV3Content[]; finishReason: LanguageModelV3FinishReason; usage: LanguageModelV3Usage }): CachedAnswer | null {
  if (input.finishReason.unified !== 'stop') return null;
  let text = '';
  let reasoning = '';
  for (const part of input.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else return null;
  }
  return text ? { text, reasoning, finishReason: input.finishReason, usage: input.usage } : null;
}

/**
 * Watches a live stream and, when it ends with a normal stop and nothing unreplayable, hands the whole
 * answer to `onComplete`. Errors, aborts, cancels, tool calls and "length" finishes store nothing.
 */
export function recordStream(source: ReadableStream<Part>, onComplete: (answer: CachedAnswer) => void): ReadableStream<Part> {
  let text = '';
  let reasoning = '';
  let replayable = true;
  let finish: { finishReason: LanguageModelV3FinishReason; usage: LanguageModelV3Usage } | null = null;
  return source.pipeThrough(
    new TransformStream<Part, Part>({
      transform(part, controller) {
        switch (part.type) {
          case 'text-delta':
            text += part.delta;
            break;
          case 'reasoning-delta':
            reasoning += part.delta;
            break;
          case 'finish':
            finish = { finishReason: part.finishReason, usage: part.usage };
            break;
          case 'error':
          case 'tool-input-start':
          case 'tool-input-delta':
          case 'tool-input-end':
          case 'tool-call':
          case 'tool-result':
          case 'tool-approval-request':
          case 'file':
          case 'source':
            replayable = false;
            break;
          case 'stream-start':
          case 'response-metadata':
          case 'text-start':
          case 'text-end':
          case 'reasoning-start':
          case 'reasoning-end':
          case 'raw':
            break;
        }
        controller.enqueue(part);
      },
      flush() {
        const done = finish as { finishReason: LanguageModelV3FinishReason; usage: LanguageModelV3Usage } | null;
        if (replayable && done && done.finishReason.unified === 'stop' && text) onComplete({ text, reasoning, ...done });
      },
    }),
  );
}
