/**
 * What every reporter says about a finished run, computed once: probes in a stable order, counts, the
 * route x column matrix, broken expectations, and failure reasons grouped per route. Reporters only format.
 * Everything is sorted by probe id, so a merged sharded run renders exactly like the unsharded one.
 */
import { summarizeRoute } from './route-summary.ts';
import type { AuthResult } from '../analysis/types.ts';
import type { ExpectationOutcome, Placement, ProbeFinding, ProbeResult, RunResult } from '../results/types.ts';

export const PLACEMENTS: readonly Placement[] = ['inbox', 'spam', 'rejected', 'missing', 'error', 'interrupted'];

/** Worst first: a cell holding several probes shows the worst one's colour. */
const SEVERITY: Record<Placement, number> = { error: 5, rejected: 4, missing: 3, spam: 2, interrupted: 1, inbox: 0 };

export function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortedProbes(run: RunResult): ProbeResult[] {
  return [...run.probes].sort(byId);
}

export function countPlacements(probes: readonly ProbeResult[]): Record<Placement, number> {
  const counts = Object.fromEntries(PLACEMENTS.map((p) => [p, 0])) as Record<Placement, number>;
  for (const probe of probes) counts[probe.placement]++;
  return counts;
}

export function worstPlacement(probes: readonly ProbeResult[]): Placement | undefined {
  let worst: Placement | undefined;
  for (const probe of probes) if (!worst || SEVERITY[probe.placement] > SEVERITY[worst]) worst = probe.placement;
  return worst;
}

