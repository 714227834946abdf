/** Console text for `landed dns plan`. Colours come from the caller's palette. */
import { renderFindingsText } from '../dns/render/text.ts';
import type { Finding } from '../dns/types.ts';
import { escapeControls as printable } from '../printable.ts';
import type { Palette } from '../text/colour.ts';
import { renderTable } from '../text/table.ts';
import type { DnsPlan, PlanRow, VerdictChange } from './types.ts';

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
