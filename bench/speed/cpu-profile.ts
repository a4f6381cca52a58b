// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package, and
// inclusive time of Redline's own functions, over a time window (to leave start-up out).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  windowMs: number;
  busyMs: number;
  idleMs: number;
  gcMs: number;
  bySelf: { fn: string; ms: number; pct: number }[];
  byPackage: { pkg: string; ms: number; pct: number }[];
  /** Inclusive time of functions in src/ (where Redline's own code spends, callees included). */
  srcInclusive: { fn: string; ms: number; pct: number }[];
}

/** Redline's own modules: src/ under tsx, dist/ as the server normally runs (docs/decisions/013). */
const OWN_CODE = /^.*\/(?:src|dist)\/(([^/]+)\/.*)$/;

/** `src/<folder>/<file>` of one of Redline's own modules (the last src/ or dist/ in the path), else null. */
function ownPath(url: string): string | null {
  if (url.includes('node_modules/')) return null;
  const match = OWN_CODE.exec(url);
  return match ? `src/${match[1]}` : null;
}

/** node_modules/<pkg> (scoped too), src/<folder>, node internals, or the bench itself. */
function packageOf(url: string): string {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const own = ownPath(url);
  if (own) return own.split('/').slice(0, 2).join('/');
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url.split('/').slice(-2).join('/');
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) return url.slice(nm + 'node_modules/'.length);
  const own = ownPath(url);
  if (own) return own;
  return url.replace(/^file:\/\//, '');
}

const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

/** Summarises samples taken `skipMs` or more after the profile started. */
export function summariseProfile(file: string, options: { skipMs: number; top: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const pkgs = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let t = profile.startTime;
  let windowUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  const skipUs = options.skipMs * 1000;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t - profile.startTime < skipUs) continue;
    windowUs += delta;
    const node = byId.get(profile.samples[i])!;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idleUs += delta;
      continue;
    }
    if (name === '(garbage collector)') gcUs += delta;
    const key = keyOf(node);
    self.set(key, (self.get(key) ?? 0) + delta);
    const pkg = name.startsWith('(') ? name : packageOf(node.callFrame.url);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + delta);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (!ownPath(n.callFrame.url)) continue;
      const k = keyOf(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + delta);
    }
  }
  const busyUs = windowUs - idleUs;
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.top)
      .map(([k, us]) => ({ k, ms: Math.round(us / 100) / 10, pct: Math.round((us / Math.max(1, busyUs)) * 1000) / 10 }));
  return {
    windowMs: Math.round(windowUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    gcMs: Math.round(gcUs / 1000),
    bySelf: top(self).map(({ k, ms, pct }) => ({ fn: k, ms, pct })),
    byPackage: top(pkgs).map(({ k, ms, pct }) => ({ pkg: k, ms, pct })),
    srcInclusive: top(inclusive).map(({ k, ms, pct }) => ({ fn: k, ms, pct })),
  };
}

/** The summary as text, for the console and the results folder. */
export function formatProfile(s: ProfileSummary): string {
  const lines = [`window ${s.windowMs} ms, busy ${s.busyMs} ms, idle ${s.idleMs} ms, GC ${s.gcMs} ms (percentages of busy)`, '', 'self time by package:'];
  for (const p of s.byPackage) lines.push(`  ${p.pct.toFixed(1).padStart(5)}%  ${p.ms.toFixed(0).padStart(6)} ms  ${p.pkg}`);
  lines.push('', 'self time by function:');
  for (const f of s.bySelf) lines.push(`  ${f.pct.toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(6)} ms  ${f.fn}`);
  lines.push('', 'inclusive time of src/ functions:');
  for (const f of s.srcInclusive) lines.push(`  ${f.pct.toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(6)} ms  ${f.fn}`);
  return lines.join('\n');
}
