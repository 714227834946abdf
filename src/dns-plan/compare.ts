/** Before/after comparisons: replayed verdicts into rows per route x provider, findings into a diff. */
import type { Finding } from '../dns/types.ts';
import type { FindingsDiff, PlanRow, ReplayVerdicts } from './types.ts';

/** Best to worst, for showing one verdict for several probes of a row. */
const RANK = ['pass', 'none', 'neutral', 'softfail', 'policy', 'temperror', 'permerror', 'fail'];
const DISPOSITION = ['none', 'quarantine', 'reject'];

export interface Replayed {
  probeId: string;
  route: string;
  /** The provider preset; a generic `imap` seed is its own provider, so it is named by its seed id. */
  provider: string;
  before: ReplayVerdicts;
  after: ReplayVerdicts;
  /** Set when the message came from another probe of the same route (this one was rejected or lost). */
  borrowedFrom?: string;
}

export function rowsFrom(replayed: Replayed[]): PlanRow[] {
  const groups = Map.groupBy(replayed, (r) => `${r.route}\u0000${r.provider}`);
  return [...groups.values()].map((list) => {
    const worst = (side: 'before' | 'after', check: 'spf' | 'dkim' | 'dmarc') => {
      const verdicts = list.map((r) => r[side][check]);
      const result = verdicts.reduce((a, b) => (rank(b) > rank(a) ? b : a));
      const disposition = list.map((r) => r[side].disposition).reduce((a, b) => (DISPOSITION.indexOf(b) > DISPOSITION.indexOf(a) ? b : a));
      return check === 'dmarc' && disposition !== 'none' ? `${result} (${disposition})` : result;
    };
    const change = (check: 'spf' | 'dkim' | 'dmarc') => ({ before: worst('before', check), after: worst('after', check) });
    return {
      route: list[0].route,
      provider: list[0].provider,
      probes: list.map((r) => r.probeId),
      spf: change('spf'),
      dkim: change('dkim'),
      dmarc: change('dmarc'),
      regression: list.some((r) => regressions(r.before, r.after).length > 0),
      improvement: list.some((r) => (['spf', 'dkim', 'dmarc'] as const).some((c) => r.before[c] !== 'pass' && r.after[c] === 'pass')),
      notes: list.filter((r) => r.borrowedFrom).map((r) => `${r.probeId}: no message was captured at this provider; judged with the route's message from ${r.borrowedFrom}`),
    };
  }).sort((a, b) => order(a) - order(b) || a.route.localeCompare(b.route) || a.provider.localeCompare(b.provider));
}

/** Regressions first, then fixes, then the rest. */
function order(row: PlanRow): number {
  return row.regression ? 0 : row.improvement ? 1 : 2;
}

/** What got worse for one message: a pass lost, or a DMARC failure now quarantined or rejected. */
export function regressions(before: ReplayVerdicts, after: ReplayVerdicts): string[] {
  const lost = (['spf', 'dkim', 'dmarc'] as const).filter((c) => before[c] === 'pass' && after[c] !== 'pass').map((c) => `${c.toUpperCase()} ${before[c]} → ${after[c]}`);
  if (DISPOSITION.indexOf(after.disposition) > DISPOSITION.indexOf(before.disposition)) lost.push(`DMARC disposition ${before.disposition} → ${after.disposition}`);
  return lost;
}

function rank(verdict: string): number {
  const i = RANK.indexOf(verdict);
  return i < 0 ? RANK.length : i;
}

/** Findings are the same when kind, domain, subject and severity are (messages may carry changed counts). */
export function diffFindings(before: Finding[], after: Finding[]): FindingsDiff {
  const key = (f: Finding) => [f.id, f.domain, f.subject ?? '', f.severity].join('\u0000');
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  return {
    added: after.filter((f) => !beforeKeys.has(key(f))),
    removed: before.filter((f) => !afterKeys.has(key(f))),
    unchanged: after.filter((f) => beforeKeys.has(key(f))).length,
  };
}
