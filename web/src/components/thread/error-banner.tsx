import { retry } from '../../hooks/chat-actions';
import { dispatch, useAppState } from '../../state/app-store';
import { IconAlert, IconClose, IconRegenerate } from '../icons';

/** The failure of the last action, above the composer: never a silent failure. */
export function ErrorBanner() {
  const banner = useAppState((s) => s.banner);
  const busy = useAppState((s) => s.stream !== null);
  if (!banner) return null;
  return (
    <div className="error-banner" role="alert" data-kind={banner.kind}>
      <IconAlert className="error-banner-icon" />
      <div className="error-banner-text">
        <strong>{banner.kind === 'model' ? 'The model failed to answer' : 'Something went wrong'}</strong>
        <span className="error-banner-message">{banner.message}</span>
      </div>
      {banner.retry && (
        <button type="button" className="button button-small" aria-label="Retry" disabled={busy} onClick={() => banner.retry && void retry(banner.retry)}>
          <IconRegenerate />
          Retry
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dispatch({ type: 'banner/dismissed' })}>
        <IconClose />
      </button>
    </div>
  );
}
