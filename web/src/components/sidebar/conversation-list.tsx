import { useEffect, useMemo, useRef } from 'react';
import { loadConversations } from '../../hooks/conversation-actions';
import { groupConversations } from '../../state/conversation-groups';
import { useAppState } from '../../state/app-store';
import { ConversationItem } from './conversation-item';

export function ConversationList() {
  const query = useAppState((s) => s.search.query.trim());
  const search = useAppState((s) => s.search);
  const list = useAppState((s) => s.conversations);
  const activeId = useAppState((s) => s.activeConversationId);
  const groups = useMemo(() => groupConversations(list.items), [list.items]);

  if (query) {
    return (
      <nav className="conversation-list" aria-label="Search results">
        <div className="conversation-group">
          <h3 className="group-label">Results</h3>
          {search.status === 'loading' && search.results.length === 0 && <p className="list-note">Searching…</p>}
          {search.status === 'ready' && search.results.length === 0 && <p className="list-note">No chats match “{query}”.</p>}
          {search.status === 'error' && <p className="list-note">Search failed.</p>}
          <ul>
            {search.results.map((c) => (
              <ConversationItem key={c.id} conversation={c} active={c.id === activeId} />
            ))}
          </ul>
        </div>
      </nav>
    );
  }

  return (
    <nav className="conversation-list" aria-label="Conversations">
      {list.status === 'loading' && list.items.length === 0 && (
        <div className="list-skeleton" aria-label="Loading conversations">
          {[70, 55, 80, 45, 65].map((w, i) => (
            <span key={i} style={{ width: `${w}%` }} />
          ))}
        </div>
      )}
      {list.status === 'ready' && list.items.length === 0 && <p className="list-note">Your chats will appear here.</p>}
      {groups.map((group) => (
        <div className="conversation-group" key={group.label}>
          <h3 className="group-label">{group.label}</h3>
          <ul>
            {group.items.map((c) => (
              <ConversationItem key={c.id} conversation={c} active={c.id === activeId} />
            ))}
          </ul>
        </div>
      ))}
      {list.hasMore && <LoadMore loading={list.loadingMore} />}
    </nav>
  );
}

/** Loads the next page when it scrolls into view. */
function LoadMore({ loading }: { loading: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = ref.current;
    if (!node || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadConversations({ more: true });
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="list-note">
      {loading ? 'Loading…' : ''}
    </div>
  );
}
