/** The pages the address bar can name. */
export type AppPage = 'chat' | 'memory' | 'personalization' | 'project';

/**
 * Where the app is: a chat (new when `conversationId` is null), optionally scrolled to one message
 * (`/c/<id>?message=<messageId>`, from "Why do you know this?"), a personalization page, or a
 * project's page (`/projects/<id>`).
 */
export interface Route {
  page: AppPage;
  conversationId: string | null;
  messageId: string | null;
  /** The project a `project` page shows; absent elsewhere. */
  projectId?: string;
}

type FixedPage = Exclude<AppPage, 'chat' | 'project'>;

const CONVERSATION_PATH = /^\/c\/([^/]+)\/?$/;
const PROJECT_PATH = /^\/projects\/([^/]+)\/?$/;
const PAGE_PATHS: Record<FixedPage, string> = {
  memory: '/memory',
  personalization: '/personalization',
};

export const chatRoute = (conversationId: string | null, messageId: string | null = null): Route => ({ page: 'chat', conversationId, messageId });
export const projectRoute = (projectId: string): Route => ({ page: 'project', conversationId: null, messageId: null, projectId });

/** Reads a route from a path and its query string; unknown paths are the new-chat page. */
export function parseRoute(pathname: string, search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  for (const [page, pagePath] of Object.entries(PAGE_PATHS) as [FixedPage, string][]) {
    if (path === pagePath) return { page, conversationId: null, messageId: null };
  }
  const project = PROJECT_PATH.exec(pathname);
  if (project) return projectRoute(safeDecode(project[1]));
  const match = CONVERSATION_PATH.exec(pathname);
  if (!match) return chatRoute(null);
  const messageId = new URLSearchParams(search).get('message');
  return chatRoute(safeDecode(match[1]), messageId || null);
}

/** The address of a route: `/`, `/c/<id>`, `/c/<id>?message=<id>`, `/memory`, `/personalization`, `/projects/<id>`. */
export function pathForRoute(route: Route): string {
  switch (route.page) {
    case 'memory':
    case 'personalization':
      return PAGE_PATHS[route.page];
    case 'project':
      return route.projectId ? `/projects/${encodeURIComponent(route.projectId)}` : '/';
    case 'chat':
      if (!route.conversationId) return '/';
      return `/c/${encodeURIComponent(route.conversationId)}${route.messageId ? `?message=${encodeURIComponent(route.messageId)}` : ''}`;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // A hand-typed `%` that is not an escape: take the text as it is.
    return value;
  }
}
