/** One line of the table; `pass` is null for figures with no target. */
export interface Row {
  scenario: string;
  metric: string;
  /** The same-run baseline, when the figure is relative to one. */
  baseline?: string;
  value: string;
  target?: string;
  pass: boolean | null;
  /** "not measured" rows explain why here. */
  note?: string;
}

const verdict = (row: Row) => (row.note?.startsWith('not measured') ? 'n/a' : row.pass === null ? '' : row.pass ? 'PASS' : 'FAIL');

/** The table, as fixed-width text. */
export function formatTable(rows: Row[]): string {
  const header = ['scenario', 'metric', 'baseline', 'redline / value', 'target', 'result'];
  const lines = rows.map((r) => [r.scenario, r.metric, r.baseline ?? '', r.note?.startsWith('not measured') ? r.note : r.value, r.target ?? '', verdict(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;
