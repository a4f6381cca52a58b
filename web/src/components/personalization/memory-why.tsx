import type { Memory } from '../../api/types';
import { useMemoryHistory } from '../../hooks/use-memories';
import { formatDateTime } from '../../lib/format';
import { useAppState } from '../../state/app-store';
import { memorySource } from '../../state/memory-view';
import { chatRoute } from '../../state/route';
import { PageLink } from '../ui/page-link';

/** "Why do you know this?": where the memory came from (a link to the message) and the older values it replaced. */
export function MemoryWhy({ memory }: { memory: Memory }) {
  const source = memorySource(memory);
  const history = useMemoryHistory(memory.id, true);
  const title = useAppState((s) =>
    source.type === 'none' ? null : (s.conversations.items.find((c) => c.id === source.conversationId)?.title?.trim() ?? null),
  );

  return (
    <div className="memory-why" role="region" aria-label="Why Redline knows this">
      {source.type === 'message' && (
        <p>
          Learned from your message in{' '}
          <PageLink to={chatRoute(source.conversationId, source.messageId)} className="text-link">
            {title ? `“${title}”` : 'a conversation'}
          </PageLink>{' '}
          on {formatDateTime(memory.createdAt)}.
        </p>
      )}
      {source.type === 'conversation' && (
        <p>
          Learned in{' '}
          <PageLink to={chatRoute(source.conversationId)} className="text-link">
            {title ? `“${title}”` : 'a conversation'}
          </PageLink>
          ; the message it came from was since deleted.
        </p>
      )}
      {source.type === 'none' && <p>There is no source message: you added this yourself (here or by import), or the conversation it came from was deleted.</p>}

      {history.status === 'loading' && <p className="muted">Loading earlier versions…</p>}
      {history.status === 'error' && <p className="form-error">Earlier versions could not be loaded: {history.error}</p>}
      {history.status === 'ready' &&
        (history.history.length === 0 ? (
          <p className="muted">No earlier versions.</p>
        ) : (
          <div className="memory-history">
            <p className="memory-history-title">It replaced:</p>
            <ol>
              {history.history.map((old) => (
                <li key={old.id}>
                  <span className="memory-history-content">{old.content}</span>
                  <span className="muted"> · saved {formatDateTime(old.createdAt)}</span>
                </li>
              ))}
            </ol>
          </div>
        ))}
    </div>
  );
}
