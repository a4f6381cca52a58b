import { useEffect } from 'react';
import { dispatch } from '../state/app-store';

const CONVERSATION_PATH = /^\/c\/([^/]+)\/?$/;

/** The conversation id in a path such as `/c/<id>`, or null for the new-chat page. */
export function conversationIdFromPath(pathname: string): string | null {
  const match = CONVERSATION_PATH.exec(pathname);
  return match ? decodeURIComponent(match[1]) : null;
}

export function pathForConversation(id: string | null): string {
  return id ? `/c/${encodeURIComponent(id)}` : '/';
}

/** Shows a conversation (or the new-chat page for null) and records it in the history. */
export function navigateTo(id: string | null, options: { replace?: boolean } = {}): void {
  const path = pathForConversation(id);
  if (window.location.pathname !== path) {
    if (options.replace) window.history.replaceState(null, '', path);
    else window.history.pushState(null, '', path);
  }
  dispatch({ type: 'route/changed', conversationId: id });
}

/** Keeps the active conversation in step with the address bar (initial load, back and forward). */
export function useRouteSync(): void {
  useEffect(() => {
    const sync = () => dispatch({ type: 'route/changed', conversationId: conversationIdFromPath(window.location.pathname) });
    sync();
    window.addEventListener('popstate', sync);
    return () => window.removeEventListener('popstate', sync);
  }, []);
}
