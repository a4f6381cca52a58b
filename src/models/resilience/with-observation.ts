import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { LatencyRegistry } from './latency-tracker.js';
import { isContentPart, relayStream, wrapModel } from './stream-utils.js';
import type { ResilienceEvents } from './types.js';

export interface ObservationOptions {
  /** "provider:model". */
  id: string;
  events?: Pick<ResilienceEvents, 'onFirstToken' | 'onOutcome'>;
  /** Receives the time to first token of every call, for hedging thresholds. */
  latency?: LatencyRegistry;
}

/**
 * Reports each call of one candidate: its time to first token (also recorded in `latency`) and how it
 * ended. Sits outside retry, so the times are what a caller of this candidate experiences.
 *
 * @example withObservation(model, { id: 'openai:gpt-4o', events, latency })
 */
export function withObservation(model: LanguageModelV3, options: ObservationOptions): LanguageModelV3 {
  const { id, events, latency } = options;
  const tracker = latency?.get(id);
  const outcome = (signal: AbortSignal | undefined, failed: boolean) => (signal?.aborted ? 'aborted' : failed ? 'error' : 'success');
  return wrapModel(model, {
    async doGenerate(callOptions) {
      const startedAt = Date.now();
      try {
        const result = await model.doGenerate(callOptions);
        events?.onOutcome?.({ id, outcome: 'success', ms: Date.now() - startedAt });
        return result;
      } catch (error) {
        events?.onOutcome?.({ id, outcome: outcome(callOptions.abortSignal, true), ms: Date.now() - startedAt });
        throw error;
      }
    },
    async doStream(callOptions) {
      const startedAt = Date.now();
      const signal = callOptions.abortSignal;
      let result;
      try {
        result = await model.doStream(callOptions);
      } catch (error) {
        events?.onOutcome?.({ id, outcome: outcome(signal, true), ms: Date.now() - startedAt });
        throw error;
      }
      let sawContent = false;
      let sawError = false;
      const stream = relayStream(
        { reader: result.stream.getReader() },
        {
          part(part) {
            if (!sawContent && isContentPart(part)) {
              sawContent = true;
              const ms = Date.now() - startedAt;
              tracker?.record(ms);
              events?.onFirstToken?.({ id, ms });
            } else if (part.type === 'error') {
              sawError = true;
            }
            return part;
          },
          end(end) {
            const ms = Date.now() - startedAt;
            if (end.type === 'cancel') events?.onOutcome?.({ id, outcome: sawError ? 'error' : 'aborted', ms });
            else events?.onOutcome?.({ id, outcome: outcome(signal, sawError || end.type === 'error'), ms });
          },
        },
      );
      return { ...result, stream };
    },
  });
}
