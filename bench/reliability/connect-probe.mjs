// Preloaded into the Redline process under test (NODE_OPTIONS=--import) by scenario C: appends one line
// per TCP connection its fetch (undici) tries to open, `connect <port>` or `refused <port>`, to the file
// named by REDLINE_BENCH_CONNECT_LOG. A refused connection reaches no listener, so it can only be
// counted from the side that tries. Connections are kept alive, so this writes a handful of lines per
// healthy upstream and one per attempt at a dead one: no cost on the per-token path.
import { appendFileSync } from 'node:fs';
import dc from 'node:diagnostics_channel';

const file = process.env.REDLINE_BENCH_CONNECT_LOG;
if (file) {
  dc.subscribe('undici:client:beforeConnect', (message) => appendFileSync(file, `connect ${message.connectParams?.port}\n`));
  dc.subscribe('undici:client:connectError', (message) => appendFileSync(file, `refused ${message.connectParams?.port}\n`));
}
