/** `landed dns plan` as Markdown for a pull-request comment or a job summary. Record text is escaped. */
import { mdCode, mdText } from '../text/markdown.ts';
import type { DnsPlan, VerdictChange } from './types.ts';
import type { Finding } from '../dns/types.ts';

export function renderPlanMarkdown(plan: DnsPlan): string {
  const out: string[] = [];
  const verdict = plan.regressions.length
    ? `❌ ${plan.regressions.length} regression(s)`
    : plan.notReplayed ? '⚠️ NO VERDICT: no route was replayed' : '✅ no regression';
  out.push(`## landed dns plan: ${verdict}`, '');
  if (plan.notReplayed) out.push(`> **${mdText(plan.notReplayed)}**`, '');
  out.push(`Proposal: ${plan.zones.map((z) => `${mdCode(z.file)} (${mdText(z.origin)}, ${z.format}, ${z.records} records)`).join(', ')}`);
  out.push(plan.run ? `Replayed the captured messages of run ${mdCode(plan.run.runId)} against today's DNS and against the proposal.` : 'No run was replayed: only the records were judged.');
  if (plan.rows.length) {
    const cell = (c: VerdictChange) => (c.before === c.after ? mdText(c.before) : `**${mdText(c.before)} → ${mdText(c.after)}**`);
    out.push('', '| Route | Provider | SPF | DKIM | DMARC | |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of plan.rows) {
      out.push(`| ${mdText(r.route)} | ${mdText(r.provider)} | ${cell(r.spf)} | ${cell(r.dkim)} | ${cell(r.dmarc)} | ${r.regression ? '❌' : r.improvement ? '✅ fixed' : ''} |`);
    }
  }
  if (plan.untouchedRoutes.length) out.push('', `Routes whose domains the proposal does not touch: ${plan.untouchedRoutes.map(mdText).join(', ')}.`);
  if (plan.regressions.length) out.push('', '### Regressions', ...plan.regressions.map((r) => `- ${mdText(r)}`));
  findingsSection(out, 'Findings the proposal adds', plan.findings.added);
  findingsSection(out, 'Findings the proposal removes', plan.findings.removed);
  if (plan.notJudged.length) out.push('', '### Not judged', ...plan.notJudged.map((n) => `- ${mdText(n)}`));
  const notes = plan.rows.flatMap((r) => r.notes);
  if (notes.length) out.push('', '<details><summary>Notes</summary>', '', ...notes.map((n) => `- ${mdText(n)}`), '', '</details>');
  return `${out.join('\n')}\n`;
}

function findingsSection(out: string[], title: string, findings: Finding[]): void {
  if (!findings.length) return;
  out.push('', `### ${title}`);
  for (const f of findings) {
    out.push(`- **${f.severity}** ${mdCode(f.id)} ${mdText(f.domain)}: ${mdText(f.message)}`);
    if (f.severity !== 'info') out.push(`  - breaks: ${mdText(f.breaks)}`, `  - fix: ${mdText(f.fix)}`);
  }
}
