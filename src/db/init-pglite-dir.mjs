// Creates a PGlite data directory (initdb) and exits. Run as a child process by connect.ts: initdb
// grows the WASM heap to several hundred MB, and a WASM heap never shrinks, so doing it in the
// server's own process would keep that memory for the server's whole life.
import { PGlite } from '@electric-sql/pglite';

const [dir, ...startParams] = process.argv.slice(2);
const client = await PGlite.create({ dataDir: dir, startParams });
await client.close();
