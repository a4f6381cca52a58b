import { useEffect, useSyncExternalStore } from 'react';
import { writePreference } from '../lib/preferences';
import type { ThemePreference } from '../state/app-state';
import { dispatch, useAppState } from '../state/app-store';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function subscribeSystem(listener: () => void): () => void {
  const query = darkQuery();
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

/** The theme actually shown: the preference, or the system's when the preference is `system`. */
export function useEffectiveTheme(): 'light' | 'dark' {
  const preference = useAppState((s) => s.theme);
  const systemDark = useSyncExternalStore(subscribeSystem, () => darkQuery().matches, () => false);
  if (preference === 'system') return systemDark ? 'dark' : 'light';
  return preference;
}

/** Applies the effective theme to `<html data-theme>` (the CSS custom properties key off it). */
export function useApplyTheme(): void {
  const theme = useEffectiveTheme();
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
    document.querySelector('meta[name="theme-color"]')?.setAttribute('content', theme === 'dark' ? '#17171a' : '#ffffff');
  }, [theme]);
}

export function setTheme(theme: ThemePreference): void {
  writePreference('theme', theme);
  dispatch({ type: 'theme/set', theme });
}

/** Flips between light and dark from whatever is shown now. */
export function toggleTheme(): void {
  const shown = document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
  setTheme(shown === 'dark' ? 'light' : 'dark');
}
