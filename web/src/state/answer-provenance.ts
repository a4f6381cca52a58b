import type { Continuation, Feedback, Message, ModelInfo, RouteChoice } from '../api/types';

/** How an answer was made, in words for the quiet label under it. */
export interface AnswerProvenance {
  /** What the `auto` model picked: "Auto → small", with the reason in `title`. */
  route: { label: string; title: string } | null;
  /** The "provider:model" that answered instead of the one asked for (a fallback). */
  answeredBy: string | null;
  /** Where a broken stream was picked up (failover) or continued (the user's Continue). */
  continued: { title: string } | null;
}

/**
 * Reads `message.metadata` defensively (the server stores it as free-form JSON) into the label's parts.
 * @example answerProvenance(message, models).route?.label // "Auto → small"
 */
export function answerProvenance(message: Message, models: readonly ModelInfo[]): AnswerProvenance {
  const metadata = message.metadata ?? {};
  const route = readRoute(metadata.route);
  const answeredBy = typeof metadata.answeredBy === 'string' && metadata.answeredBy ? metadata.answeredBy : null;
  const asked = route?.model ?? message.model;
  const continuations = Array.isArray(metadata.continuations) ? metadata.continuations.filter(isContinuation) : [];
  return {
    route: route
      ? { label: `Auto → ${shortModelName(models, route.model)}`, title: `Auto picked ${route.model}${route.reason ? `: ${route.reason}` : ''}` }
      : null,
    answeredBy: answeredBy && asked && !sameModel(answeredBy, asked) ? answeredBy : null,
    continued: continuations.length > 0 ? { title: continuationTitle(continuations) } : null,
  };
}

/** The answer's rating, or null when it has none (or the metadata is malformed). */
export function feedbackOf(message: Message): Feedback | null {
  const feedback = message.metadata?.feedback;
  if (!feedback || (feedback.rating !== 'up' && feedback.rating !== 'down')) return null;
  return { rating: feedback.rating, reason: typeof feedback.reason === 'string' ? feedback.reason : null, at: String(feedback.at ?? '') };
}

/** The model's display name without its provider: "lab:small" → "small". */
export function shortModelName(models: readonly ModelInfo[], id: string): string {
  const known = models.find((m) => m.id === id);
  if (known && known.kind !== 'alias') return known.name;
  const colon = id.indexOf(':');
  return colon > 0 ? id.slice(colon + 1) : id;
}

function readRoute(value: unknown): RouteChoice | null {
  if (!value || typeof value !== 'object') return null;
  const { name, model, reason } = value as Record<string, unknown>;
  if (typeof model !== 'string' || !model) return null;
  return { name: typeof name === 'string' ? name : '', model, reason: typeof reason === 'string' ? reason : '' };
}

function isContinuation(value: unknown): value is Continuation {
  return !!value && typeof value === 'object' && typeof (value as Continuation).atChar === 'number';
}

/** "openai:gpt-4o" and a bare "gpt-4o" name the same model. */
function sameModel(a: string, b: string): boolean {
  return a === b || a.endsWith(`:${b}`) || b.endsWith(`:${a}`);
}

function continuationTitle(continuations: readonly Continuation[]): string {
  const parts = continuations.map((c) => {
    const at = `at character ${c.atChar.toLocaleString('en-US')}`;
    if (c.reason === 'resumed') return `continued ${at} (Continue)`;
    return c.provider ? `picked up by ${c.provider} ${at} after the stream broke` : `picked up ${at} after the stream broke`;
  });
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
