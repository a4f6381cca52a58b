import { newChat } from '../../hooks/conversation-actions';
import { useAppState } from '../../state/app-store';
import { IconNewChat } from '../icons';
import { OpenSidebarButton } from '../ui/open-sidebar-button';
import { ConversationInstructionsButton } from './conversation-instructions';
import { ModelPicker } from './model-picker';
import { ProjectChip } from './project-chip';
import { TemporaryChat } from './temporary-chat';
import { ThemeToggle } from './theme-toggle';

export function Header() {
  const sidebarOpen = useAppState((s) => s.ui.sidebarOpen);
  return (
    <header className="app-header">
      <div className="header-start">
        {!sidebarOpen && (
          <>
            <OpenSidebarButton />
            <button type="button" className="icon-button" aria-label="New chat" title="New chat" onClick={newChat}>
              <IconNewChat />
            </button>
          </>
        )}
        <ProjectChip />
        <ModelPicker />
      </div>
      <div className="header-end">
        <TemporaryChat />
        <ConversationInstructionsButton />
        <ThemeToggle />
      </div>
    </header>
  );
}
