import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { isAbortError } from '../api/errors';
import type { Conversation } from '../api/types';
import { useAppState } from '../state/app-store';
import { attempt } from './attempt';
import { PAGE_SIZE } from './conversation-actions';

export interface ProjectConversations {
  items: Conversation[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
}

/**
 * A project page's conversations (`GET /api/conversations?project=`), newest first, loaded when the
 * page opens; titles and moves made elsewhere in the app show through from the store's list.
 */
export function useProjectConversations(projectId: string) {
  const [state, setState] = useState<ProjectConversations>({ items: [], status: 'loading', error: null });
  const [version, setVersion] = useState(0);
  const listed = useAppState((s) => s.conversations.items);

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, status: s.items.length > 0 ? 'ready' : 'loading', error: null }));
    api
      .listConversations({ project: projectId, limit: PAGE_SIZE }, controller.signal)
      .then(({ conversations }) => setState({ items: conversations, status: 'ready', error: null }))
      .catch((error: unknown) => {
        if (isAbortError(error)) return;
        void attempt(() => Promise.reject(error)).then((r) => setState((s) => ({ ...s, status: 'error', error: r.error })));
      });
    return () => controller.abort();
  }, [projectId, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // The store holds the newest copy of a conversation shown in both places (renamed, moved out).
  const byId = new Map(listed.map((c) => [c.id, c]));
  const items = state.items.map((c) => byId.get(c.id) ?? c).filter((c) => c.projectId === undefined || c.projectId === projectId);
  return { ...state, items, reload };
}
