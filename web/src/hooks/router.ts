import { useEffect } from 'react';
import { dispatch } from '../state/app-store';
import type { Action } from '../state/actions';
import { chatRoute, parseRoute, pathForRoute, type Route } from '../state/route';

const routeChanged = (route: Route): Action => ({
  type: 'route/changed',
  conversationId: route.conversationId,
  page: route.page,
  messageId: route.messageId,
  projectId: route.projectId ?? null,
});

/** The conversation id in a path such as `/c/<id>`, or null for the new-chat page. */
export function conversationIdFromPath(pathname: string): string | null {
  return parseRoute(pathname).conversationId;
}

export function pathForConversation(id: string | null): string {
  return pathForRoute(chatRoute(id));
}

/** Shows a route and records it in the history (so reload and back keep the page). */
export function navigateToRoute(route: Route, options: { replace?: boolean } = {}): void {
  const path = pathForRoute(route);
  if (window.location.pathname + window.location.search !== path) {
    if (options.replace) window.history.replaceState(null, '', path);
    else window.history.pushState(null, '', path);
  }
  dispatch(routeChanged(route));
}

/** Shows a conversation (or the new-chat page for null) and records it in the history. */
export function navigateTo(id: string | null, options: { replace?: boolean } = {}): void {
  navigateToRoute(chatRoute(id), options);
}

/** Keeps the page in step with the address bar (initial load, back and forward). */
export function useRouteSync(): void {
  useEffect(() => {
    const sync = () => {
      const route = parseRoute(window.location.pathname, window.location.search);
      dispatch(routeChanged(route));
    };
    sync();
    window.addEventListener('popstate', sync);
    return () => window.removeEventListener('popstate', sync);
  }, []);
}
