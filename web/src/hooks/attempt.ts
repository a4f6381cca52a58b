import { ApiError, errorMessage } from '../api/errors';
import { reportError } from './report-error';

export type Attempt<T> = { value: T; error: null } | { value: null; error: string };

/** Runs a request for a form or page; resolves its value or an error message to show in place. A 401 signs out. */
export async function attempt<T>(action: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { value: await action(), error: null };
  } catch (error) {
    if (error instanceof ApiError && error.unauthorized) reportError(error);
    return { value: null, error: errorMessage(error) };
  }
}
