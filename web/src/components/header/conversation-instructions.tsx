import { useState } from 'react';
import type { Conversation } from '../../api/types';
import { setConversationInstructions } from '../../hooks/conversation-actions';
import { useAppState } from '../../state/app-store';
import { PERSONALIZATION_LIMITS, charCount } from '../../state/memory-view';
import { IconInstructions } from '../icons';
import { Modal } from '../ui/modal';

/** A button in the conversation's header that opens this chat's own instructions (marked when set). */
export function ConversationInstructionsButton() {
  const conversation = useAppState((s) => (s.activeConversationId && s.thread?.conversationId === s.activeConversationId ? s.thread.conversation : null));
  const [open, setOpen] = useState(false);
  if (!conversation) return null;
  const active = !!conversation.instructions?.trim();
  return (
    <>
      <button
        type="button"
        className="icon-button instructions-button"
        aria-label="Instructions for this chat"
        title={active ? 'This chat has its own instructions' : 'Instructions for this chat'}
        data-active={active || undefined}
        onClick={() => setOpen(true)}
      >
        <IconInstructions />
      </button>
      {open && <InstructionsDialog conversation={conversation} onClose={() => setOpen(false)} />}
    </>
  );
}

const LIMIT = PERSONALIZATION_LIMITS.instructionChars;

function InstructionsDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const [text, setText] = useState(conversation.instructions ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = charCount(text, LIMIT);

  const save = async (value: string) => {
    setBusy(true);
    setError(null);
    const failure = await setConversationInstructions(conversation, value);
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <Modal title="Instructions for this chat" onClose={onClose} className="modal-medium">
      <form
        className="modal-body instructions-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(text);
        }}
      >
        <p className="settings-text">Used instead of your custom instructions in this conversation only. Leave empty to use your custom instructions.</p>
        <label className="field">
          <span className="visually-hidden">Instructions</span>
          <textarea
            className="text-area"
            aria-label="Instructions"
            rows={6}
            value={text}
            placeholder="e.g. “Answer as a patient chemistry tutor; quiz me at the end.”"
            data-autofocus
            onChange={(e) => setText(e.target.value)}
          />
          <span className="char-counter" data-over={count.over || undefined}>
            {count.label}
          </span>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          {conversation.instructions && (
            <button type="button" className="button" disabled={busy} onClick={() => void save('')}>
              Clear
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || count.over}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
