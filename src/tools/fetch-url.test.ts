import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchReadable, fetchUrlTool } from './fetch-url.js';
import { NetworkPolicy, rangeOf } from './network-policy.js';

const context = { userId: 'u', conversationId: null, signal: new AbortController().signal };

describe('NetworkPolicy', () => {
  const policy = new NetworkPolicy({ resolve: async (host) => (host === 'rebind.example' ? [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }] : host === 'metadata.example' ? [{ address: '169.254.169.254', family: 4 }] : [{ address: '93.184.216.34', family: 4 }]) });

  it.each([
    'http://127.0.0.1/',
    'http://127.1.2.3:8080/admin',
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://0.0.0.0/',
    'http://100.64.0.1/',
    'http://metadata.example/',
    'http://rebind.example/',
    'file:///etc/passwd',
    'ftp://example.com/',
    'http://user:pw@example.com/',
  ])('refuses %s', async (url) => {
    await expect(policy.vet(url)).rejects.toThrow(/only fetches public addresses|Only http and https|user name or password/);
  });

  it('lets public addresses through, pinned to the address it checked', async () => {
    expect(await policy.vet('https://example.com/page')).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(rangeOf('8.8.8.8')).toBe('unicast');
    expect(rangeOf('::ffff:10.1.1.1')).toBe('private');
  });

  it('lets an allowed private host through, and only that one', async () => {
    const allowed = new NetworkPolicy({ allowHosts: ['wiki.internal:8443'], resolve: async () => [{ address: '10.1.2.3', family: 4 }] });
    expect(await allowed.vet('https://wiki.internal:8443/x')).toMatchObject({ address: '10.1.2.3' });
    await expect(allowed.vet('https://wiki.internal/x')).rejects.toThrow(/private network/);
  });
});

describe('fetchReadable', () => {
  let server: Server;
  let base: string;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/article') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<html><head><title>Tide tables</title></head><body><nav>Home | About</nav><article><h1>Tide tables</h1><p>${'High tide is at 06:12 and the low tide at 12:30 in Lisbon today. '.repeat(8)}</p><p>Spring tides come with the full moon.</p></article><footer>cookies</footer></body></html>`);
      } else if (req.url === '/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      } else if (req.url === '/to-article') {
        res.writeHead(301, { location: '/article' });
        res.end();
      } else if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' });
        res.end();
      } else if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(300_000));
      } else if (req.url === '/slow') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('start');
      } else if (req.url === '/image') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.alloc(10));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // The test server is on loopback: allowed by name, as an owner would allow an intranet host.
  const policy = () => new NetworkPolicy({ allowHosts: [`127.0.0.1:${port}`] });
  const limits = { maxBytes: 100_000, timeoutMs: 1000, maxRedirects: 3, maxChars: 5000 };

  it('reads the article of a page, not its navigation, and follows a safe redirect', async () => {
    const page = await fetchReadable(`${base}/to-article`, { policy: policy(), limits });
    expect(page).toMatchObject({ url: `${base}/article`, title: 'Tide tables' });
    expect(page.text).toContain('High tide is at 06:12');
    expect(page.text).toContain('Spring tides');
    expect(page.text).not.toContain('cookies');
  });

  it('refuses a redirect to a private address, even from an allowed host', async () => {
    await expect(fetchReadable(`${base}/to-metadata`, { policy: policy(), limits })).rejects.toThrow(/169\.254\.169\.254.*link-local/);
  });

  it('refuses loopback without an allowance, redirect loops, huge bodies, slow servers and binaries', async () => {
    await expect(fetchReadable(`${base}/article`, { policy: new NetworkPolicy(), limits })).rejects.toThrow(/loopback/);
    await expect(fetchReadable(`${base}/loop`, { policy: policy(), limits })).rejects.toThrow(/redirects more than 3 times/);
    await expect(fetchReadable(`${base}/big`, { policy: policy(), limits })).rejects.toThrow(/larger than 98 KB/);
    await expect(fetchReadable(`${base}/slow`, { policy: policy(), limits })).rejects.toThrow(/took longer than 1000 ms/);
    await expect(fetchReadable(`${base}/image`, { policy: policy(), limits })).rejects.toThrow(/image\/png, not a page/);
    await expect(fetchReadable(`${base}/missing`, { policy: policy(), limits })).rejects.toThrow(/answered 404/);
  });

  it('as a tool, gives the model the title, the final URL and the text, and refusals as readable errors', async () => {
    const tool = fetchUrlTool({ policy: policy(), limits });
    expect((await tool.run({ url: `${base}/article` }, context)).text).toMatch(/^Title: Tide tables\nURL: http:\/\/127\.0\.0\.1:\d+\/article\n\n/);
    await expect(fetchUrlTool({ policy: new NetworkPolicy(), limits }).run({ url: 'http://10.0.0.1/' }, context)).rejects.toThrow(/private network/);
  });
});
