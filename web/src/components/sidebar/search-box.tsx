import { setSearchQuery } from '../../hooks/conversation-actions';
import { useDebouncedSearch } from '../../hooks/use-search';
import { useAppState } from '../../state/app-store';
import { IconClose, IconSearch } from '../icons';

export function SearchBox() {
  useDebouncedSearch();
  const query = useAppState((s) => s.search.query);
  return (
    <div className="search-box" role="search">
      <IconSearch className="search-icon" />
      <input
        type="search"
        id="conversation-search"
        aria-label="Search conversations"
        placeholder="Search chats"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(e) => setSearchQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && query) {
            e.stopPropagation();
            setSearchQuery('');
          }
        }}
      />
      {query && (
        <button type="button" className="icon-button search-clear" aria-label="Clear search" onClick={() => setSearchQuery('')}>
          <IconClose />
        </button>
      )}
    </div>
  );
}
