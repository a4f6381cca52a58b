import { dispatch, useAppState } from '../../state/app-store';
import type { Route } from '../../state/route';
import { IconMemory, IconSliders } from '../icons';
import { PageLink } from '../ui/page-link';

const memory: Route = { page: 'memory', conversationId: null, messageId: null };
const personalization: Route = { page: 'personalization', conversationId: null, messageId: null };

/** Links to the Memory and Personalization pages. */
export function SidebarNav() {
  const page = useAppState((s) => s.page);
  // On a phone the drawer covers the page it opens: close it.
  const closeOnNarrow = () => {
    if (!window.matchMedia('(min-width: 768px)').matches) dispatch({ type: 'ui/sidebar', open: false });
  };
  return (
    <nav className="sidebar-nav" aria-label="Personalization">
      <PageLink to={memory} className="sidebar-link" current={page === 'memory'} onNavigate={closeOnNarrow}>
        <IconMemory />
        <span>Memory</span>
      </PageLink>
      <PageLink to={personalization} className="sidebar-link" current={page === 'personalization'} onNavigate={closeOnNarrow}>
        <IconSliders />
        <span>Personalization</span>
      </PageLink>
    </nav>
  );
}
