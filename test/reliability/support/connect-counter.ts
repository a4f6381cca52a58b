import dc from 'node:diagnostics_channel';

/**
 * Counts the TCP connections this process's fetch (undici) tries to open to one port, including
 * refused ones, which no listener could see. Redline runs in the test's process, so this counts its
 * attempts to reach a provider. `stop()` unsubscribes.
 */
export function countConnectAttempts(port: number): { readonly attempts: number; stop(): void } {
  let attempts = 0;
  const onConnect = (message: unknown) => {
    const params = (message as { connectParams?: { port?: string | number } }).connectParams;
    if (Number(params?.port) === port) attempts++;
  };
  dc.subscribe('undici:client:beforeConnect', onConnect);
  return {
    get attempts() {
      return attempts;
    },
    stop: () => dc.unsubscribe('undici:client:beforeConnect', onConnect),
  };
}
