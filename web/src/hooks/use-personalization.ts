import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { PersonalizationSettings, SettingsPatch } from '../api/types';
import { attempt } from './attempt';

export interface PersonalizationState {
  settings: PersonalizationSettings | null;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
}

/**
 * The user's personalization settings and a `save` that applies a partial change. Switches save at
 * once and are put back when the server refuses; `save` resolves an error message, or null.
 */
export function usePersonalization() {
  const [state, setState] = useState<PersonalizationState>({ settings: null, status: 'loading', error: null });

  useEffect(() => {
    let cancelled = false;
    void attempt(() => api.personalization()).then((result) => {
      if (cancelled) return;
      setState(result.error === null ? { settings: result.value.settings, status: 'ready', error: null } : { settings: null, status: 'error', error: result.error });
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const save = useCallback(async (patch: SettingsPatch): Promise<string | null> => {
    let previous: PersonalizationSettings | null = null;
    setState((s) => {
      previous = s.settings;
      return s.settings ? { ...s, settings: { ...s.settings, ...patch } } : s;
    });
    const result = await attempt(() => api.updatePersonalization(patch));
    if (result.error !== null) {
      const before = previous;
      setState((s) => ({ ...s, settings: before ?? s.settings }));
      return result.error;
    }
    setState({ settings: result.value.settings, status: 'ready', error: null });
    return null;
  }, []);

  const resetStyle = useCallback(async (): Promise<string | null> => {
    const result = await attempt(() => api.resetStyle());
    if (result.error !== null) return result.error;
    setState({ settings: result.value.settings, status: 'ready', error: null });
    return null;
  }, []);

  return { ...state, save, resetStyle };
}
