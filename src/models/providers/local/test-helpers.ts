import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanguageModelV3CallOptions, LanguageModelV3Prompt, LanguageModelV3StreamPart } from '@ai-sdk/provider';

/** The tiny random-weights LLaMA fixture shared by the local engine tests (CI keeps shared/ beside the clone). */
export const FIXTURE_MODEL = path.resolve(fileURLToPath(new URL('../../../..', import.meta.url)), '../shared/fixtures/llama-2-tiny-random.gguf');

/** Reads a whole stream of parts. */
export async function readParts(stream: ReadableStream<LanguageModelV3StreamPart>): Promise<LanguageModelV3StreamPart[]> {
  const parts: LanguageModelV3StreamPart[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
  return parts;
}

/** Concatenated text deltas. */
export function textOf(parts: LanguageModelV3StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}

/** The finish part; fails the test when missing. */
export function finishOf(parts: LanguageModelV3StreamPart[]): Extract<LanguageModelV3StreamPart, { type: 'finish' }> {
  const finish = parts.find((part) => part.type === 'finish');
  if (finish?.type !== 'finish') throw new Error(`no finish part in ${JSON.stringify(parts.map((part) => part.type))}`);
  return finish;
}

/** A user turn as a V3 prompt. */
export function userPrompt(text: string): LanguageModelV3Prompt {
  return [{ role: 'user', content: [{ type: 'text', text }] }];
}

/** Greedy, short, deterministic call options for the gibberish fixture. */
export function greedy(prompt: LanguageModelV3Prompt, extra: Partial<LanguageModelV3CallOptions> = {}): LanguageModelV3CallOptions {
  return { prompt, temperature: 0, maxOutputTokens: 12, ...extra };
}
