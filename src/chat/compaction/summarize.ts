import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { CompactionStep } from './compaction-plan.js';
import { summarizerPrompt } from './summarizer-prompt.js';
import { textTokens, truncateTokens } from './token-count.js';

/** Raised when the model answers a summarization with no text; the job retries it. */
export class EmptySummaryError extends Error {
  readonly code = 'empty_summary';
  readonly retryable = true;
  constructor(readonly model: string) {
    super(`The model ${model} wrote an empty summary.`);
    this.name = 'EmptySummaryError';
  }
}

/** One bounded summarization call: previous summary + the step's turns in, the new summary (and its tokens) out. */
export async function summarizeStep(model: LanguageModelV3, step: CompactionStep, options: { maxOutputTokens: number; signal?: AbortSignal }): Promise<{ content: string; tokens: number }> {
  const result = await model.doGenerate({
    prompt: summarizerPrompt({ previous: step.previous?.content ?? null, turns: step.turns, perTurnTokens: step.perTurnTokens }),
    maxOutputTokens: options.maxOutputTokens,
    temperature: 0,
    abortSignal: options.signal,
  });
  const text = result.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('').trim();
  if (!text) throw new EmptySummaryError(model.modelId);
  // A model that ignores maxOutputTokens must not grow the prompt past the bound either.
  const content = truncateTokens(text, options.maxOutputTokens);
  return { content, tokens: textTokens(content) };
}
