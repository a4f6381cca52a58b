import { useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { DocumentScope } from '../../api/types';
import { sendMessage, stopStreaming } from '../../hooks/chat-actions';
import { attachFiles, useScopeFiles } from '../../hooks/file-actions';
import { useIsWide } from '../../hooks/use-media-query';
import { scopeKey, type FileItem } from '../../state/app-state';
import { dispatch, useAppState } from '../../state/app-store';
import { isPending } from '../../state/file-view';
import { selectNeedsSetup } from '../../state/selectors';
import { IconBulb, IconPaperclip, IconSend, IconStop } from '../icons';
import { AttachmentChips } from './attachment-chips';

const MAX_HEIGHT = 240;
const NO_FILES: FileItem[] = [];

/**
 * The message box: grows with its text; Enter sends, Shift+Enter adds a line; Stop while an answer
 * streams. The paperclip (or a drop) attaches files to the conversation, shown as chips above the text.
 */
export function Composer() {
  const draft = useAppState((s) => s.ui.draft);
  const phase = useAppState((s) => s.stream?.phase ?? null);
  const needsSetup = useAppState(selectNeedsSetup);
  const focusToken = useAppState((s) => s.ui.focusToken);
  const thinkHarder = useAppState((s) => s.ui.thinkHarder);
  const conversationId = useAppState((s) => s.activeConversationId);
  const scope = useMemo<DocumentScope | null>(() => (conversationId ? { kind: 'conversation', id: conversationId } : null), [conversationId]);
  const files = useAppState((s) => (scope ? (s.files[scopeKey(scope)]?.items ?? NO_FILES) : NO_FILES));
  useScopeFiles(scope, { quiet: true });
  const wide = useIsWide();
  const area = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const streaming = phase !== null;
  // An answer sent now would not see a file still being read: wait for it.
  const waiting = files.some(isPending);
  const canSend = draft.trim().length > 0 && !streaming && !needsSetup && !waiting;

  useEffect(() => {
    // On phones, focusing on load would pop the keyboard over the page: only focus on request.
    if (focusToken === 0 && !wide) return;
    area.current?.focus();
  }, [focusToken, wide]);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
    el.style.overflowY = el.scrollHeight > MAX_HEIGHT ? 'auto' : 'hidden';
  }, [draft]);

  const submit = () => {
    if (canSend) void sendMessage(draft);
  };

  const onDrag = (event: DragEvent<HTMLFormElement>) => {
    if (!event.dataTransfer.types.includes('Files') || needsSetup) return;
    event.preventDefault();
    if (event.type === 'dragleave') {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    } else setDragging(true);
  };

  return (
    <form
      className="composer"
      data-streaming={streaming || undefined}
      data-dragging={dragging || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onDragEnter={onDrag}
      onDragOver={onDrag}
      onDragLeave={onDrag}
      onDrop={(e) => {
        if (!e.dataTransfer.types.includes('Files') || needsSetup) return;
        e.preventDefault();
        setDragging(false);
        void attachFiles([...e.dataTransfer.files]);
      }}
    >
      <AttachmentChips items={files} />
      <div className="composer-row">
        <button
          type="button"
          className="icon-button attach-button"
          aria-label="Attach files"
          title="Attach files: answers in this chat can cite them"
          disabled={needsSetup}
          onClick={() => picker.current?.click()}
        >
          <IconPaperclip />
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="Files to attach"
          onChange={(e) => {
            const chosen = [...(e.target.files ?? [])];
            // The same file picked again must fire `change` again.
            e.target.value = '';
            void attachFiles(chosen);
          }}
        />
        <textarea
          ref={area}
          className="composer-input"
          aria-label="Message"
          placeholder={needsSetup ? 'Set up a model to start chatting' : 'Message Redline'}
          rows={1}
          value={draft}
          onChange={(e) => dispatch({ type: 'ui/draft', draft: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            } else if (e.key === 'Escape' && streaming) {
              e.preventDefault();
              void stopStreaming();
            }
          }}
          onPaste={(e) => {
            // Pasted files (a screenshot, a copied document) attach like dropped ones.
            const pasted = [...e.clipboardData.files];
            if (pasted.length === 0 || needsSetup) return;
            e.preventDefault();
            void attachFiles(pasted);
          }}
        />
        <div className="composer-actions">
          <button
            type="button"
            className="think-toggle"
            aria-pressed={thinkHarder}
            title={thinkHarder ? 'Think harder is on: the model reasons before it answers (slower)' : 'Think harder: let the model reason before it answers'}
            onClick={() => dispatch({ type: 'ui/think-harder', on: !thinkHarder })}
          >
            <IconBulb />
            <span>Think</span>
          </button>
          {streaming ? (
            <button
              type="button"
              className="send-button is-stop"
              aria-label="Stop"
              title="Stop generating (Esc)"
              disabled={phase === 'stopping'}
              onClick={() => void stopStreaming()}
            >
              <IconStop />
            </button>
          ) : (
            <button
              type="submit"
              className="send-button"
              aria-label="Send"
              title={waiting ? 'Wait for the attached files to finish reading' : 'Send (Enter)'}
              disabled={!canSend}
            >
              <IconSend />
            </button>
          )}
        </div>
      </div>
      {dragging && (
        <div className="composer-drop" aria-hidden="true">
          <IconPaperclip />
          Drop files to attach them to this chat
        </div>
      )}
    </form>
  );
}
