import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkedWriter } from './chunked-writer.js';

describe('ChunkedWriter', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const writer = new ChunkedWriter(res);
      writer.write('data: één\n\n');
      writer.write(new Uint8Array(0));
      writer.write(Buffer.from('data: [DONE]\n\n'));
      writer.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('frames each chunk itself, ends with the last chunk, and keeps the connection for the next request', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => {
        text += d.toString('latin1');
        // Two complete responses on one connection: keep-alive survived the first.
        if (text.split('0\r\n\r\n').length === 3) {
          socket.end();
          resolve(text);
        }
      });
      socket.on('error', reject);
      socket.write(`GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
    const [first] = raw.split('HTTP/1.1 200 OK').filter(Boolean);
    expect(first).toMatch(/transfer-encoding: chunked/i);
    const body = first.slice(first.indexOf('\r\n\r\n') + 4);
    // "data: één\n\n" is 13 bytes in UTF-8 (0xd); the empty chunk is skipped, not sent as an end.
    expect(body).toBe('d\r\ndata: \xc3\xa9\xc3\xa9n\n\n\r\ne\r\ndata: [DONE]\n\n\r\n0\r\n\r\n');
  });

  it('reads back as the text written through a client that decodes chunked bodies', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(await response.text()).toBe('data: één\n\ndata: [DONE]\n\n');
  });

  it('leaves a response Node does not frame as it is', async () => {
    const plain = createServer((req, res) => {
      res.writeHead(200, { 'content-length': '5' });
      const writer = new ChunkedWriter(res);
      writer.write('hello');
      writer.end();
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/`);
      expect(response.headers.get('transfer-encoding')).toBeNull();
      expect(await response.text()).toBe('hello');
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });
});
