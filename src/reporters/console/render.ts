/** The end-of-run text: routes x seeds table, disagreements, reasons per route, broken expectations. */
import type { ProbeResult, RunResult } from '../../results/types.ts';
import {
  AUTH_LEGEND,
  brokenExpectations,
  buildMatrix,
  cellText,
  disagreementLines,
  durationText,
  envelopeLines,
  failureLines,
  placementLine,
  probeFindings,
  routeSummaries,
  sortedProbes,
  worstPlacement,
} from '../summary.ts';
import type { Palette } from '../../text/colour.ts';
import { renderTable } from '../../text/table.ts';
import { oneLine } from '../../printable.ts';

/**
 * Text quoted from received mail is capped (a route's summary gets more room: it sums up all its seeds) and
 * loses its control characters, which must not drive the terminal.
 */
const clean = (text: string, max = 300) => oneLine(text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function renderRunText(run: RunResult, paint: Palette): string[] {
  const probes = sortedProbes(run);
  const lines: string[] = [];
  const shard = run.shard ? ` (shard ${run.shard.index}/${run.shard.total})` : '';
  const status = run.status === 'passed' ? paint.good(run.status) : paint.bad(run.status);
  lines.push(paint.bold(`landed run ${run.runId}${shard}: ${status}`));
  lines.push(`${placementLine(probes)}${durationText(run) ? ` in ${durationText(run)}` : ''}`, '');

  // A forged mail in an inbox outweighs everything else in the run: said first.
  const findings = probeFindings(probes);
  for (const { probe, finding } of findings) {
    const label = finding.severity === 'critical' ? paint.bad('CRITICAL') : 'WARNING';
    lines.push(`${label} ${probe.id}: ${clean(finding.text)}`, ...(finding.fix ?? []).map((step) => `  fix: ${clean(step)}`));
  }
  if (findings.length) lines.push('');

  lines.push(...matrixLines(probes, paint), paint.dim(AUTH_LEGEND));
  const failures = failureLines(probes);
  if (failures.length) lines.push('', paint.bad('What failed, and what to do:'), ...failures.map((line) => `  ${clean(line, 1000)}`));
  const envelopes = envelopeLines(probes);
  if (envelopes.length) lines.push('', 'Envelope sender (MAIL FROM) other than the From address:', ...envelopes.map((line) => `  ${clean(line)}`));

  const disagreements = probes.flatMap((p) => disagreementLines(p).map((line) => `  ${p.id}: ${clean(line)}`));
  if (disagreements.length) lines.push('', 'Our verification disagrees with the receiver:', ...disagreements);

  lines.push('', ...routeSummaries(probes).map((line) => clean(line, 1200)));

  const broken = brokenExpectations(probes);
  if (broken.length) {
    lines.push('', paint.bad(`${broken.length} broken expectation${broken.length === 1 ? '' : 's'}:`));
    for (const { probe, expectation } of broken)
      lines.push(`  ${probe.id}: ${expectation.check} expected ${clean(expectation.expected)}, got ${paint.bad(clean(expectation.actual))}`);
  }
  return lines;
}

function matrixLines(probes: ProbeResult[], paint: Palette): string[] {
  const matrix = buildMatrix(probes, (p) => p.seed);
  const rows = [['route', ...matrix.columns]];
  for (const row of matrix.rows) {
    rows.push([
      row,
      ...matrix.columns.map((col) => {
        const cell = matrix.cell(row, col);
        return cell.length ? paint.placement(worstPlacement(cell))(cellText(cell)) : paint.dim('·');
      }),
    ]);
  }
  const [header, ...body] = renderTable(rows);
  return [paint.bold(header), ...body];
}
