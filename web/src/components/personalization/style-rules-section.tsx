import { useState, type FormEvent } from 'react';
import type { SettingsPatch } from '../../api/types';
import { PERSONALIZATION_LIMITS, normalizeRules, rulesProblem } from '../../state/memory-view';
import { IconClose, IconEdit } from '../icons';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { CharCounter } from './char-counter';

interface StyleRulesSectionProps {
  rules: string[];
  onSave: (patch: SettingsPatch) => Promise<string | null>;
  onReset: () => Promise<string | null>;
}

const { styleRuleChars, styleRules: maxRules } = PERSONALIZATION_LIMITS;

/** The style profile: short rules learned from feedback ("shorter", "no emojis"), each editable or removable; reset forgets them. */
export function StyleRulesSection({ rules, onSave, onReset }: StyleRulesSectionProps) {
  const [editing, setEditing] = useState<number | null>(null);
  const [draft, setDraft] = useState('');
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);

  const commit = async (next: string[]): Promise<boolean> => {
    const cleaned = normalizeRules(next);
    const problem = rulesProblem(cleaned);
    if (problem) {
      setError(problem);
      return false;
    }
    setError(null);
    const failure = await onSave({ styleRules: cleaned });
    if (failure) setError(`Not saved: ${failure}`);
    return !failure;
  };

  const saveEdit = async (index: number) => {
    if (await commit(rules.map((rule, i) => (i === index ? draft : rule)))) setEditing(null);
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!adding.trim()) return;
    if (await commit([...rules, adding])) setAdding('');
  };

  return (
    <div className="personal-card" role="group" aria-labelledby="style-title">
      <div className="card-heading">
        <h2 id="style-title">Style profile</h2>
        <button type="button" className="button button-small" disabled={rules.length === 0} onClick={() => setConfirmReset(true)}>
          Reset
        </button>
      </div>
      <p className="settings-text">
        Rules Redline learned from your feedback (thumbs up or down, “shorter”, “no emojis”) and your edits. They apply to every answer.
      </p>
      {rules.length === 0 ? (
        <p className="settings-text muted">No rules yet.</p>
      ) : (
        <ul className="style-rules" aria-label="Style rules">
          {rules.map((rule, index) =>
            editing === index ? (
              <li key={`edit-${index}`} className="style-rule is-editing">
                <input
                  aria-label="Style rule"
                  value={draft}
                  autoFocus
                  onChange={(e) => setDraft(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      void saveEdit(index);
                    } else if (e.key === 'Escape') {
                      e.preventDefault();
                      setEditing(null);
                    }
                  }}
                />
                <CharCounter text={draft} limit={styleRuleChars} />
                <button type="button" className="button button-small" onClick={() => setEditing(null)}>
                  Cancel
                </button>
                <button type="button" className="button button-small button-primary" onClick={() => void saveEdit(index)}>
                  Save
                </button>
              </li>
            ) : (
              <li key={rule} className="style-rule">
                <span className="style-rule-text">{rule}</span>
                <button
                  type="button"
                  className="icon-button small"
                  aria-label={`Edit rule: ${rule}`}
                  title="Edit"
                  onClick={() => {
                    setEditing(index);
                    setDraft(rule);
                  }}
                >
                  <IconEdit />
                </button>
                <button
                  type="button"
                  className="icon-button small"
                  aria-label={`Remove rule: ${rule}`}
                  title="Remove"
                  onClick={() => void commit(rules.filter((_, i) => i !== index))}
                >
                  <IconClose />
                </button>
              </li>
            ),
          )}
        </ul>
      )}
      {rules.length < maxRules && (
        <form className="inline-form" onSubmit={(e) => void add(e)}>
          <label className="field field-grow">
            <span className="visually-hidden">New style rule</span>
            <input aria-label="New style rule" placeholder="Add a rule, e.g. “Answer in British English”" value={adding} onChange={(e) => setAdding(e.target.value)} />
          </label>
          <button type="submit" className="button" disabled={!adding.trim()}>
            Add rule
          </button>
        </form>
      )}
      {adding.length > styleRuleChars * 0.8 && <CharCounter text={adding} limit={styleRuleChars} />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {confirmReset && (
        <ConfirmDialog
          title="Reset the style profile?"
          confirmLabel="Reset"
          onCancel={() => setConfirmReset(false)}
          onConfirm={async () => {
            const failure = await onReset();
            setConfirmReset(false);
            setEditing(null);
            setError(failure ? `Not reset: ${failure}` : null);
          }}
        >
          Redline forgets the {rules.length === 1 ? 'rule' : `${rules.length} rules`} it learned about how you like answers, and starts learning again from
          your feedback.
        </ConfirmDialog>
      )}
    </div>
  );
}
