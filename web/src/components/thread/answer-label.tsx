import { useMemo } from 'react';
import type { Message } from '../../api/types';
import { useAppState } from '../../state/app-store';
import { answerProvenance } from '../../state/answer-provenance';
import { modelLabel } from '../../state/selectors';

/**
 * The quiet line under an answer: the model's name, or what `auto` picked ("Auto → small"), the model
 * that answered after a fallback, and a "continued" marker when the stream was picked up mid-answer.
 * Details are in the titles.
 */
export function AnswerLabel({ message }: { message: Message }) {
  const models = useAppState((s) => s.models.items);
  const provenance = useMemo(() => answerProvenance(message, models), [message, models]);
  if (!message.model && !provenance.answeredBy) return null;
  return (
    <span className="answer-label">
      {provenance.route ? (
        <span className="model-name" title={provenance.route.title}>
          {provenance.route.label}
        </span>
      ) : (
        message.model && <span className="model-name">{modelLabel(models, message.model)}</span>
      )}
      {provenance.answeredBy && (
        <span className="answer-note" title={`The model asked for did not answer; ${provenance.answeredBy} did`}>
          answered by {provenance.answeredBy}
        </span>
      )}
      {provenance.continued && (
        <span className="answer-note" title={provenance.continued.title}>
          continued
        </span>
      )}
    </span>
  );
}
