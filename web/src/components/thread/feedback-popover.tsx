import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { IconClose } from '../icons';

export type PopoverPlacement = 'above' | 'below';

/** Quick reasons for a thumbs down, one click each. */
export const QUICK_REASONS = ['Too long', 'Too short', 'Wrong', 'Too formal', 'Too casual', 'No emojis please'] as const;

interface FeedbackPopoverProps {
  placement: PopoverPlacement;
  /** The thumb that opened it: it toggles the popover itself, so a click on it is not "outside". */
  opener: RefObject<HTMLElement | null>;
  /** The reason saved already, shown pressed. */
  reason: string | null;
  onReason: (reason: string) => void;
  /** `refocus`: give focus back to the thumb (Escape, the close button), not when the user clicked elsewhere. */
  onClose: (refocus: boolean) => void;
}

/**
 * "What went wrong?" after a thumbs down: a chip saves its reason at once; free text is saved with Send.
 * Non-modal: Escape, the close button or a click outside closes it.
 */
export function FeedbackPopover({ placement, opener, reason, onReason, onClose }: FeedbackPopoverProps) {
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const [text, setText] = useState(() => (reason && !(QUICK_REASONS as readonly string[]).includes(reason) ? reason : ''));
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    panel.current?.querySelector<HTMLElement>('button.chip')?.focus({ preventScroll: true });
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (!target || panel.current?.contains(target) || opener.current?.contains(target)) return;
      close.current(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [opener]);

  return (
    <div
      ref={panel}
      className="feedback-popover"
      data-placement={placement}
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        onClose(true);
      }}
    >
      <div className="feedback-popover-head">
        <span id={titleId} className="feedback-popover-title">
          What went wrong?
        </span>
        <button type="button" className="icon-button small" aria-label="Close" onClick={() => onClose(true)}>
          <IconClose />
        </button>
      </div>
      <div className="feedback-chips" role="group" aria-label="Quick reasons">
        {QUICK_REASONS.map((chip) => (
          <button key={chip} type="button" className="chip" aria-pressed={reason === chip} onClick={() => onReason(chip)}>
            {chip}
          </button>
        ))}
      </div>
      <form
        className="feedback-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) onReason(text.trim());
        }}
      >
        <input
          type="text"
          aria-label="Tell us more"
          placeholder="Tell us more (optional)"
          maxLength={500}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button button-small button-primary" disabled={!text.trim()}>
          Send
        </button>
      </form>
    </div>
  );
}
