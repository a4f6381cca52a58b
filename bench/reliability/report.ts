/** One row of the table: a measurement, and the target it is held to if it has one. */
export interface Row {
  measure: string;
  value: string;
  /** e.g. "≥ 99.9 %"; empty for context rows. */
  target?: string;
  pass?: boolean;
}

/** What one scenario reports: table rows plus every raw number, for the JSON file. */
export interface ScenarioResult {
  id: string;
  title: string;
  rows: Row[];
  data: Record<string, unknown>;
}

export const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`;
export const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');

/** The results as one fixed-width table; each scenario's rows under its title. */
export function renderTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'measure', 'value', 'target', 'result'];
  const lines: string[][] = [];
  for (const result of results) {
    result.rows.forEach((row, i) => {
      lines.push([i === 0 ? `${result.id} ${result.title}` : '', row.measure, row.value, row.target ?? '', row.pass === undefined ? '' : row.pass ? 'PASS' : 'FAIL']);
    });
  }
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const format = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [format(header), rule, ...lines.map(format)].join('\n');
}
