import { useEffect, useId, useState } from 'react';
import type { Project } from '../../api/types';
import { updateProject } from '../../hooks/project-actions';
import { Switch } from '../ui/switch';

const MAX_INSTRUCTIONS = 4000;

/** How Redline answers in this project: its instructions (saved on blur or with Save) and the strict switch. */
export function ProjectSettings({ project }: { project: Project }) {
  const saved = project.instructions ?? '';
  const [text, setText] = useState(saved);
  const [state, setState] = useState<{ status: 'idle' | 'saving' | 'saved'; error: string | null }>({ status: 'idle', error: null });
  const [strictError, setStrictError] = useState<string | null>(null);
  const hintId = useId();
  const dirty = text.trim() !== saved.trim();

  // Another tab (or a revert after a refused save) changed them: show the saved text unless this one is being edited.
  useEffect(() => {
    setText((current) => (current.trim() === saved.trim() ? current : saved));
  }, [saved]);

  useEffect(() => {
    if (state.status !== 'saved') return;
    const timer = setTimeout(() => setState((s) => (s.status === 'saved' ? { ...s, status: 'idle' } : s)), 2000);
    return () => clearTimeout(timer);
  }, [state.status]);

  const save = async () => {
    if (!dirty || state.status === 'saving') return;
    setState({ status: 'saving', error: null });
    const error = await updateProject(project, { instructions: text.trim() ? text.trim() : null });
    setState({ status: error ? 'idle' : 'saved', error });
  };

  return (
    <section className="project-section" aria-labelledby="project-settings-title">
      <div className="project-section-head">
        <div>
          <h2 id="project-settings-title">Instructions</h2>
          <p className="project-section-lede" id={hintId}>
            What Redline should know or do in every chat of this project (tone, audience, what to focus on).
          </p>
        </div>
      </div>
      <textarea
        className="project-instructions"
        aria-label="Project instructions"
        aria-describedby={hintId}
        placeholder="e.g. Answer as a support agent for Acme. Quote the policy section you rely on."
        value={text}
        maxLength={MAX_INSTRUCTIONS}
        rows={4}
        onChange={(e) => {
          setText(e.target.value);
          if (state.error) setState({ status: 'idle', error: null });
        }}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <div className="project-instructions-bar">
        <span className="char-count" data-near={text.length > MAX_INSTRUCTIONS * 0.9 || undefined}>
          {text.length.toLocaleString()} / {MAX_INSTRUCTIONS.toLocaleString()}
        </span>
        <span className="save-status" role="status">
          {state.status === 'saving' ? 'Saving…' : state.status === 'saved' ? 'Saved' : ''}
        </span>
        {state.error && (
          <span className="form-error" role="alert">
            Not saved: {state.error}
          </span>
        )}
        <button type="button" className="button button-small" disabled={!dirty || state.status === 'saving'} onClick={() => void save()}>
          Save
        </button>
      </div>
      <div className="project-strict">
        <Switch
          label="Strict: answer only from the files"
          description="Redline answers only with what this project's files say, and tells you when they do not contain the answer."
          checked={project.strict}
          onChange={async (strict) => setStrictError(await updateProject(project, { strict }))}
        />
        {strictError && (
          <p className="form-error" role="alert">
            Not saved: {strictError}
          </p>
        )}
      </div>
    </section>
  );
}
