/** The run as Markdown: used for summary.md and for GitHub's job summary (a table renders there). */
import type { RunResult } from '../../results/types.ts';
import {
  AUTH_LEGEND,
  brokenExpectations,
  buildMatrix,
  cellText,
  disagreementLines,
  durationText,
  placementLine,
  probeFindings,
  routeSummaries,
  sortedProbes,
  worstPlacement,
} from '../summary.ts';
import type { Placement } from '../../results/types.ts';
import { mdCode, mdText } from '../../text/markdown.ts';

const ICON: Record<Placement, string> = { inbox: '🟢', spam: '🟡', rejected: '🔴', missing: '🔴', error: '🟣', interrupted: '⚪' };
const STATUS_ICON = { passed: '✅', failed: '❌', interrupted: '⏹️' } as const;
/** Long lists are cut: a job summary is limited to 1 MiB and nobody reads 500 rows. */
const MAX_ROWS = 100;

export function renderMarkdown(run: RunResult, options: { reportLink?: string } = {}): string {
  const probes = sortedProbes(run);
  const out: string[] = [];
  const shard = run.shard ? ` (shard ${run.shard.index}/${run.shard.total})` : '';
  out.push(`## ${STATUS_ICON[run.status]} landed run ${mdCode(run.runId)}${shard}: ${run.status}`, '');
  const took = durationText(run);
  out.push(`${placementLine(probes)}${took ? ` in ${took}` : ''}.`, '');
  if (options.reportLink) out.push(`[HTML report](${options.reportLink.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)})`, '');

  // A forged mail in an inbox comes before the table: it is the most serious thing a run can find.
  const findings = probeFindings(probes);
  for (const { probe, finding } of findings.slice(0, MAX_ROWS)) {
    out.push(`> ${finding.severity === 'critical' ? '🚨 **CRITICAL**' : '⚠️ **Warning**'} ${mdText(probe.id)}: ${mdText(finding.text)}`);
    for (const step of finding.fix ?? []) out.push(`> - fix: ${mdText(step)}`);
    out.push('');
  }

  const matrix = buildMatrix(probes, (p) => p.seed);
  out.push(`| route | ${matrix.columns.map((c) => mdText(c)).join(' | ')} |`);
  out.push(`| --- |${matrix.columns.map(() => ' --- |').join('')}`);
  for (const row of matrix.rows) {
    const cells = matrix.columns.map((col) => {
      const cell = matrix.cell(row, col);
      const worst = worstPlacement(cell);
      return worst ? `${ICON[worst]} ${mdText(cellText(cell))}` : '';
    });
    out.push(`| ${mdText(row)} | ${cells.join(' | ')} |`);
  }
  out.push('', `<sub>${mdText(AUTH_LEGEND)}</sub>`, '');

  const broken = brokenExpectations(probes);
  if (broken.length) {
    out.push(`### Broken expectations (${broken.length})`, '', '| probe | check | expected | actual |', '| --- | --- | --- | --- |');
    for (const { probe, expectation: e } of broken.slice(0, MAX_ROWS))
      out.push(`| ${mdText(probe.id)} | ${mdText(e.check)} | ${mdText(e.expected)} | ${mdText(e.actual)} |`);
    if (broken.length > MAX_ROWS) out.push('', `…and ${broken.length - MAX_ROWS} more.`);
    out.push('');
  }

  out.push('### Routes', '', ...routeSummaries(probes).map((line) => `- ${mdText(line, 1000)}`), '');

  const disagreements = probes.flatMap((p) => disagreementLines(p).map((line) => `- ${mdText(p.id)}: ${mdText(line)}`));
  if (disagreements.length) out.push('### Our verification disagrees with the receiver', '', ...disagreements.slice(0, MAX_ROWS), '');
  return `${out.join('\n').trimEnd()}\n`;
}
