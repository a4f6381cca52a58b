import { useEffect, useLayoutEffect, useRef } from 'react';
import { sendMessage, stopStreaming } from '../../hooks/chat-actions';
import { useIsWide } from '../../hooks/use-media-query';
import { dispatch, useAppState } from '../../state/app-store';
import { selectNeedsSetup } from '../../state/selectors';
import { IconBulb, IconSend, IconStop } from '../icons';

const MAX_HEIGHT = 240;

/** The message box: grows with its text; Enter sends, Shift+Enter adds a line; Stop while an answer streams. */
export function Composer() {
  const draft = useAppState((s) => s.ui.draft);
  const phase = useAppState((s) => s.stream?.phase ?? null);
  const needsSetup = useAppState(selectNeedsSetup);
  const focusToken = useAppState((s) => s.ui.focusToken);
  const thinkHarder = useAppState((s) => s.ui.thinkHarder);
  const wide = useIsWide();
  const area = useRef<HTMLTextAreaElement>(null);
  const streaming = phase !== null;
  const canSend = draft.trim().length > 0 && !streaming && !needsSetup;

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

  return (
    <form
      className="composer"
      data-streaming={streaming || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
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
          <button type="submit" className="send-button" aria-label="Send" title="Send (Enter)" disabled={!canSend}>
            <IconSend />
          </button>
        )}
      </div>
    </form>
  );
}
