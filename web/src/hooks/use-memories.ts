import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { isAbortError } from '../api/errors';
import type { Memory, MemoryKind } from '../api/types';
import { attempt } from './attempt';

export interface MemoryFilter {
  q: string;
  kind: MemoryKind | '';
}

export interface MemoriesState {
  items: Memory[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
}

/**
 * The Memory page's data: the user's active memories matching a search and kind (searched 250 ms
 * after the last keystroke, earlier requests cancelled), and the actions that change them.
 * Every action resolves an error message to show in place, or null.
 */
export function useMemories(filter: MemoryFilter, delay = 250) {
  const [state, setState] = useState<MemoriesState>({ items: [], status: 'loading', error: null });
  const [version, setVersion] = useState(0);
  const first = useRef(true);

  useEffect(() => {
    const controller = new AbortController();
    // The first load and a kind change need no debounce; typing does.
    const wait = first.current ? 0 : delay;
    first.current = false;
    const timer = setTimeout(() => {
      api
        .listMemories({ q: filter.q.trim() || undefined, kind: filter.kind || undefined }, controller.signal)
        .then(({ memories }) => setState({ items: memories, status: 'ready', error: null }))
        .catch((error: unknown) => {
          if (isAbortError(error)) return;
          void attempt(() => Promise.reject(error)).then((r) => setState((s) => ({ ...s, status: 'error', error: r.error })));
        });
    }, wait);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [filter.q, filter.kind, delay, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);

  const add = useCallback(
    async (content: string, kind: MemoryKind | null): Promise<{ error: string | null; notice: string | null }> => {
      const result = await attempt(() => api.createMemory(kind ? { content, kind } : { content }));
      if (result.error !== null) return { error: result.error, notice: null };
      // Consolidation may have updated or removed an older memory instead of adding one: reload the list.
      reload();
      return { error: null, notice: addNotice(result.value) };
    },
    [reload],
  );

  const edit = useCallback(async (id: string, patch: { content?: string; kind?: MemoryKind }): Promise<string | null> => {
    const result = await attempt(() => api.updateMemory(id, patch));
    if (result.error === null) {
      const saved = result.value.memory;
      setState((s) => ({ ...s, items: s.items.map((m) => (m.id === id ? { ...m, ...patch, ...saved } : m)) }));
    }
    return result.error;
  }, []);

  const remove = useCallback(async (id: string): Promise<string | null> => {
    const result = await attempt(() => api.deleteMemory(id));
    if (result.error === null) setState((s) => ({ ...s, items: s.items.filter((m) => m.id !== id) }));
    return result.error;
  }, []);

  const removeAll = useCallback(async (): Promise<{ deleted: number | null; error: string | null }> => {
    const result = await attempt(() => api.deleteAllMemories());
    if (result.error !== null) return { deleted: null, error: result.error };
    setState((s) => ({ ...s, items: [] }));
    return { deleted: typeof result.value.deleted === 'number' ? result.value.deleted : null, error: null };
  }, []);

  return { memories: state, reload, add, edit, remove, removeAll };
}

/** One memory's older versions, loaded when "Why do you know this?" opens. */
export function useMemoryHistory(id: string, open: boolean) {
  const [state, setState] = useState<{ status: 'idle' | 'loading' | 'ready' | 'error'; history: Memory[]; error: string | null }>({
    status: 'idle',
    history: [],
    error: null,
  });
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setState((s) => ({ ...s, status: 'loading' }));
    void attempt(() => api.memory(id)).then((result) => {
      if (cancelled) return;
      if (result.error !== null) setState({ status: 'error', history: [], error: result.error });
      else setState({ status: 'ready', history: Array.isArray(result.value.history) ? result.value.history : [], error: null });
    });
    return () => {
      cancelled = true;
    };
  }, [id, open]);
  return state;
}

/** What adding did, when it is not simply "added". */
function addNotice(outcome: { action: string; memory: Memory | null; replaced: Memory | null }): string | null {
  switch (outcome.action) {
    case 'update':
      return outcome.replaced ? `Updated: this replaces “${outcome.replaced.content}”.` : 'Updated an existing memory.';
    case 'none':
      return 'Redline already remembers this.';
    case 'delete':
      return 'That removed an older memory it contradicts.';
    default:
      return null;
  }
}
