// Loaded into Redline by `npm run bench:turn-trace` (node --import): stamps each app turn, from the
// request's arrival to its first delta, with PGlite's queries and undici's request events, and appends
// one JSON line per turn to $TURN_TRACE_OUT. A measuring tool only; nothing in Redline loads it.
import { appendFileSync } from 'node:fs';
import dc from 'node:diagnostics_channel';
import http from 'node:http';
import { PGlite } from '@electric-sql/pglite';

const out = process.env.TURN_TRACE_OUT;
/** The turn being traced: PGlite runs one query at a time and the bench sends one turn at a time. */
let current = null;
const stamp = (name) => {
  if (current && !current.done) current.events.push([Number((performance.now() - current.t0).toFixed(3)), name]);
};

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (type, req, res) {
  if (out && type === 'request' && req.method === 'POST' && /\/messages$/.test(req.url)) {
    const turn = (current = { t0: performance.now(), events: [], done: false });
    const write = res.write;
    res.write = function (chunk, ...rest) {
      if (!turn.done) {
        const event = /event: (\w+)/.exec(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1'))?.[1];
        if (event) turn.events.push([Number((performance.now() - turn.t0).toFixed(3)), `write ${event}`]);
        if (event === 'delta') {
          turn.done = true;
          appendFileSync(out, `${JSON.stringify(turn.events)}\n`);
        }
      }
      return write.call(this, chunk, ...rest);
    };
  }
  return emit.apply(this, arguments);
};

/** "select … from messages", "insert into messages", "update jobs": enough to tell the queries apart. */
function label(query) {
  const text = String(query).replace(/\s+/g, ' ').replace(/"/g, '').trim().toLowerCase();
  const verb = /^(with \w+ as \()?\s*(select|insert into|update|delete from)/.exec(text)?.[2] ?? text.split(' ')[0];
  const table = (verb === 'select' ? /\bfrom (\w+)/.exec(text) : new RegExp(`${verb} (\\w+)`).exec(text))?.[1] ?? '';
  return `${verb} ${table}`.trim();
}

for (const method of ['query', 'exec']) {
  const original = PGlite.prototype[method];
  PGlite.prototype[method] = async function (query, ...rest) {
    const name = label(query);
    stamp(`pg start: ${name}`);
    try {
      return await original.call(this, query, ...rest);
    } finally {
      stamp(`pg end: ${name}`);
    }
  };
}

dc.subscribe('undici:request:create', () => stamp('model request: created'));
dc.subscribe('undici:request:bodySent', () => stamp('model request: body sent'));
dc.subscribe('undici:request:headers', () => stamp('model response: headers'));
