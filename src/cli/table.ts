import { renderTable } from '../reporters/console/table.ts';

/** A header, a rule under it, and the rows, aligned: the listings of `plan` and `providers`. */
export function table(header: string[], rows: string[][]): string {
  return `${renderTable([header, header.map((h) => '-'.repeat(h.length)), ...rows]).join('\n')}\n`;
}
