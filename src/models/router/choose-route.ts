import type { TurnFeatures } from './turn-features.js';

/** The routes `auto` can take: a fast model for simple turns, a strong one for hard turns, a reasoning one for math and proofs. */
export type Route = 'fast' | 'strong' | 'reasoning';

/** Past this much context (≈ 6k tokens), the strong model's longer context and recall are worth it. */
const LONG_CONTEXT_CHARS = 24_000;

/** Picks a route from the turn's features, with the reason in words (kept in the message metadata). */
export function chooseRoute(features: TurnFeatures, available: { reasoning: boolean }): { route: Route; reason: string } {
  if ((features.math || features.reasoningAsked) && available.reasoning) return { route: 'reasoning', reason: features.math ? 'math' : 'careful reasoning asked for' };
  if (features.code) return { route: 'strong', reason: 'code' };
  if (features.math) return { route: 'strong', reason: 'math' };
  if (features.reasoningAsked) return { route: 'strong', reason: 'careful reasoning asked for' };
  if (features.promptChars > LONG_CONTEXT_CHARS) return { route: 'strong', reason: 'long context' };
  if (features.multiStep) return { route: 'strong', reason: 'multi-step request' };
  if (features.lastUserChars > 600) return { route: 'strong', reason: 'long question' };
  return { route: 'fast', reason: features.trivial ? 'short, simple turn' : 'no sign of a hard turn' };
}
