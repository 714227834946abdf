/** Console text for `landed dns check`. Colours come from the caller's palette. */
import type { Palette } from '../../text/colour.ts';
import { escapeControls } from '../../printable.ts';
import type { Finding } from '../types.ts';

/** DNS data is written by others: never let a TXT record move the cursor or recolour the terminal. */
const printable = escapeControls;

export function renderFindingsText(findings: Finding[], paint: Palette): string {
  if (!findings.length) return `${paint.good('no findings')}\n`;
  const lines: string[] = [];
  for (const f of findings) {
    const severity = f.severity === 'error' ? paint.bad('error') : f.severity === 'warning' ? 'warning' : paint.dim('info');
    lines.push(`${severity.padEnd(7 + severity.length - f.severity.length)} ${printable(f.domain)}  ${printable(f.message)}  ${paint.dim(`[${f.id}]`)}`);
    if (f.severity !== 'info') lines.push(`        breaks: ${printable(f.breaks)}`, `        fix:    ${printable(f.fix)}`);
  }
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  lines.push('', `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`);
  return `${lines.join('\n')}\n`;
}
