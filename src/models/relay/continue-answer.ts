import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { TextSplicer, withAssistantPrefix } from '../resilience/index.js';

/**
 * Continues an answer that broke after `sent` on `model` (the full resilient path, so the
 * continuation has its own fallback, retries and breakers): the request again with the partial answer
 * as the assistant's prefix, and only the new text out, spliced so nothing is repeated or lost.
 */
export async function continueAnswer(model: LanguageModelV3, callOptions: LanguageModelV3CallOptions, sent: string): Promise<ReadableStream<LanguageModelV3StreamPart>> {
  const splicer = new TextSplicer(sent);
  const prompt = splicer.prefix ? withAssistantPrefix(callOptions.prompt, splicer.prefix) : callOptions.prompt;
  const { stream } = await model.doStream({ ...callOptions, prompt });
  const reader = stream.getReader();
  let textId = 'continuation';
  return new ReadableStream<LanguageModelV3StreamPart>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          const rest = splicer.flush();
          if (rest) controller.enqueue({ type: 'text-delta', id: textId, delta: rest });
          return controller.close();
        }
        if (value.type === 'text-delta') {
          textId = value.id;
          const text = splicer.push(value.delta);
          if (!text) continue;
          controller.enqueue({ ...value, delta: text });
          return;
        }
        if (value.type === 'finish' || value.type === 'text-end') {
          const rest = splicer.flush();
          if (rest) controller.enqueue({ type: 'text-delta', id: textId, delta: rest });
        }
        controller.enqueue(value);
        return;
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
