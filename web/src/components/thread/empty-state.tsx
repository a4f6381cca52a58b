import { lazy, Suspense } from 'react';
import { dispatch, useAppState } from '../../state/app-store';
import { selectNeedsSetup, selectUser } from '../../state/selectors';
import { LogoMark } from '../ui/logo';

// Only shown until a model exists: a separate chunk.
const LocalModelSetup = lazy(() => import('../setup/local-model-setup').then((module) => ({ default: module.LocalModelSetup })));

const EXAMPLES = [
  { title: 'Explain a concept', prompt: 'Explain how public-key cryptography works, with a simple analogy.' },
  { title: 'Write some code', prompt: 'Write a TypeScript function that debounces another function, with tests.' },
  { title: 'Plan something', prompt: 'Plan a relaxed three-day trip to Lisbon with food recommendations.' },
  { title: 'Improve writing', prompt: 'Make this paragraph clearer and more concise: ' },
];

function greeting(name: string | undefined): string {
  const hour = new Date().getHours();
  const part = hour < 5 ? 'Good evening' : hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
  const first = name?.trim().split(/\s+/)[0];
  return first ? `${part}, ${first}` : part;
}

/** The new-chat page: a greeting and example prompts, or the local model setup when no model exists. */
export function EmptyState() {
  const user = useAppState(selectUser);
  const needsSetup = useAppState(selectNeedsSetup);
  const temporary = useAppState((s) => s.ui.temporary);

  return (
    <div className="empty-state">
      <LogoMark size={44} />
      <h1 className="empty-title">{temporary && !needsSetup ? 'Temporary chat' : greeting(user?.name)}</h1>
      {needsSetup ? (
        <Suspense fallback={null}>
          <LocalModelSetup />
        </Suspense>
      ) : (
        <>
          {temporary ? (
            <p className="empty-subtitle temporary-note">
              This chat won't appear in your history, and Redline won't use or save memories in it.
            </p>
          ) : (
            <p className="empty-subtitle">How can I help you today?</p>
          )}
          <ul className="example-prompts" aria-label="Example prompts">
            {EXAMPLES.map((example) => (
              <li key={example.title}>
                <button
                  type="button"
                  className="example-prompt"
                  onClick={() => {
                    dispatch({ type: 'ui/draft', draft: example.prompt });
                    dispatch({ type: 'ui/focus-composer' });
                  }}
                >
                  <span className="example-title">{example.title}</span>
                  <span className="example-text">{example.prompt}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
