import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Hugging Face mirror on 127.0.0.1 that serves `file` for every `/resolve/main/` path, with Range support. */
export async function startFakeHfMirror(file: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const body = readFileSync(file);
  const server = createServer((req, res) => {
    if (!req.url?.includes('/resolve/main/')) return void res.writeHead(404).end();
    const match = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    const start = match ? Number(match[1]) : 0;
    const end = match?.[2] ? Number(match[2]) : body.length - 1;
    const headers = { 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream', 'content-length': String(end - start + 1) };
    res.writeHead(match ? 206 : 200, match ? { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}` } : headers);
    res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
