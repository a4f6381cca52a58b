import diagnostics from 'node:diagnostics_channel';

// undici (Node's fetch, and the relay's own Agent) reports each request whose body it has written.
const BODY_SENT = 'undici:request:bodySent';

/**
 * Resolves once the next outgoing HTTP request of this process is on the wire, or after `timeoutMs`
 * (a local model, a call that failed before sending). Any request counts: for what it is used for,
 * letting a write go a little early is harmless, and holding it long is not.
 */
export function nextRequestSent(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      diagnostics.unsubscribe(BODY_SENT, done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    diagnostics.subscribe(BODY_SENT, done);
  });
}