/** "12 probes: 10 inbox, 1 spam, 1 missing" */
export function placementLine(probes: readonly ProbeResult[]): string {
  const counts = countPlacements(probes);
  const parts = PLACEMENTS.filter((p) => counts[p] > 0).map((p) => `${counts[p]} ${p}`);
  return `${probes.length} probe${probes.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

export interface Matrix {
  rows: string[];
  columns: string[];
  /** Probes of one cell, sorted by id; empty when the plan had none there. */
  cell(row: string, column: string): ProbeResult[];
}

/** Rows are routes (prefixed by the scenario when a run has several), columns whatever `column` picks. */
export function buildMatrix(probes: readonly ProbeResult[], column: (p: ProbeResult) => string): Matrix {
  const severalScenarios = new Set(probes.map((p) => p.scenario)).size > 1;
  const rowOf = (p: ProbeResult) => (severalScenarios ? `${p.scenario} › ${p.route}` : p.route);
  const cells = Map.groupBy([...probes].sort(byId), (probe) => `${rowOf(probe)}\u0000${column(probe)}`);
  return {
    rows: [...new Set(probes.map(rowOf))].sort(),
    columns: [...new Set(probes.map(column))].sort(),
    cell: (row, col) => cells.get(`${row}\u0000${col}`) ?? [],
  };
}

/** The probes' findings, critical first, each with its probe: what a report says before anything else. */
export function probeFindings(probes: readonly ProbeResult[]): Array<{ probe: ProbeResult; finding: ProbeFinding }> {
  const all = [...probes].sort(byId).flatMap((probe) => (probe.findings ?? []).map((finding) => ({ probe, finding })));
  return [...all.filter((f) => f.finding.severity === 'critical'), ...all.filter((f) => f.finding.severity !== 'critical')];
}

export interface BrokenExpectation {
  probe: ProbeResult;
  expectation: ExpectationOutcome;
}

export function brokenExpectations(probes: readonly ProbeResult[]): BrokenExpectation[] {
  return [...probes]
    .sort(byId)
    .flatMap((probe) => probe.expectations.filter((e) => !e.ok).map((expectation) => ({ probe, expectation })));
}

/**
 * One line per route saying what analysis found across its probes (src/analysis's summary), routes in
 * name order and each route's probes in id order, so the text does not depend on how a run was sharded.
 */
export function routeSummaries(probes: readonly ProbeResult[]): string[] {
  const routes = Map.groupBy([...probes].sort(byId), (probe) => probe.route);
  return [...routes.keys()].sort().map((route) => summarizeRoute(routes.get(route)!));
}

/** One character per verdict, for compact tables. */
export function authMark(result: AuthResult | undefined): string {
  switch (result) {
    case 'pass':
    case 'bestguesspass':
      return '✓';
    case 'fail':
    case 'permerror':
      return '✗';
    case 'softfail':
    case 'neutral':
    case 'temperror':
    case 'policy':
      return '~';
    case 'none':
      return '-';
    default:
      return '?';
  }
}

export const AUTH_LEGEND = 'auth marks: spf dkim dmarc as judged by the receiver (✓ pass, ✗ fail, ~ soft/neutral/temp, - none, ? unknown)';

/** Where the probes of a cell landed: "inbox", "inbox/promotions", or "2 inbox, 1 spam". */
export function cellLabel(probes: readonly ProbeResult[]): string {
  if (probes.length === 1) {
    const [probe] = probes;
    return probe.placement === 'inbox' && probe.tab && probe.tab !== 'primary' ? `inbox/${probe.tab}` : probe.placement;
  }
  const counts = countPlacements(probes);
  return PLACEMENTS.filter((p) => counts[p] > 0)
    .map((p) => `${counts[p]} ${p}`)
    .join(', ');
}

/** The code a refused probe was refused with, from its DSN or the route's SMTP reply: "5.7.26". */
export function refusalCode(probe: ProbeResult): string | undefined {
  if (probe.placement !== 'rejected') return undefined;
  const code = probe.bounce?.status ?? probe.bounce?.code ?? probe.smtp.status ?? probe.smtp.code;
  return code === undefined ? undefined : String(code);
}

/** The label, and for one probe what explains it: "inbox ✓✓✓", "rejected 5.7.26". */
export function cellText(probes: readonly ProbeResult[]): string {
  if (probes.length !== 1) return cellLabel(probes);
  const [probe] = probes;
  const { placement, auth } = probe;
  if (placement === 'inbox' || placement === 'spam') return `${cellLabel(probes)} ${authMark(auth.spf)}${authMark(auth.dkim)}${authMark(auth.dmarc)}`;
  const code = refusalCode(probe);
  return code === undefined ? cellLabel(probes) : `${cellLabel(probes)} ${code}`;
}

/** Where our own verification disagrees with the receiver: "dkim receiver=pass ours=fail (why)". */
export function disagreementLines(probe: ProbeResult): string[] {
  return (probe.analysis?.disagreements ?? []).map(
    (d) => `${d.check} receiver=${d.receiver} ours=${d.ours}${d.explanation ? ` (${d.explanation})` : ''}`,
  );
}

export function durationText(run: RunResult): string {
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

/**
 * One line per route and scenario whose envelope sender (MAIL FROM) was not the From address: SPF is judged
 * on that domain, and DMARC only counts it when it aligns with the From domain.
 */
export function envelopeLines(probes: readonly ProbeResult[]): string[] {
  const lines = new Map<string, string>();
  for (const p of probes) {
    if (p.envelopeFrom === undefined || !p.from || p.envelopeFrom.toLowerCase() === p.from.toLowerCase()) continue;
    const key = `${p.route}\u0000${p.scenario}\u0000${p.envelopeFrom}`;
    lines.set(key, `route ${p.route} (${p.scenario}): MAIL FROM ${p.envelopeFrom || '<>'}, From ${p.from}`);
  }
  return [...lines.values()];
}

/**
 * One line per route and per seed that failed (the `error` probes, grouped by their reason, which names the
 * route or seed and says what to do), with how many probes it ended and how many were sent all the same.
 */
export function failureLines(probes: readonly ProbeResult[]): string[] {
  const failed = probes.filter((p): p is ProbeResult & { error: string } => p.placement === 'error' && Boolean(p.error));
  return [...Map.groupBy(failed, (p) => p.error)].map(([error, group]) => {
    const sent = group.filter((p) => p.smtp.attempts > 0).length;
    const count = `${group.length} probe${group.length === 1 ? '' : 's'}`;
    return `${error} [${count}, ${sent === 0 ? 'none' : sent} sent]`;
  });
}
