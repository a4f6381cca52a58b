import type { GroundingView } from '../../state/grounding-view';
import { IconAlert, IconCheckCircle, IconFile } from '../icons';

interface AnswerSourcesProps {
  grounding: GroundingView;
  /** The answer is still being written: its check comes after the text. */
  streaming: boolean;
  onOpen: (n: number) => void;
}

/**
 * Under a grounded answer: the files it cites (once each, opening the side panel), the verdict of
 * the check ("All 4 sentences supported by the sources"), or "Checking sources…" until it arrives,
 * and a quiet note when Redline found no answer in the files.
 */
export function AnswerSources({ grounding, streaming, onOpen }: AnswerSourcesProps) {
  const { documents, summary, flagged, abstained, checked, sources } = grounding;
  const checking = streaming && sources.length > 0 && !checked;
  if (documents.length === 0 && !summary && !checking && !abstained) return null;
  return (
    <div className="answer-grounding">
      {abstained && (
        <p className="grounding-note" role="note">
          <IconFile />
          Not found in your files
        </p>
      )}
      {documents.length > 0 && (
        <div className="answer-sources" role="group" aria-label="Sources">
          <span className="answer-sources-label">Sources</span>
          {documents.map((doc) => (
            <button
              key={doc.name}
              type="button"
              className="source-chip"
              title={doc.count > 1 ? `${doc.name}: ${doc.count} passages` : doc.name}
              onClick={() => onOpen(doc.n)}
            >
              <IconFile />
              <span>{doc.name}</span>
            </button>
          ))}
        </div>
      )}
      {checking ? (
        <p className="verification-summary is-checking" role="status">
          Checking sources…
        </p>
      ) : (
        summary && (
          <p className="verification-summary" data-flagged={flagged || undefined}>
            {flagged ? <IconAlert /> : <IconCheckCircle />}
            {summary}
          </p>
        )
      )}
    </div>
  );
}
