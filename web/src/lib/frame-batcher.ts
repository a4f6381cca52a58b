/**
 * Collects text pushed many times per frame (stream deltas) and hands it over once per
 * animation frame, so the UI renders at most once per frame whatever the token rate.
 * Hidden tabs get no animation frames, so they fall back to a timer.
 */
export interface FrameBatcher {
  push(text: string): void;
  /** Hands over what is pending now (before a state change that must see all text). */
  flush(): void;
  /** Drops the scheduled flush without handing anything over. */
  cancel(): void;
}

export function createFrameBatcher(deliver: (text: string) => void): FrameBatcher {
  let pending = '';
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const unschedule = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
  };
  const run = () => {
    unschedule();
    if (!pending) return;
    const text = pending;
    pending = '';
    deliver(text);
  };
  const schedule = () => {
    if (frame !== null || timer !== null) return;
    const visible = typeof document === 'undefined' || document.visibilityState === 'visible';
    if (visible && typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(run);
    else timer = setTimeout(run, 100);
  };

  return {
    push(text) {
      if (!text) return;
      pending += text;
      schedule();
    },
    flush: run,
    cancel() {
      unschedule();
      pending = '';
    },
  };
}
