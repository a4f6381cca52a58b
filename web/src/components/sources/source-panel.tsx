import { useEffect, useMemo, useRef } from 'react';
import type { Source } from '../../api/types';
import { useMediaQuery } from '../../hooks/use-media-query';
import type { AppState } from '../../state/app-state';
import { dispatch, useAppState } from '../../state/app-store';
import { groundingOf, headingPath, pageLabel, sourcePlace } from '../../state/grounding-view';
import { IconClose, IconFile } from '../icons';
import '../../styles/sources.css';

const selectPanelMessage = (s: AppState) => {
  const panel = s.ui.sourcePanel;
  return panel ? (s.thread?.messages[panel.messageId] ?? null) : null;
};

const close = () => dispatch({ type: 'ui/source-panel', panel: null });

/**
 * The passage a citation points at, beside the thread (a drawer on narrow screens): the file's name,
 * where in it the passage sits, the passage itself, and every source of the answer to switch
 * between. Escape or × closes it, and focus goes back to the citation that opened it.
 */
export default function SourcePanel() {
  const panel = useAppState((s) => s.ui.sourcePanel);
  const message = useAppState(selectPanelMessage);
  const metadata = message?.metadata ?? null;
  const sources = useMemo(() => [...groundingOf(metadata).sources].sort((a, b) => a.n - b.n), [metadata]);
  // Docked beside the thread when there is room for both; a drawer over it otherwise.
  const docked = useMediaQuery('(min-width: 1100px)');
  const root = useRef<HTMLElement>(null);
  const passage = useRef<HTMLDivElement>(null);
  const current = sources.find((s) => s.n === panel?.n) ?? null;

  // Focus moves into the panel when it opens, and back to what opened it when it closes.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    root.current?.querySelector<HTMLElement>('.source-panel-close')?.focus({ preventScroll: true });
    return () => {
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, []);

  useEffect(() => {
    passage.current?.scrollTo?.({ top: 0 });
  }, [panel?.n]);

  // The answer went away (another branch, a deletion): nothing to show.
  useEffect(() => {
    if (panel && (!message || sources.length === 0)) close();
  }, [panel, message, sources.length]);

  if (!panel || !message || !current) return null;
  return (
    <>
      {!docked && <div className="source-scrim" onClick={close} aria-hidden="true" />}
      <aside className="source-panel" ref={root} aria-label="Source" data-docked={docked || undefined}>
        <header className="source-panel-header">
          <h2>Source</h2>
          <button type="button" className="icon-button source-panel-close" aria-label="Close source" title="Close (Esc)" onClick={close}>
            <IconClose />
          </button>
        </header>
        <div className="source-panel-scroll" ref={passage}>
          <SourcePassage source={current} />
          {sources.length > 1 && (
            <nav className="source-list" aria-label="All sources of this answer">
              <h3>All sources of this answer</h3>
              <ol>
                {sources.map((source) => (
                  <li key={source.n}>
                    <button
                      type="button"
                      className="source-list-item"
                      aria-current={source.n === current.n ? 'true' : undefined}
                      onClick={() => dispatch({ type: 'ui/source-panel', panel: { messageId: panel.messageId, n: source.n } })}
                    >
                      <span className="source-number">{source.n}</span>
                      <span className="source-list-text">
                        <span className="source-list-name">{source.name}</span>
                        <span className="source-list-place">{sourcePlace(source) || snippet(source.text)}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            </nav>
          )}
        </div>
      </aside>
    </>
  );
}

function SourcePassage({ source }: { source: Source }) {
  const page = pageLabel(source.page);
  const path = headingPath(source.heading);
  return (
    <article className="source-passage" aria-labelledby="source-passage-name">
      <div className="source-file">
        <span className="source-number" aria-label={`Source ${source.n}`}>
          {source.n}
        </span>
        <IconFile />
        <h3 id="source-passage-name">{source.name}</h3>
      </div>
      {(path.length > 0 || page) && (
        <p className="source-place">
          {path.length > 0 && (
            <span className="source-heading" aria-label="Section">
              {path.map((part, i) => (
                <span key={i}>{part}</span>
              ))}
            </span>
          )}
          {page && <span className="source-page">{page}</span>}
        </p>
      )}
      <blockquote className="source-text">{source.text}</blockquote>
    </article>
  );
}

function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}
