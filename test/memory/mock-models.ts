import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';

/** A doGenerate result with this text. */
export function textResult(text: string): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: { inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 10, text: 10, reasoning: undefined } },
    warnings: [],
  };
}

/** The prompt's text, all messages joined. */
export function promptText(options: LanguageModelV3CallOptions): string {
  return options.prompt
    .map((message) => (typeof message.content === 'string' ? message.content : message.content.map((part) => ('text' in part ? part.text : '')).join('')))
    .join('\n');
}

/**
 * A mock model that answers extraction calls (responseFormat name "memories") and consolidation
 * calls ("memory_decision") with the given functions of the prompt.
 */
export function memoryModel(answers: { extract?: (prompt: string) => string; decide?: (prompt: string) => string }): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    provider: 'mock',
    modelId: 'memory',
    doGenerate: async (options) => {
      const format = options.responseFormat;
      const name = format?.type === 'json' ? format.name : undefined;
      const prompt = promptText(options);
      if (name === 'memories') return textResult(answers.extract?.(prompt) ?? '{"memories": []}');
      if (name === 'memory_decision') return textResult(answers.decide?.(prompt) ?? 'no idea');
      throw new Error(`unexpected call ${String(name)}`);
    },
  });
}
