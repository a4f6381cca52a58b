import type { Action } from './actions';
import { initialState, type AppState, type ThemePreference } from './app-state';
import { reducer } from './reducer';
import { createStore, useSelector, type Store } from './store';
import { readPreference } from '../lib/preferences';

export type AppStore = Store<AppState, Action>;

const wide = typeof window !== 'undefined' && window.matchMedia?.('(min-width: 768px)').matches;

/** The app's single store. */
export const appStore: AppStore = createStore(
  reducer,
  initialState({
    theme: readPreference<ThemePreference>('theme', ['system', 'light', 'dark']) ?? 'system',
    preferredModel: readPreference<string>('model'),
    wide: wide ?? true,
  }),
);

export const dispatch = appStore.dispatch;

/** Reads a slice of the app state; re-renders only when it changes (see `useSelector`). */
export function useAppState<T>(selector: (state: AppState) => T, equal?: (a: T, b: T) => boolean): T {
  return useSelector(appStore, selector, equal);
}
