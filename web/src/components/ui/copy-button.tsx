import { useCopy } from '../../hooks/use-copy';
import { IconCheck, IconCopy } from '../icons';

interface CopyButtonProps {
  text: string;
  /** The accessible name; stays the same after copying so tests and screen readers find it. */
  label?: string;
  showText?: boolean;
  className?: string;
}

export function CopyButton({ text, label = 'Copy', showText = false, className = 'icon-button' }: CopyButtonProps) {
  const { copied, copy } = useCopy();
  return (
    <button
      type="button"
      className={className}
      aria-label={label}
      title={copied ? 'Copied' : label}
      data-copied={copied || undefined}
      onClick={() => copy(text)}
    >
      {copied ? <IconCheck /> : <IconCopy />}
      {showText && <span>{copied ? 'Copied' : 'Copy'}</span>}
      <span className="visually-hidden" aria-live="polite">
        {copied ? 'Copied' : ''}
      </span>
    </button>
  );
}
