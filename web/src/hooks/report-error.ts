import { ApiError, errorMessage, isAbortError } from '../api/errors';
import type { RetryIntent } from '../state/app-state';
import { dispatch } from '../state/app-store';

/**
 * The one place failures of background I/O end up: a 401 signs out, anything else shows a banner.
 * Aborts (the user stopped or navigated away) are not failures.
 */
export function reportError(error: unknown, retry: RetryIntent | null = null): void {
  if (isAbortError(error)) return;
  if (error instanceof ApiError && error.unauthorized) {
    dispatch({ type: 'auth/signed-out', reason: 'Your session has ended. Sign in again to continue.' });
    return;
  }
  dispatch({ type: 'banner/shown', banner: { kind: 'network', message: errorMessage(error), messageId: null, retry } });
}
