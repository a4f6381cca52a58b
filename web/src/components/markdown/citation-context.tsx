import { createContext, useContext, type ReactNode } from 'react';

/** What a citation button needs from the answer it is in: the source's name, and how to open it. */
export interface CitationHandlers {
  nameOf: (n: number) => string | undefined;
  open: (n: number) => void;
  /** The source the side panel shows for this answer, if open. */
  active: number | null;
}

export const CitationContext = createContext<CitationHandlers | null>(null);

/** A citation marker (`sup.citation` from `rehypeCitations`): a small button that opens the source. */
export function CitationRef({ n, children }: { n: number; children?: ReactNode }) {
  const handlers = useContext(CitationContext);
  if (!handlers) return <sup className="citation">{children ?? n}</sup>;
  const name = handlers.nameOf(n);
  return (
    <sup className="citation">
      <button
        type="button"
        className="citation-ref"
        data-citation={n}
        aria-label={name ? `Source ${n}: ${name}` : `Source ${n}`}
        title={name}
        aria-expanded={handlers.active === n}
        onClick={() => handlers.open(n)}
      >
        {n}
      </button>
    </sup>
  );
}
