import { dispatch } from '../../state/app-store';
import { IconSidebar } from '../icons';

/** Opens the collapsed sidebar: the first control of every page header while the sidebar is closed. */
export function OpenSidebarButton() {
  return (
    <button type="button" className="icon-button" aria-label="Open sidebar" title="Open sidebar" onClick={() => dispatch({ type: 'ui/sidebar', open: true })}>
      <IconSidebar />
    </button>
  );
}
