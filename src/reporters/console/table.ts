import { visibleLength } from './colour.ts';

/** A plain text table: the first row is the header; cells may carry colour codes. */
export function renderTable(rows: string[][], gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - visibleLength(cell))))
      .join(gap)
      .trimEnd(),
  );
}
