import { memo, useEffect, useRef, useState } from 'react';
import type { Message } from '../../api/types';
import { sendMessage } from '../../hooks/chat-actions';
import { useAppState } from '../../state/app-store';
import { IconEdit } from '../icons';
import { CopyButton } from '../ui/copy-button';
import { BranchSwitcher } from './branch-switcher';

interface UserMessageProps {
  message: Message;
  isLast: boolean;
}

/** A user's message: a right-aligned bubble of plain text, with copy, edit and branches. */
export const UserMessage = memo(function UserMessage({ message }: UserMessageProps) {
  const [editing, setEditing] = useState(false);
  const busy = useAppState((s) => s.stream !== null);
  const local = message.id.startsWith('local-');

  return (
    <div className="message message-user" data-message-id={message.id} data-role="user" data-fresh={local || undefined}>
      {editing ? (
        <EditForm
          initial={message.content}
          onCancel={() => setEditing(false)}
          onSubmit={(text) => {
            setEditing(false);
            void sendMessage(text, { parentId: message.parentId });
          }}
          disabled={busy}
        />
      ) : (
        <div className="user-bubble">{message.content}</div>
      )}
      {!editing && (
        <div className="message-toolbar user-toolbar">
          <BranchSwitcher messageId={message.id} />
          <div className="message-actions">
            <CopyButton text={message.content} />
            <button
              type="button"
              className="icon-button"
              aria-label="Edit"
              title="Edit"
              disabled={busy || local}
              onClick={() => setEditing(true)}
            >
              <IconEdit />
            </button>
          </div>
        </div>
      )}
    </div>
  );
});

interface EditFormProps {
  initial: string;
  disabled: boolean;
  onCancel: () => void;
  onSubmit: (text: string) => void;
}

function EditForm({ initial, disabled, onCancel, onSubmit }: EditFormProps) {
  const [text, setText] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 400)}px`;
  }, [text]);
  const canSend = text.trim().length > 0 && !disabled;
  return (
    <form
      className="edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSend) onSubmit(text);
      }}
    >
      <textarea
        ref={area}
        aria-label="Edit message"
        value={text}
        rows={1}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onCancel();
          } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            if (canSend) onSubmit(text);
          }
        }}
      />
      <div className="edit-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={!canSend}>
          Save &amp; send
        </button>
      </div>
    </form>
  );
}
