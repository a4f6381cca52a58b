/** Runs `task(i)` for i in [0, count) with `concurrency` in flight, printing progress; results in index order. */
export async function runLoad<T>(options: { label: string; count: number; concurrency: number; task: (i: number) => Promise<T> }): Promise<{ results: T[]; seconds: number }> {
  const { label, count, concurrency, task } = options;
  const results = new Array<T>(count);
  let next = 0;
  let done = 0;
  const started = performance.now();
  const progress = setInterval(() => log(`  ${label}: ${done}/${count} (${((performance.now() - started) / 1000).toFixed(1)} s)`), 2000);
  try {
    const worker = async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
        done++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  } finally {
    clearInterval(progress);
  }
  const seconds = (performance.now() - started) / 1000;
  log(`  ${label}: ${count}/${count} in ${seconds.toFixed(1)} s`);
  return { results, seconds };
}

/** The q-quantile (0–1, nearest rank) of `values`; NaN when empty. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Progress and notes go to stderr, so stdout holds only the table. */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
