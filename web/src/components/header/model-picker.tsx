import { shallowEqual } from '../../state/store';
import { selectModel } from '../../hooks/model-actions';
import { useAppState } from '../../state/app-store';
import { selectCurrentModel } from '../../state/selectors';
import { IconChevronDown } from '../icons';

const KIND_LABELS: Record<string, string> = {
  alias: 'Aliases',
  openai: 'OpenAI',
  'openai-compatible': 'OpenAI-compatible',
  anthropic: 'Anthropic',
  google: 'Google',
  ollama: 'Ollama',
  local: 'Local',
};

/** The model for this conversation (and, remembered, for new chats). A native select: accessible and keyboard-friendly. */
export function ModelPicker() {
  const models = useAppState((s) => s.models.items);
  const status = useAppState((s) => s.models.status);
  const current = useAppState(selectCurrentModel);
  const streaming = useAppState((s) => s.stream !== null);
  const groups = useAppState((s) => [...new Set(s.models.items.map((m) => m.kind))], shallowEqual);

  if (status !== 'ready' || models.length === 0) {
    return (
      <div className="model-picker is-empty">
        <select aria-label="Model" disabled value="">
          <option value="">{status === 'ready' ? 'No model' : 'Loading models…'}</option>
        </select>
      </div>
    );
  }

  const options = (kind: string) =>
    models
      .filter((m) => m.kind === kind)
      .map((m) => (
        <option key={m.id} value={m.id}>
          {m.name || m.id}
        </option>
      ));

  return (
    <div className="model-picker">
      <select
        aria-label="Model"
        title="Model"
        value={current ?? ''}
        disabled={streaming}
        onChange={(e) => void selectModel(e.target.value)}
      >
        {current && !models.some((m) => m.id === current) && <option value={current}>{current}</option>}
        {groups.length > 1
          ? groups.map((kind) => (
              <optgroup key={kind} label={KIND_LABELS[kind] ?? kind}>
                {options(kind)}
              </optgroup>
            ))
          : options(groups[0])}
      </select>
      <IconChevronDown className="select-chevron" />
    </div>
  );
}
