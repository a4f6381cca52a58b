import { useEffect } from 'react';
import { useRevealMessage } from '../../hooks/use-reveal-message';
import { useVirtualThread } from '../../hooks/use-virtual-thread';
import { useAppState } from '../../state/app-store';
import { selectPathIds } from '../../state/selectors';
import { shallowEqual } from '../../state/store';
import { IconArrowDown } from '../icons';
import { EmptyState } from './empty-state';
import { MessageRow } from './message-row';

/**
 * The visible path of the conversation, scrolled like a chat: pinned to the latest unless the user
 * scrolls up. Virtualized: a thousand messages put a screenful of rows in the DOM, not a thousand.
 */
export function Thread() {
  const activeId = useAppState((s) => s.activeConversationId);
  const status = useAppState((s) => s.thread?.status ?? null);
  const error = useAppState((s) => s.thread?.error ?? null);
  const pathIds = useAppState(selectPathIds, shallowEqual);
  const phase = useAppState((s) => s.stream?.phase ?? null);
  const { scrollRef, virtualizer, atBottom, scrollToBottom, scrollToRow, onFocusChange } = useVirtualThread({ rowIds: pathIds, resetKey: activeId });
  const focusedId = useRevealMessage({ pathIds, scrollToRow });

  // A new turn always brings the view down to it.
  useEffect(() => {
    if (phase === 'connecting') scrollToBottom('auto');
  }, [phase, scrollToBottom]);

  const empty = pathIds.length === 0 && (!activeId || status === 'ready');
  const lastId = pathIds[pathIds.length - 1];
  const rows = virtualizer.getVirtualItems();

  return (
    <div className="thread-viewport">
      <div className="thread-scroll" ref={scrollRef}>
        <div
          className={pathIds.length > 0 ? 'thread-content is-virtual' : 'thread-content'}
          role="log"
          aria-live="off"
          aria-label="Messages"
          onFocus={onFocusChange}
          onBlur={onFocusChange}
        >
          {empty && <EmptyState />}
          {status === 'loading' && pathIds.length === 0 && <ThreadSkeleton />}
          {status === 'error' && <p className="thread-error">{error}</p>}
          {pathIds.length > 0 && (
            // Its height and the rows' `top` are written by the virtualizer (directDomUpdates), not by React.
            <div className="thread-rows" ref={virtualizer.containerRef}>
              {rows.map((row) => (
                <div
                  key={row.key}
                  className="thread-row"
                  data-index={row.index}
                  data-row-key={row.key}
                  data-focused={row.key === focusedId || undefined}
                  ref={virtualizer.measureElement}
                >
                  <MessageRow id={String(row.key)} isLast={row.key === lastId} />
                </div>
              ))}
            </div>
          )}
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
