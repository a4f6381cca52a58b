import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** A URL Redline will not fetch: not http(s), or a host on a loopback, private, link-local or reserved network. */
export class BlockedUrlError extends Error {
  readonly code = 'blocked_url';
  constructor(message: string) {
    super(message);
    this.name = 'BlockedUrlError';
  }
}

/** One vetted address to connect to: resolving again at connect time could hand back another (DNS rebinding). */
export interface VettedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export interface NetworkPolicyOptions {
  /** "host" or "host:port" the owner allows although they are private (an intranet wiki, a test server). */
  allowHosts?: string[];
  /** Resolves a name to its addresses (tests inject one). */
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>;
}

/**
 * Which addresses a fetch may reach: public unicast only. Checked on every hop of a redirect, for
 * every address a name resolves to, and IPv4 addresses inside IPv6 (::ffff:127.0.0.1) count as IPv4.
 */
export class NetworkPolicy {
  private readonly allowHosts: Set<string>;
  private readonly resolve: NonNullable<NetworkPolicyOptions['resolve']>;

  constructor(options: NetworkPolicyOptions = {}) {
    this.allowHosts = new Set((options.allowHosts ?? []).map((h) => h.toLowerCase()));
    this.resolve = options.resolve ?? ((host) => lookup(host, { all: true, verbatim: true }));
  }

  /** The URL parsed and its host resolved to one address that may be reached; throws BlockedUrlError. */
  async vet(raw: string | URL): Promise<VettedTarget> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new BlockedUrlError(`"${String(raw).slice(0, 200)}" is not a URL.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BlockedUrlError(`Only http and https URLs can be fetched, not ${url.protocol}`);
    if (url.username || url.password) throw new BlockedUrlError('URLs with a user name or password are not fetched.');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const allowed = this.allowHosts.has(host.toLowerCase()) || this.allowHosts.has(url.host.toLowerCase());
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await this.resolveHost(host);
    if (addresses.length === 0) throw new BlockedUrlError(`${host} does not resolve to any address.`);
    if (!allowed) {
      for (const { address } of addresses) {
        const range = rangeOf(address);
        if (range !== 'unicast') throw new BlockedUrlError(`${host} is on a ${describeRange(range)} address (${address}); Redline only fetches public addresses.`);
      }
    }
    const first = addresses[0];
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  private async resolveHost(host: string): Promise<{ address: string; family: number }[]> {
    try {
      return await this.resolve(host);
    } catch (error) {
      throw new BlockedUrlError(`Could not resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
  }
}

/** ipaddr.js's range name of an address, with IPv4-mapped IPv6 read as the IPv4 it carries. */
export function rangeOf(address: string): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'invalid';
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range();
}

function describeRange(range: string): string {
  switch (range) {
    case 'loopback':
      return 'loopback';
    case 'private':
    case 'uniqueLocal':
    case 'carrierGradeNat':
      return 'private network';
    case 'linkLocal':
      return 'link-local';
    case 'unspecified':
      return 'unspecified';
    default:
      return `non-public (${range})`;
  }
}
