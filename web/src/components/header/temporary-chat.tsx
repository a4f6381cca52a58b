import { setTemporaryChat } from '../../hooks/conversation-actions';
import { useAppState } from '../../state/app-store';
import { IconTemporary } from '../icons';

/**
 * On the new-chat page, a toggle that makes the next chat temporary; in a temporary chat, a badge
 * that says so. Temporary chats are not listed and read and write no memory.
 */
export function TemporaryChat() {
  const activeId = useAppState((s) => s.activeConversationId);
  const pending = useAppState((s) => s.ui.temporary);
  const current = useAppState((s) => (s.activeConversationId ? (s.thread?.conversation?.temporary ?? false) : false));

  if (activeId) {
    if (!current) return null;
    return (
      <span className="temporary-badge" role="status" title="Not saved to your history; Redline neither uses nor saves memories here.">
        <IconTemporary />
        <span className="header-label">Temporary chat</span>
      </span>
    );
  }
  return (
    <button
      type="button"
      className="temporary-toggle"
      aria-pressed={pending}
      title={pending ? 'Turn off temporary chat' : 'Temporary chat: not saved to your history, no memory'}
      onClick={() => setTemporaryChat(!pending)}
    >
      <IconTemporary />
      <span className="header-label">Temporary</span>
    </button>
  );
}
