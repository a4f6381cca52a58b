import { memo, useRef, useState } from 'react';
import type { Conversation } from '../../api/types';
import { deleteConversation, openConversation, renameConversation } from '../../hooks/conversation-actions';
import { pathForConversation } from '../../hooks/router';
import { IconEdit, IconTrash } from '../icons';
import { ConfirmDialog } from '../ui/confirm-dialog';

interface ConversationItemProps {
  conversation: Conversation;
  active: boolean;
}

export const ConversationItem = memo(function ConversationItem({ conversation, active }: ConversationItemProps) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // Enter and blur both finish editing; only the first one saves.
  const finished = useRef(false);
  const finish = (value: string | null) => {
    if (finished.current) return;
    finished.current = true;
    if (value !== null) void renameConversation(conversation, value);
    setEditing(false);
  };
  const startEditing = () => {
    finished.current = false;
    setEditing(true);
  };
  const title = conversation.title.trim() || 'New chat';

  if (editing) {
    return (
      <li className="conversation-item is-editing">
        <input
          className="rename-input"
          aria-label="Conversation title"
          defaultValue={title}
          autoFocus
          onFocus={(e) => e.currentTarget.select()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              finish(e.currentTarget.value);
            } else if (e.key === 'Escape') {
              e.stopPropagation();
              finish(null);
            }
          }}
          onBlur={(e) => finish(e.currentTarget.value)}
        />
      </li>
    );
  }

  return (
    <li className="conversation-item" data-active={active || undefined}>
      <a
        href={pathForConversation(conversation.id)}
        className="conversation-link"
        aria-current={active ? 'page' : undefined}
        title={title}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          openConversation(conversation.id);
        }}
        onDoubleClick={startEditing}
      >
        {title}
      </a>
      <div className="conversation-actions">
        <button type="button" className="icon-button" aria-label="Rename conversation" title="Rename" onClick={startEditing}>
          <IconEdit />
        </button>
        <button type="button" className="icon-button" aria-label="Delete conversation" title="Delete" onClick={() => setConfirming(true)}>
          <IconTrash />
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Delete chat?"
          confirmLabel="Delete"
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            await deleteConversation(conversation.id);
            setConfirming(false);
          }}
        >
          This will delete <strong>{title}</strong> and all of its messages. This cannot be undone.
        </ConfirmDialog>
      )}
    </li>
  );
});
