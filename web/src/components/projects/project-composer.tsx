import { useLayoutEffect, useRef } from 'react';
import type { Project } from '../../api/types';
import { sendMessage } from '../../hooks/chat-actions';
import { dispatch, useAppState } from '../../state/app-store';
import { selectNeedsSetup } from '../../state/selectors';
import { IconSend } from '../icons';

const MAX_HEIGHT = 200;

/** "New chat in <project>": sending starts a conversation in the project and opens it. */
export function ProjectComposer({ project }: { project: Project }) {
  const draft = useAppState((s) => s.ui.draft);
  const busy = useAppState((s) => s.stream !== null);
  const needsSetup = useAppState(selectNeedsSetup);
  const area = useRef<HTMLTextAreaElement>(null);
  const canSend = draft.trim().length > 0 && !busy && !needsSetup;

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
    el.style.overflowY = el.scrollHeight > MAX_HEIGHT ? 'auto' : 'hidden';
  }, [draft]);

  const submit = () => {
    if (canSend) void sendMessage(draft, { projectId: project.id });
  };

  return (
    <form
      className="composer project-composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="composer-row">
        <textarea
          ref={area}
          className="composer-input"
          aria-label={`New chat in ${project.name}`}
          placeholder={needsSetup ? 'Set up a model to start chatting' : `New chat in ${project.name}`}
          rows={1}
          value={draft}
          onChange={(e) => dispatch({ type: 'ui/draft', draft: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <div className="composer-actions">
          <button type="submit" className="send-button" aria-label="Start chat" title="Start a chat in this project (Enter)" disabled={!canSend}>
            <IconSend />
          </button>
        </div>
      </div>
    </form>
  );
}
