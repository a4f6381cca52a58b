import { useAppState } from '../../state/app-store';
import type { Route } from '../../state/route';
import { IconMemory, IconSliders } from '../icons';
import { OpenSidebarButton } from '../ui/open-sidebar-button';
import { PageLink } from '../ui/page-link';
import { MemoryPage } from './memory-page';
import { PersonalizationPage } from './personalization-page';
import '../../styles/personalization.css';

const TABS: { route: Route; label: string; icon: typeof IconMemory }[] = [
  { route: { page: 'memory', conversationId: null, messageId: null }, label: 'Memory', icon: IconMemory },
  { route: { page: 'personalization', conversationId: null, messageId: null }, label: 'Personalization', icon: IconSliders },
];

/** The Memory and Personalization pages, loaded as their own chunk the first time one is opened. */
export default function PersonalizationArea() {
  const page = useAppState((s) => s.page);
  const sidebarOpen = useAppState((s) => s.ui.sidebarOpen);
  return (
    <div className="personal-area">
      <header className="app-header personal-header">
        <div className="header-start">
          {!sidebarOpen && (
            <OpenSidebarButton />
          )}
          <nav className="personal-tabs" aria-label="Personalization pages">
            {TABS.map(({ route, label, icon: Icon }) => (
              <PageLink key={route.page} to={route} className="personal-tab" current={page === route.page}>
                <Icon />
                <span>{label}</span>
              </PageLink>
            ))}
          </nav>
        </div>
      </header>
      <div className="personal-scroll">
        <div className="personal-content">{page === 'memory' ? <MemoryPage /> : <PersonalizationPage />}</div>
      </div>
    </div>
  );
}
