import { useIsWide } from '../../hooks/use-media-query';
import { newChat } from '../../hooks/conversation-actions';
import { dispatch, useAppState } from '../../state/app-store';
import { IconNewChat, IconSidebar } from '../icons';
import { ConversationList } from './conversation-list';
import { ProjectList } from './project-list';
import { SearchBox } from './search-box';
import { SidebarNav } from './sidebar-nav';
import { UserFooter } from './user-footer';
import { Logo } from '../ui/logo';

/** The left column: new chat, search, projects, conversations, the user's settings entry. A drawer on narrow screens. */
export function Sidebar() {
  const open = useAppState((s) => s.ui.sidebarOpen);
  const wide = useIsWide();
  const close = () => dispatch({ type: 'ui/sidebar', open: false });
  return (
    <>
      {!wide && open && <div className="sidebar-scrim" onClick={close} aria-hidden="true" />}
      <aside className="sidebar" data-open={open} aria-label="Sidebar" aria-hidden={!open || undefined} inert={!open || undefined}>
        <div className="sidebar-header">
          <Logo />
          <button type="button" className="icon-button" aria-label="Close sidebar" title="Close sidebar" onClick={close}>
            <IconSidebar />
          </button>
        </div>
        <button type="button" className="new-chat-button" onClick={newChat} aria-label="New chat">
          <IconNewChat />
          <span>New chat</span>
          <kbd className="shortcut" aria-hidden="true">
            Ctrl ⇧ O
          </kbd>
        </button>
        <SidebarNav />
        <SearchBox />
        <div className="sidebar-scroll">
          <ProjectList />
          <ConversationList />
        </div>
        <UserFooter />
      </aside>
    </>
  );
}
