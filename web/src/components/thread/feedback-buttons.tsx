import { useRef, useState } from 'react';
import type { Message } from '../../api/types';
import { rateAnswer } from '../../hooks/feedback-actions';
import { feedbackOf } from '../../state/answer-provenance';
import { IconThumbDown, IconThumbUp } from '../icons';
import { FeedbackPopover, type PopoverPlacement } from './feedback-popover';

/** The popover needs about this much room under the buttons, else it opens above them. */
const POPOVER_HEIGHT = 190;

/**
 * Thumbs up / down on an answer. The rating is saved at once; thumbs down also asks why, in a small
 * popover of quick reasons and free text. Clicking the active thumb again clears the rating.
 */
export function FeedbackButtons({ message }: { message: Message }) {
  const feedback = feedbackOf(message);
  const [placement, setPlacement] = useState<PopoverPlacement | null>(null);
  const [thanked, setThanked] = useState(false);
  const downButton = useRef<HTMLButtonElement>(null);
  const disabled = message.id.startsWith('local-');

  const close = (options: { thanks: boolean; refocus: boolean }) => {
    setPlacement(null);
    setThanked(options.thanks);
    if (options.refocus) downButton.current?.focus();
  };

  const rateUp = () => {
    setPlacement(null);
    setThanked(feedback?.rating !== 'up');
    void rateAnswer(message.id, feedback?.rating === 'up' ? null : 'up');
  };

  const rateDown = () => {
    if (feedback?.rating === 'down') {
      close({ thanks: false, refocus: false });
      void rateAnswer(message.id, null);
      return;
    }
    void rateAnswer(message.id, 'down');
    setThanked(false);
    setPlacement(placementFor(downButton.current));
  };

  return (
    <>
      <button
        type="button"
        className="icon-button feedback-button"
        aria-label="Good answer"
        title="Good answer"
        aria-pressed={feedback?.rating === 'up'}
        disabled={disabled}
        onClick={rateUp}
      >
        <IconThumbUp />
      </button>
      <button
        ref={downButton}
        type="button"
        className="icon-button feedback-button"
        aria-label="Bad answer"
        title="Bad answer"
        aria-pressed={feedback?.rating === 'down'}
        aria-expanded={placement !== null}
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={rateDown}
      >
        <IconThumbDown />
      </button>
      <span className="visually-hidden" aria-live="polite">
        {thanked ? 'Thanks for your feedback' : ''}
      </span>
      {placement && (
        <FeedbackPopover
          placement={placement}
          opener={downButton}
          reason={feedback?.rating === 'down' ? feedback.reason : null}
          onReason={(reason) => {
            void rateAnswer(message.id, 'down', reason);
            close({ thanks: true, refocus: true });
          }}
          onClose={(refocus) => close({ thanks: false, refocus })}
        />
      )}
    </>
  );
}

/** Below the buttons when the thread's viewport has room for the popover there, else above them. */
function placementFor(button: HTMLElement | null): PopoverPlacement {
  const viewport = button?.closest('.thread-scroll')?.getBoundingClientRect();
  const anchor = button?.getBoundingClientRect();
  if (!viewport || !anchor) return 'below';
  return viewport.bottom - anchor.bottom >= POPOVER_HEIGHT ? 'below' : 'above';
}
