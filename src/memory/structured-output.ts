import type { JSONSchema7, LanguageModelV3 } from '@ai-sdk/provider';
import type { z } from 'zod';

export interface StructuredRequest<T> {
  system: string;
  prompt: string;
  /** Sent as `responseFormat.schema`; providers that support it constrain the output to it. */
  schema: JSONSchema7;
  name: string;
  /** What is accepted back: lenient where the model may differ harmlessly. */
  parse: z.ZodType<T>;
  maxOutputTokens: number;
  signal?: AbortSignal;
}

export type StructuredResult<T> = { ok: true; value: T } | { ok: false; reason: string; text: string };

/**
 * One JSON-schema structured call (`doGenerate` with `responseFormat: { type: 'json', schema }`),
 * parsed defensively: code fences and prose around the JSON are tolerated, the shape is checked with
 * zod. A failed call throws (the job retries); unusable output comes back as `{ ok: false }`.
 */
export async function generateStructured<T>(model: LanguageModelV3, request: StructuredRequest<T>): Promise<StructuredResult<T>> {
  const result = await model.doGenerate({
    prompt: [
      { role: 'system', content: request.system },
      { role: 'user', content: [{ type: 'text', text: request.prompt }] },
    ],
    responseFormat: { type: 'json', schema: request.schema, name: request.name },
    maxOutputTokens: request.maxOutputTokens,
    temperature: 0,
    abortSignal: request.signal,
  });
  const text = result.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  const json = parseLooseJson(text);
  if (json === undefined) return { ok: false, reason: 'not JSON', text };
  const parsed = request.parse.safeParse(json);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '), text };
  return { ok: true, value: parsed.data };
}

/** JSON from model text: as is, inside a code fence, or the outermost {…} / […] in it; undefined if none parses. */
export function parseLooseJson(text: string): unknown {
  const attempts = [text.trim()];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced) attempts.push(fenced[1].trim());
  for (const [open, close] of [['{', '}'], ['[', ']']] as const) {
    const start = text.indexOf(open);
    const end = text.lastIndexOf(close);
    if (start >= 0 && end > start) attempts.push(text.slice(start, end + 1));
  }
  for (const candidate of attempts) {
    if (!candidate) continue;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // Try the next reading of the text.
    }
  }
  return undefined;
}
