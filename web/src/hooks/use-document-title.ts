import { useEffect } from 'react';
import { useAppState } from '../state/app-store';

/** "<conversation title> · Redline" (or the page's name) in the tab, "Redline" on the new-chat page. */
export function useDocumentTitle(): void {
  const title = useAppState((s) => {
    if (s.page === 'memory') return 'Memory';
    if (s.page === 'personalization') return 'Personalization';
    if (s.page === 'project') return s.projects.items.find((p) => p.id === s.activeProjectId)?.name ?? 'Project';
    return s.activeConversationId ? s.thread?.conversation?.title?.trim() || null : null;
  });
  useEffect(() => {
    document.title = title ? `${title} · Redline` : 'Redline';
  }, [title]);
}
