/** One line of the table: a measure, its value, its target, and whether it passes (null: no target). */
export interface Row {
  measure: string;
  value: string;
  target: string;
  pass: boolean | null;
}

/** The table, as fixed-width text. */
export function formatTable(rows: Row[]): string {
  const header = ['measure', 'value', 'target', 'pass'];
  const lines = rows.map((r) => [r.measure, r.value, r.target, r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

/** The q-quantile (0..1) by nearest rank; NaN for an empty sample. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const ratio = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : 'n/a');
export const ms = (value: number) => `${value.toFixed(2)} ms`;
