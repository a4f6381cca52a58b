import { useEffect } from 'react';
import { useAppState } from '../state/app-store';
import { searchConversations } from './conversation-actions';

/** Runs the sidebar search 250 ms after the last keystroke, cancelling the previous request. */
export function useDebouncedSearch(delay = 250): void {
  const query = useAppState((s) => s.search.query);
  useEffect(() => {
    const text = query.trim();
    if (!text) return;
    const controller = new AbortController();
    const timer = setTimeout(() => void searchConversations(query, controller.signal), delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, delay]);
}
