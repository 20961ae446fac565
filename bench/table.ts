/** The benchmark's rows and their markdown table: each figure beside its same-run baseline and its target. */

export interface Row {
  figure: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** `ratio ≥ x` compares value / baseline; `≤ x` and `≥ x` with `abs` compare the value itself. */
  target?: { op: '≥' | '≤'; x: number; of: 'ratio' | 'value' };
  note?: string;
}

const fmt = (n: number, unit = '') =>
  Number.isFinite(n) ? `${n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)}${unit && ` ${unit}`}` : '—';

export function met(row: Row): boolean | undefined {
  if (!row.target) return undefined;
  const x = row.target.of === 'ratio' ? (row.baseline ? row.value / row.baseline.value : NaN) : row.value;
  if (!Number.isFinite(x)) return false;
  return row.target.op === '≥' ? x >= row.target.x : x <= row.target.x;
}

export function markdownTable(title: string, rows: Row[]): string {
  const lines = [
    `### ${title}`,
    '',
    '| figure | measured | baseline (same run) | ratio | target | met? |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const ratio = row.baseline ? fmt(row.value / row.baseline.value) : '';
    const target = row.target
      ? `${row.target.of === 'ratio' ? 'ratio ' : ''}${row.target.op} ${row.target.x}${row.target.of === 'value' ? ` ${row.unit}` : ''}`
      : '';
    const verdict = met(row);
    lines.push(
      `| ${row.figure} | ${fmt(row.value, row.unit)}${row.note ? ` (${row.note})` : ''} | ${
        row.baseline ? `${row.baseline.name}: ${fmt(row.baseline.value, row.unit)}` : ''
      } | ${ratio} | ${target} | ${verdict === undefined ? '' : verdict ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}
