import { useEffect } from 'react';
import { useAppState } from '../state/app-store';

/** "<conversation title> · Redline" in the tab, "Redline" on the new-chat page. */
export function useDocumentTitle(): void {
  const title = useAppState((s) => (s.activeConversationId ? s.thread?.conversation?.title?.trim() || null : null));
  useEffect(() => {
    document.title = title ? `${title} · Redline` : 'Redline';
  }, [title]);
}
