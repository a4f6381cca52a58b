import { answerFault, buildFrames, writeJson, writeStream } from './answer-writer.js';
import { shapeCompletion } from './completion.js';
import { parseDirectives } from './directives.js';
import type { Exchange } from './exchange.js';
import { planFaults } from './faults.js';
import { lastUserText } from './messages.js';
import type { ServerState } from './state.js';
import type { ChatRequest, ResponderResult } from './types.js';
import { ChunkEncoder, completionObject, type ResponseIds } from './wire.js';

/** POST /v1/chat/completions: validate, decide faults, ask the responder, then stream or return the answer. */
export async function handleChat(ex: Exchange, body: unknown, s: ServerState): Promise<void> {
  const problem = validate(body);
  if (problem) return ex.error(400, { message: problem, outcome: 'bad_request' });
  const req = body as ChatRequest;
  if (!s.models.includes(req.model)) {
    const message = `The model \`${req.model}\` does not exist or you do not have access to it.`;
    return ex.error(404, { message, code: 'model_not_found', outcome: 'not_found' });
  }
  if (s.rejectTools && Array.isArray(req.tools) && req.tools.length > 0) {
    return ex.error(400, { message: `registry.ollama.ai/library/${req.model} does not support tools`, outcome: 'bad_request' });
  }
  const { directives } = parseDirectives(lastUserText(req));
  const plan = planFaults({ faults: s.faults, directives, tokenDelayMs: s.tokenDelayMs, random: s.random });
  const stream = req.stream === true;
  if (answerFault(ex, plan, stream)) return;

  let result: ResponderResult;
  try {
    result = await s.responder(req, { name: s.name });
  } catch (err) {
    // A throwing responder is a bug in a test; a 500 with its message makes it visible at the client.
    return ex.error(500, { message: `fake upstream responder threw: ${String(err)}` });
  }
  const n = s.nextId();
  const completion = shapeCompletion(req, result, (i) => `call_${s.name}_${n}_${i}`);
  const ids: ResponseIds = {
    id: `chatcmpl-${s.name}-${n}`,
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    fingerprint: `fp_${s.name}`,
  };
  if (stream) {
    const includeUsage = req.stream_options?.include_usage === true;
    const frames = buildFrames(new ChunkEncoder(ids), completion, { includeUsage, malformed: plan.malformed });
    return writeStream(ex, frames, plan);
  }
  const text = completion.textChunks.join('');
  const answer = {
    text: text === '' && completion.toolCalls.length > 0 ? null : text,
    reasoning: completion.reasoningChunks.join(''),
    toolCalls: completion.toolCalls,
    finishReason: completion.finishReason,
    usage: completion.usage,
  };
  writeJson(ex, completionObject(ids, answer), plan);
}

/** The message OpenAI would give for an invalid body, or undefined when it is acceptable. */
function validate(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The request body must be a JSON object.';
  const { model, messages } = body as Record<string, unknown>;
  if (typeof model !== 'string' || model === '') return "Missing required parameter: 'model'.";
  if (!Array.isArray(messages) || messages.length === 0) return "Missing required parameter: 'messages'.";
  for (const [i, m] of messages.entries()) {
    if (typeof m !== 'object' || m === null || typeof (m as { role?: unknown }).role !== 'string') {
      return `Invalid value for 'messages[${i}]': each message needs a 'role'.`;
    }
  }
  return undefined;
}
