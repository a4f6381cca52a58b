import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { classifyError } from './classify-error.js';
import type { BreakerPermit, CircuitBreaker } from './circuit-breaker.js';
import { isContentPart, relayStream, wrapModel } from './stream-utils.js';

/**
 * Puts a circuit breaker in front of a model: while open, calls fail at once with CircuitOpenError.
 * Only failures that speak to the provider's health are counted (retryable errors, timeouts); a 400,
 * a user abort or a cancelled hedge leave the breaker as it was. A probe counts as a success at its
 * first content part, so a half-open circuit closes without waiting for a long answer to finish.
 *
 * @example withCircuitBreaker(model, { breaker: breakers.get('openai:gpt-4o') })
 */
export function withCircuitBreaker(model: LanguageModelV3, options: { breaker: CircuitBreaker }): LanguageModelV3 {
  const { breaker } = options;
  return wrapModel(model, {
    async doGenerate(callOptions) {
      const permit = breaker.acquire();
      try {
        const result = await model.doGenerate(callOptions);
        breaker.success(permit);
        return result;
      } catch (error) {
        settleFailure(breaker, { permit, error, callOptions });
        throw error;
      }
    },
    async doStream(callOptions) {
      const permit = breaker.acquire();
      let result;
      try {
        result = await model.doStream(callOptions);
      } catch (error) {
        settleFailure(breaker, { permit, error, callOptions });
        throw error;
      }
      let sawContent = false;
      const stream = relayStream(
        { reader: result.stream.getReader() },
        {
          part(part) {
            if (!sawContent && isContentPart(part)) {
              sawContent = true;
              if (permit.probe) breaker.success(permit);
            } else if (part.type === 'error') {
              settleFailure(breaker, { permit, error: part.error, callOptions });
            }
            return part;
          },
          end(end) {
            if (end.type === 'done') breaker.success(permit);
            else if (end.type === 'error') settleFailure(breaker, { permit, error: end.error, callOptions });
            // Cancelled by the consumer: the provider was fine if it had answered; otherwise we learnt nothing.
            else if (sawContent) breaker.success(permit);
            else breaker.release(permit);
          },
        },
      );
      return { ...result, stream };
    },
  });
}

function settleFailure(breaker: CircuitBreaker, e: { permit: BreakerPermit; error: unknown; callOptions: LanguageModelV3CallOptions }): void {
  if (e.callOptions.abortSignal?.aborted) return breaker.release(e.permit);
  const { retryable, kind } = classifyError(e.error);
  if (retryable && kind !== 'circuit_open') breaker.failure(e.permit);
  else breaker.release(e.permit);
}
