/**
 * Alerts: what changed for the worse (or back) in a run compared with the previous run of each cell in the
 * history: a route x provider cell whose inbox rate fell below what it is expected to reach, or whose majority
 * SPF/DKIM/DMARC verdict flipped. Sending them is src/reporters/alerts/; this only decides.
 */
import type { ProbeResult, RunResult } from '../results/types.ts';
import { prepared, type HistoryDb } from './db.ts';

export interface Alert {
  /** dmarc-*: from the DMARC aggregate reports (src/dmarc/alerts.ts); `provider` is then `dmarc`. */
  kind: 'inbox-below-expected' | 'auth-flip' | 'spoof-delivered' | 'dmarc-unknown-sender' | 'dmarc-pass-fall';
  /** `critical`: a forged mail from the company's own domain reached an inbox (spoof drill). */
  severity?: 'critical';
  route: string;
  provider: string;
  /** One plain sentence for people: "m365 → gmail: inbox 60% (expected 90%, was 98%)". */
  text: string;
  check?: 'spf' | 'dkim' | 'dmarc';
  from?: string;
  to?: string;
  inboxRate?: number;
}

export interface AlertOptions {
  /** Expected inbox rate (0..1): one number, or per "route/provider" with a `*` default. Default 0.9. */
  expectedInbox?: number | Record<string, number>;
}

interface CellState {
  probes: number;
  inbox: number;
  delivered: number;
  spf: number;
  dkim: number;
  dmarc: number;
}

const CHECKS = ['spf', 'dkim', 'dmarc'] as const;

export function detectAlerts(db: HistoryDb, run: RunResult, options: AlertOptions = {}): Alert[] {
  const previous = previousCells(db, Date.parse(run.startedAt));
  const current = new Map<string, CellState & { route: string; provider: string }>();
  for (const probe of run.probes) {
    if (probe.placement === 'interrupted') continue; // not a verdict on the route
    const key = `${probe.route}/${probe.provider}`;
    const cell = current.get(key) ?? { route: probe.route, provider: probe.provider, probes: 0, inbox: 0, delivered: 0, spf: 0, dkim: 0, dmarc: 0 };
    current.set(key, addProbe(cell, probe));
  }
  // A forged mail in an inbox is alerted on every run, not on change: it is open until fixed.
  const alerts: Alert[] = run.probes.flatMap((p) =>
    (p.findings ?? []).filter((f) => f.severity === 'critical').map((f): Alert => ({
      kind: 'spoof-delivered', severity: 'critical', route: p.route, provider: p.provider, text: `CRITICAL ${p.route} → ${p.seed}: ${f.text}`,
    })),
  );
  for (const [key, now] of [...current.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = previous.get(key);
    const expected = expectedFor(options.expectedInbox, key);
    const rate = now.inbox / now.probes;
    const wasBelow = before ? before.inbox / before.probes < expected : false;
    if (rate < expected && !wasBelow) {
      const was = before ? `, was ${pct(before.inbox / before.probes)}` : '';
      alerts.push({ kind: 'inbox-below-expected', route: now.route, provider: now.provider, inboxRate: rate,
        text: `${now.route} → ${now.provider}: inbox ${pct(rate)} (expected ${pct(expected)}${was})` });
    }
    if (!before) continue;
    for (const check of CHECKS) {
      const from = majority(before, check);
      const to = majority(now, check);
      if (from && to && from !== to)
        alerts.push({ kind: 'auth-flip', route: now.route, provider: now.provider, check, from, to,
          text: `${now.route} → ${now.provider}: ${check.toUpperCase()} ${from} → ${to}` });
    }
  }
  return alerts;
}

function addProbe(cell: CellState & { route: string; provider: string }, probe: ProbeResult) {
  const delivered = probe.placement === 'inbox' || probe.placement === 'spam';
  return {
    ...cell,
    probes: cell.probes + 1,
    inbox: cell.inbox + Number(probe.placement === 'inbox'),
    delivered: cell.delivered + Number(delivered),
    spf: cell.spf + Number(delivered && probe.auth.spf === 'pass'),
    dkim: cell.dkim + Number(delivered && probe.auth.dkim === 'pass'),
    dmarc: cell.dmarc + Number(delivered && probe.auth.dmarc === 'pass'),
  };
}

/** The verdict most delivered probes got; undefined when nothing was delivered (no verdict, not a fail). */
function majority(state: CellState, check: (typeof CHECKS)[number]): 'pass' | 'fail' | undefined {
  if (state.delivered === 0) return undefined;
  return state[check] * 2 > state.delivered ? 'pass' : 'fail';
}

function expectedFor(expected: AlertOptions['expectedInbox'], key: string): number {
  if (typeof expected === 'number') return expected;
  return expected?.[key] ?? expected?.['*'] ?? 0.9;
}

const pct = (rate: number) => `${Math.round(rate * 100)}%`;

/** Each cell's most recent run before `before` (ms), as counts. */
function previousCells(db: HistoryDb, before: number): Map<string, CellState> {
  const rows = prepared(
    db,
    `WITH latest AS (SELECT cell, max(started_at) AS at FROM probes WHERE started_at < ? GROUP BY cell)
     SELECT c.route, c.provider, count(*) AS probes, sum(placement = 'inbox') AS inbox,
       sum(placement IN ('inbox', 'spam')) AS delivered,
       sum(placement IN ('inbox', 'spam') AND spf = 'pass') AS spf, sum(placement IN ('inbox', 'spam') AND dkim = 'pass') AS dkim,
       sum(placement IN ('inbox', 'spam') AND dmarc = 'pass') AS dmarc
     FROM probes p JOIN latest l ON l.cell = p.cell AND l.at = p.started_at JOIN cells c ON c.id = p.cell
     WHERE p.placement != 'interrupted'
     GROUP BY p.cell`,
  ).all(before) as unknown as (CellState & { route: string; provider: string })[];
  return new Map(rows.map((r) => [`${r.route}/${r.provider}`, r]));
}
