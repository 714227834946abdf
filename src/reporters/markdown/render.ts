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
  routeSummaries,
  sortedProbes,
  worstPlacement,
} from '../summary.ts';
import type { Placement } from '../../results/types.ts';
import { fixFirst, fixWhere, type FixSeverity } from '../fix-first.ts';
import { mdCode, mdText } from '../../text/markdown.ts';

const ICON: Record<Placement, string> = { inbox: '🟢', spam: '🟡', rejected: '🔴', missing: '🔴', error: '🟣', interrupted: '⚪' };
const STATUS_ICON = { passed: '✅', failed: '❌', interrupted: '⏹️' } as const;
const FIX_LABEL: Record<FixSeverity, string> = { critical: '🚨 **CRITICAL**', error: '❌ **FIX**', warning: '⚠️ **WARNING**' };
/** The top of the list: the rest is in the HTML report. */
const MAX_FIXES = 5;
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

  // What to fix first comes before the table: a forged mail in an inbox, then failures, most widespread first.
  const fixes = fixFirst(run);
  if (fixes.length) {
    out.push('### Fix first', '');
    fixes.slice(0, MAX_FIXES).forEach((item, n) => {
      out.push(`${n + 1}. ${FIX_LABEL[item.severity]} ${mdText(item.text)}  `, `   ${mdText(fixWhere(item))}`);
      for (const step of item.fix) out.push(`   - fix: ${mdText(step)}`);
    });
    if (fixes.length > MAX_FIXES) out.push('', `…and ${fixes.length - MAX_FIXES} more${options.reportLink ? ' in the HTML report' : ''}.`);
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
