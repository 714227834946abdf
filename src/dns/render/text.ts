/** Console text for `landed dns check` and `landed dns plan`. Colours come from the caller's palette. */
import type { Palette } from '../../reporters/console/colour.ts';
import { renderTable } from '../../reporters/console/table.ts';
import type { DnsPlan, PlanRow, VerdictChange } from '../plan/types.ts';
import type { Finding } from '../types.ts';

/** DNS data is written by others: never let a TXT record move the cursor or recolour the terminal. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

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

export function renderPlanText(plan: DnsPlan, paint: Palette): string {
  const out: string[] = [];
  const zones = plan.zones.map((z) => `${z.origin} (${z.file}, ${z.format}, ${z.records} records)`).join(', ');
  out.push(`landed dns plan: ${zones}`);
  out.push(plan.run ? `replayed the messages of run ${plan.run.runId}` : plan.notReplayed ? paint.bad(printable(plan.notReplayed)) : 'records only: no run replayed');
  if (plan.rows.length) {
    out.push('');
    const cell = (change: VerdictChange) => printable(change.before === change.after ? change.before : `${change.before} → ${change.after}`);
    const mark = (row: PlanRow) => (row.regression ? paint.bad('REGRESSION') : row.improvement ? paint.good('fixed') : '');
    out.push(...renderTable([['route', 'provider', 'SPF', 'DKIM', 'DMARC', ''], ...plan.rows.map((r) => [printable(r.route), printable(r.provider), cell(r.spf), cell(r.dkim), cell(r.dmarc), mark(r)])]));
    for (const note of plan.rows.flatMap((r) => r.notes)) out.push(paint.dim(`  ${printable(note)}`));
  }
  if (plan.untouchedRoutes.length) {
    out.push(paint.dim(`  not shown, the proposal does not touch their domains: ${plan.untouchedRoutes.join(', ')}`));
  }
  const section = (title: string, findings: Finding[]) => {
    if (!findings.length) return;
    out.push('', title, ...renderFindingsText(findings, paint).trimEnd().split('\n').slice(0, -2).map((l) => `  ${l}`));
  };
  section('Findings the proposal adds:', plan.findings.added);
  section('Findings the proposal removes:', plan.findings.removed);
  if (plan.notJudged.length) out.push('', 'Not judged:', ...plan.notJudged.map((n) => `  - ${printable(n)}`));
  out.push('', plan.regressions.length ? paint.bad(`${plan.regressions.length} regression(s): this change breaks mail that works today.`) : plan.notReplayed ? paint.bad('No verdict: no route was replayed, only the records were judged.') : paint.good('No regression found.'));
  return `${out.join('\n')}\n`;
}
