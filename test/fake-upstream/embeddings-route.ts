import { answerFault, writeJson } from './answer-writer.js';
import { embed, toBase64 } from './embeddings.js';
import type { Exchange } from './exchange.js';
import { planFaults } from './faults.js';
import type { ServerState } from './state.js';
import { countTokens } from './tokenizer.js';

/** POST /v1/embeddings: deterministic vectors for a string or an array; any model name is accepted. */
export function handleEmbeddings(ex: Exchange, body: unknown, s: ServerState): void {
  const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const inputs = readInputs(request.input);
  if (!inputs) return ex.error(400, { message: "Invalid value for 'input': expected a string or an array.", outcome: 'bad_request' });
  if (typeof request.model !== 'string') return ex.error(400, { message: "Missing required parameter: 'model'.", outcome: 'bad_request' });
  const plan = planFaults({ faults: s.faults, tokenDelayMs: 0, random: s.random });
  if (answerFault(ex, plan, false)) return;

  const dims = typeof request.dimensions === 'number' && request.dimensions > 0 ? request.dimensions : s.embeddingDimensions;
  const base64 = request.encoding_format === 'base64';
  let tokens = 0;
  const data = inputs.map((text, index) => {
    tokens += countTokens(text);
    const vector = embed(text, dims);
    return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector };
  });
  writeJson(ex, { object: 'list', data, model: request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }, plan);
}

// OpenAI also accepts token ids (number[] or number[][]); they are embedded as their decimal text.
function readInputs(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((x) => typeof x === 'number')) return [input.join(' ')];
  const texts: string[] = [];
  for (const item of input) {
    if (typeof item === 'string') texts.push(item);
    else if (Array.isArray(item)) texts.push(item.join(' '));
    else return undefined;
  }
  return texts;
}
