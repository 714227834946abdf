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

/** A header, a rule under it, and the rows, aligned: the listings of `plan`, `providers`, `dmarc report`. */
export function table(header: string[], rows: string[][]): string {
  return `${renderTable([header, header.map((h) => '-'.repeat(h.length)), ...rows]).join('\n')}\n`;
}
