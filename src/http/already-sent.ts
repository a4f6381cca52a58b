/**
 * One marker for every such response: building a web Response and its Headers cost about 30 µs a
 * request on the /v1 hot path. It has no body to consume, and nothing changes its headers (Hono
 * copies a finalized response before it sets a header on it).
 */
let marker: Response | undefined;

/**
 * The Response a route returns after writing to the Node response itself. @hono/node-server skips a
 * response carrying `x-hono-already-sent`, but only one built with the platform's own Response: it
 * replaces the global with a lighter subclass that writes headers regardless. The subclass's parent
 * is the platform's class, so it is found whichever of the two is global now.
 */
export function alreadySent(): Response {
  if (marker) return marker;
  const Global = globalThis.Response;
  const parent: unknown = Object.getPrototypeOf(Global);
  const Native = typeof parent === 'function' && parent.name === 'Response' ? (parent as typeof Response) : Global;
  marker = new Native(null, { headers: { 'x-hono-already-sent': 'true' } });
  return marker;
}
