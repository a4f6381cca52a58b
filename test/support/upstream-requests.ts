import type { FakeUpstream } from '../fake-upstream/index.js';

/**
 * The last chat request that answered a turn. App turns are followed by background work on the same
 * upstream (memory extraction asks for structured output), which must not be mistaken for the turn.
 */
export function lastAnswerRequest(upstream: FakeUpstream): Record<string, unknown> {
  const answers = upstream.requests.filter((r) => r.path.endsWith('/chat/completions') && !(r.body as { response_format?: unknown } | undefined)?.response_format);
  const last = answers.at(-1);
  if (!last) throw new Error('The upstream has answered no chat request.');
  return last.body as Record<string, unknown>;
}
