import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { dispatch } from '../state/app-store';
import { reportError } from './report-error';
import { navigateTo } from './router';

/** Asks the server who we are; shows a retryable banner if it cannot be reached. */
export async function loadAuth(): Promise<void> {
  try {
    const status = await api.authStatus();
    dispatch({ type: 'auth/loaded', authenticated: status.authenticated, user: status.user, passwordless: status.passwordless });
  } catch (error) {
    reportError(error, { type: 'reload', conversationId: null });
  }
}

/** Signs in; resolves an error message for the form, or null on success. */
export async function signIn(credentials: { email?: string; password?: string }): Promise<string | null> {
  try {
    const { user } = await api.login(credentials);
    dispatch({ type: 'auth/signed-in', user });
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } catch (error) {
    reportError(error);
    return;
  }
  dispatch({ type: 'auth/signed-out', reason: null });
  navigateTo(null, { replace: true });
}
