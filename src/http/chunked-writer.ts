import type { ServerResponse } from 'node:http';

const CRLF_LENGTH = 2;
const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');

/**
 * Writes a long-lived HTTP/1.1 body (a relayed /v1 stream, the app's event streams) one frame per socket write. Node's own
 * chunked encoding queues four writes for every chunk (the size, CRLF, the data, CRLF) and sends
 * them as one writev; at 64 concurrent streams those queue entries were a quarter of everything the
 * relay allocated, and so of its garbage collection. Here each chunk goes out already framed.
 *
 * Construct it after `writeHead`, when Node has chosen the framing: a response Node does not frame
 * (HTTP/1.0, a Content-Length) is written as it is.
 */
export class ChunkedWriter {
  private readonly framed: boolean;

  constructor(private readonly out: ServerResponse) {
    this.framed = out.chunkedEncoding;
    // From here Node sends our bytes as they are, and we write the frames and the last chunk.
    if (this.framed) out.chunkedEncoding = false;
  }

  /** Like `ServerResponse.write`: false when the socket's buffer is full (wait for 'drain'). */
  write(chunk: Uint8Array | string): boolean {
    if (!this.framed) return this.out.write(chunk);
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    // An empty chunk would read as the end of the body.
    if (data.length === 0) return true;
    const size = data.length.toString(16);
    const frame = Buffer.allocUnsafe(size.length + CRLF_LENGTH + data.length + CRLF_LENGTH);
    let at = frame.write(size, 0, 'latin1');
    frame[at++] = 13;
    frame[at++] = 10;
    frame.set(data, at);
    at += data.length;
    frame[at++] = 13;
    frame[at] = 10;
    return this.out.write(frame);
  }

  end(): void {
    if (this.framed) this.out.end(LAST_CHUNK);
    else this.out.end();
  }
}
