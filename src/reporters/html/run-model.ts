/**
 * The data a run report page renders: what to fix first, the routes x seeds matrix (the console's, through
 * summary.ts) and each probe with its message headers read from the run directory.
 * All strings are capped; the page renders them as text only.
 */
import { readMessageHeaders } from '../../results/run-folder.ts';
import type { ProbeResult, RunResult } from '../../results/types.ts';
import { fixFirst, fixWhere, type FixItem } from '../fix-first.ts';
import { buildMatrix, cellLabel, countPlacements, durationText, refusalCode, sortedProbes, worstPlacement } from '../summary.ts';

const MAX_STRING = 2000;
const MAX_HEADER_BYTES = 32 * 1024;

export interface CellView {
  route: string;
  /** The seed, as the console's table heads its column. */
  column: string;
  probes: string[];
  placement: string;
  label: string;
  /** For a single refused probe, its code (5.7.26). */
  code?: string;
  /** For a cell whose worst outcome is `error`: why (the route or seed that failed, and what to do). */
  reason?: string;
  /** Per check: 'pass' when every probe passed, 'fail' when none did, 'mixed' otherwise. */
  auth: { spf: string; dkim: string; dmarc: string };
}

export interface RunView {
  kind: 'run';
  run: Omit<RunResult, 'probes'> & { duration: string; counts: Record<string, number> };
  rows: string[];
  /** Seeds, the console's columns; each with its provider (`providers`) under it. */
  columns: string[];
  providers: Record<string, string>;
  /** What to fix first, ranked (fix-first.ts), each with where it was seen in words. */
  fixFirst: Array<FixItem & { where: string }>;
  cells: CellView[];
  probes: (ProbeResult & { headers?: string })[];
}

export async function buildRunView(run: RunResult, runDir: string): Promise<RunView> {
  const probes = sortedProbes(run);
  const matrix = buildMatrix(probes, (p) => p.seed);
  const cells: CellView[] = [];
  for (const row of matrix.rows)
    for (const column of matrix.columns) {
      const cell = matrix.cell(row, column);
      if (!cell.length) continue;
      cells.push({
        route: row,
        column,
        probes: cell.map((p) => p.id),
        placement: worstPlacement(cell) ?? 'missing',
        label: cellLabel(cell),
        code: cell.length === 1 ? refusalCode(cell[0]) : undefined,
        reason: worstPlacement(cell) === 'error' ? capStrings(cell.find((p) => p.placement === 'error')?.error, 300) : undefined,
        auth: { spf: agree(cell, 'spf'), dkim: agree(cell, 'dkim'), dmarc: agree(cell, 'dmarc') },
      });
    }
  const { probes: _omit, ...meta } = run;
  return {
    kind: 'run',
    run: { ...meta, duration: durationText(run), counts: countPlacements(probes) },
    rows: matrix.rows,
    columns: matrix.columns,
    providers: Object.fromEntries(probes.map((p) => [p.seed, p.provider])),
    fixFirst: capStrings(fixFirst(run).map((item) => ({ ...item, where: fixWhere(item) })), 600),
    cells,
    probes: await Promise.all(probes.map(async (p) => ({ ...capStrings(p), headers: await readMessageHeaders(runDir, p.messageFile, MAX_HEADER_BYTES) }))),
  };
}

function agree(cell: ProbeResult[], check: 'spf' | 'dkim' | 'dmarc'): string {
  const judged = cell.filter((p) => p.auth[check] !== 'unknown');
  if (!judged.length) return 'unknown';
  const passed = judged.filter((p) => p.auth[check] === 'pass').length;
  return passed === judged.length ? 'pass' : passed === 0 ? judged[0].auth[check] : 'mixed';
}


/** Deep copy with every string capped: one absurd header must not make a 50 MB report. */
export function capStrings<T>(value: T, max = MAX_STRING): T {
  if (typeof value === 'string') return (value.length > max ? `${value.slice(0, max)}…` : value) as T;
  if (Array.isArray(value)) return value.map((v) => capStrings(v, max)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = capStrings(v, max);
    return out as T;
  }
  return value;
}
