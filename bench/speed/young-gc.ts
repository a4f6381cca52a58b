// Young-generation GC under load, read from a server's `node --trace-gc-nvp` output. Scavenge
// pauses stop every open stream at once, so they set much of the gateway's p99; and their figures
// (pause, bytes surviving, bytes promoted) move far less with a noisy VM's scheduling than latency
// does, so a change to per-stream state shows here when the p99 cannot tell it.
import { quantile } from './stats.js';

export interface YoungGcSummary {
  scavenges: number;
  /** Median ms between scavenges. */
  everyMs: number;
  pauseAvgMs: number;
  pauseP90Ms: number;
  /** MB copied within the young generation (alive at one scavenge), per scavenge. */
  survivedMb: number;
  /** MB moved to the old generation (alive at two scavenges in a row), per scavenge. */
  promotedMb: number;
}

interface Scavenge {
  atMs: number;
  pauseMs: number;
  survived: number;
  promoted: number;
}

/**
 * Scavenges of the process's main isolate (the one with the most lines: a loader or worker thread
 * prints its own) inside [fromMs, toMs] of the isolate's clock, which starts at process start.
 */
export function youngGcSummary(output: string, window: { fromMs: number; toMs: number }): YoungGcSummary | null {
  const byIsolate = new Map<string, Scavenge[]>();
  for (const line of output.split('\n')) {
    const head = /^\[\d+:(0x[0-9a-f]+)\]\s+(\d+) ms: pause=([\d.]+) .*\bgc=s\b/.exec(line);
    if (!head) continue;
    const field = (name: string) => Number(new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1] ?? 0);
    const list = byIsolate.get(head[1]) ?? [];
    list.push({ atMs: Number(head[2]), pauseMs: Number(head[3]), survived: field('new_space_survived'), promoted: field('promoted') });
    byIsolate.set(head[1], list);
  }
  const main = [...byIsolate.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const inWindow = main.filter((s) => s.atMs >= window.fromMs && s.atMs <= window.toMs);
  if (inWindow.length < 2) return null;
  const pauses = inWindow.map((s) => s.pauseMs);
  const gaps = inWindow.slice(1).map((s, i) => s.atMs - inWindow[i].atMs);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    scavenges: inWindow.length,
    everyMs: quantile(gaps, 0.5),
    pauseAvgMs: mean(pauses),
    pauseP90Ms: quantile(pauses, 0.9),
    survivedMb: mean(inWindow.map((s) => s.survived)) / 1e6,
    promotedMb: mean(inWindow.map((s) => s.promoted)) / 1e6,
  };
}
