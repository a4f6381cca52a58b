import { useEffect } from 'react';
import { useStickToBottom } from '../../hooks/use-stick-to-bottom';
import { useAppState } from '../../state/app-store';
import { selectPathIds } from '../../state/selectors';
import { shallowEqual } from '../../state/store';
import { IconArrowDown } from '../icons';
import { EmptyState } from './empty-state';
import { MessageRow } from './message-row';

/** The visible path of the conversation, scrolled like a chat: pinned to the latest unless the user scrolls up. */
export function Thread() {
  const activeId = useAppState((s) => s.activeConversationId);
  const status = useAppState((s) => s.thread?.status ?? null);
  const error = useAppState((s) => s.thread?.error ?? null);
  const pathIds = useAppState(selectPathIds, shallowEqual);
  const phase = useAppState((s) => s.stream?.phase ?? null);
  const { scrollRef, contentRef, atBottom, scrollToBottom } = useStickToBottom(activeId);

  // A new turn always brings the view down to it.
  useEffect(() => {
    if (phase === 'connecting') scrollToBottom('auto');
  }, [phase, scrollToBottom]);
  // The first load of a conversation opens at its end.
  useEffect(() => {
    if (status === 'ready') scrollToBottom('auto');
  }, [status, scrollToBottom]);

  const empty = pathIds.length === 0 && (!activeId || status === 'ready');
  const lastId = pathIds[pathIds.length - 1];

  return (
    <div className="thread-viewport">
      <div className="thread-scroll" ref={scrollRef}>
        <div className="thread-content" ref={contentRef} role="log" aria-live="off" aria-label="Messages">
          {empty && <EmptyState />}
          {status === 'loading' && pathIds.length === 0 && <ThreadSkeleton />}
          {status === 'error' && <p className="thread-error">{error}</p>}
          {pathIds.map((id) => (
            <MessageRow key={id} id={id} isLast={id === lastId} />
          ))}
        </div>
      </div>
      {!atBottom && !empty && (
        <button type="button" className="jump-to-latest" aria-label="Jump to latest" onClick={() => scrollToBottom('smooth')}>
          <IconArrowDown />
        </button>
      )}
    </div>
  );
}

function ThreadSkeleton() {
  return (
    <div className="thread-skeleton" aria-label="Loading messages">
      <span className="skeleton-bubble" />
      <span className="skeleton-line" style={{ width: '92%' }} />
      <span className="skeleton-line" style={{ width: '78%' }} />
      <span className="skeleton-line" style={{ width: '85%' }} />
    </div>
  );
}
