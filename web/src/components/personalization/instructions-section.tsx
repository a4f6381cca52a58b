import { useId, useState } from 'react';
import type { PersonalizationSettings, SettingsPatch } from '../../api/types';
import { PERSONALIZATION_LIMITS, charCount } from '../../state/memory-view';
import { CharCounter } from './char-counter';

interface InstructionsSectionProps {
  settings: PersonalizationSettings;
  onSave: (patch: SettingsPatch) => Promise<string | null>;
}

const LIMIT = PERSONALIZATION_LIMITS.instructionChars;

/** Custom instructions: two texts every chat starts with (a conversation can override them). */
export function InstructionsSection({ settings, onSave }: InstructionsSectionProps) {
  const [about, setAbout] = useState(settings.aboutUser);
  const [style, setStyle] = useState(settings.responseStyle);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);
  const aboutCounter = useId();
  const styleCounter = useId();
  const dirty = about.trim() !== settings.aboutUser.trim() || style.trim() !== settings.responseStyle.trim();
  const tooLong = charCount(about, LIMIT).over || charCount(style, LIMIT).over;

  const save = async () => {
    setBusy(true);
    setMessage(null);
    const failure = await onSave({ aboutUser: about.trim(), responseStyle: style.trim() });
    setBusy(false);
    setMessage(failure ? { kind: 'error', text: `Not saved: ${failure}` } : { kind: 'saved', text: 'Saved. New messages use these instructions.' });
  };

  return (
    <form
      className="personal-card"
      aria-labelledby="instructions-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="instructions-title">Custom instructions</h2>
      <label className="field">
        <span className="field-label">What should Redline know about you?</span>
        <textarea
          className="text-area"
          rows={4}
          value={about}
          placeholder="Your work, where you live, what you are into, what you are working toward…"
          aria-describedby={aboutCounter}
          onChange={(e) => setAbout(e.target.value)}
        />
        <CharCounter id={aboutCounter} text={about} limit={LIMIT} />
      </label>
      <label className="field">
        <span className="field-label">How should Redline respond?</span>
        <textarea
          className="text-area"
          rows={4}
          value={style}
          placeholder="Tone, length, format: “be concise”, “use metric units”, “explain like I'm new to this”…"
          aria-describedby={styleCounter}
          onChange={(e) => setStyle(e.target.value)}
        />
        <CharCounter id={styleCounter} text={style} limit={LIMIT} />
      </label>
      <div className="card-actions">
        {message && (
          <p className={message.kind === 'error' ? 'form-error' : 'form-success'} role={message.kind === 'error' ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
        <span className="spacer" />
        <button type="submit" className="button button-primary" disabled={busy || !dirty || tooLong}>
          {busy ? 'Saving…' : 'Save instructions'}
        </button>
      </div>
    </form>
  );
}
