import { useEffect } from 'react';
import { useAppState } from '../state/app-store';
import { pollLocalSetup } from './model-actions';

/** Polls the local model download every 500 ms while it runs. */
export function useLocalSetupPolling(): void {
  const downloading = useAppState((s) => s.models.setup?.state === 'downloading');
  useEffect(() => {
    if (!downloading) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      await pollLocalSetup();
      if (!cancelled) timer = setTimeout(tick, 500);
    };
    timer = setTimeout(tick, 500);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [downloading]);
}
