import { startLocalSetup } from '../../hooks/model-actions';
import { useLocalSetupPolling } from '../../hooks/use-local-setup';
import { formatBytes } from '../../lib/format';
import { useAppState } from '../../state/app-store';
import { IconAlert, IconDownload } from '../icons';

/** Onboarding when no model is configured: download the recommended local model, with progress. */
export function LocalModelSetup() {
  useLocalSetupPolling();
  const setup = useAppState((s) => s.models.setup);
  if (!setup) return null;

  const total = setup.totalBytes > 0 ? setup.totalBytes : 0;
  const percent = total ? Math.min(100, Math.floor((setup.downloadedBytes / total) * 100)) : 0;
  const model = setup.model || 'the recommended model';

  return (
    <section className="setup-card" aria-labelledby="setup-title">
      <h2 id="setup-title">No model configured</h2>
      <p className="setup-hint">{setup.hint}</p>

      {setup.state === 'downloading' && (
        <div className="setup-progress">
          <div
            className="progress"
            role="progressbar"
            aria-label={`Downloading ${model}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={total ? percent : undefined}
          >
            <div className="progress-bar" style={{ width: total ? `${percent}%` : undefined }} data-indeterminate={!total || undefined} />
          </div>
          <div className="progress-text">
            <span>Downloading {model}…</span>
            <span>
              {formatBytes(setup.downloadedBytes)}
              {total ? ` / ${formatBytes(total)} · ${percent}%` : ''}
            </span>
          </div>
        </div>
      )}

      {setup.state === 'ready' && <p className="setup-ready">{model} is ready. Loading models…</p>}

      {setup.state === 'failed' && (
        <div className="inline-error" role="alert">
          <IconAlert />
          <span>The download failed: {setup.error ?? 'unknown error'}</span>
        </div>
      )}

      {(setup.state === 'idle' || setup.state === 'failed') && (
        <button type="button" className="button button-primary setup-button" onClick={() => void startLocalSetup()}>
          <IconDownload />
          {setup.state === 'failed' ? `Retry download of ${model}` : `Download ${model} (≈1 GB)`}
        </button>
      )}
      <p className="setup-note">Runs on this machine, in-process. Your chats never leave it.</p>
    </section>
  );
}
