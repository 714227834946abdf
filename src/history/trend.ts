/**
 * The data of the trend report: per route x provider, counts per time bucket as aligned columns (what the
 * charts draw), and annotations where a cell's verdict changed. Buckets are runs while there are few, then
 * the smallest of hour/6h/day/week that keeps each line under `maxPoints` points.
 */
import type { HistoryDb } from './db.ts';
import type { DmarcTrendData } from './dmarc-trend.ts';
import { cellBuckets, countRuns, historySpan, type Bucket, type CellBucket, type Period } from './queries.ts';

const HOUR = 3_600_000;
const SPANS = [HOUR, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR];
const COUNT_FIELDS = ['probes', 'inbox', 'spam', 'missing', 'rejected', 'error', 'spfPass', 'dkimPass', 'dmarcPass'] as const;

export interface TrendCell {
  route: string;
  provider: string;
  /** One entry per `times` entry; 0 probes means no data in that bucket. */
  counts: Record<(typeof COUNT_FIELDS)[number], number[]>;
  p50: (number | null)[];
  p95: (number | null)[];
}

export interface TrendAnnotation {
  t: number;
  route: string;
  provider: string;
  check: 'placement' | 'spf' | 'dkim' | 'dmarc';
  from: string;
  to: string;
}

export interface TrendData {
  kind: 'trend';
  generatedAt: string;
  period: Period;
  bucket: 'run' | 'hour' | '6 hours' | 'day' | 'week';
  runs: number;
  /** Bucket starts, ms since the epoch, ascending. */
  times: number[];
  cells: TrendCell[];
  annotations: TrendAnnotation[];
  /** DMARC report pass rates per route and unknown senders per day, when the history holds reports. */
  dmarc?: DmarcTrendData;
}

export interface TrendOptions {
  /** ms since the epoch; default: the start of the history. */
  since?: number;
  until?: number;
  maxPoints?: number;
  now?: number;
}

export function buildTrend(db: HistoryDb, options: TrendOptions = {}): TrendData {
  const now = options.now ?? Date.now();
  const span = historySpan(db);
  const period = { since: options.since ?? span?.since ?? now, until: options.until ?? Math.max(now, span?.until ?? now) };
  const maxPoints = options.maxPoints ?? 400;
  const runs = countRuns(db, period);
  const bucket = chooseBucket(runs, period, maxPoints);
  const rows = cellBuckets(db, period, bucket);
  const times = [...new Set(rows.map((r) => r.t))].sort((a, b) => a - b);
  const cells = toCells(rows, times);
  return {
    kind: 'trend',
    generatedAt: new Date(now).toISOString(),
    period,
    bucket: bucket === 'run' ? 'run' : (['hour', '6 hours', 'day', 'week'] as const)[SPANS.indexOf(bucket)],
    runs,
    times,
    cells,
    annotations: cells.flatMap((cell) => verdictChanges(cell, times)).sort((a, b) => a.t - b.t || (a.route < b.route ? -1 : 1)),
  };
}

function chooseBucket(runs: number, period: Period, maxPoints: number): Bucket {
  if (runs <= maxPoints) return 'run';
  const length = period.until - period.since;
  return SPANS.find((s) => length / s <= maxPoints) ?? SPANS[SPANS.length - 1];
}

function toCells(rows: CellBucket[], times: number[]): TrendCell[] {
  const index = new Map(times.map((t, i) => [t, i]));
  const cells = new Map<string, TrendCell>();
  for (const row of rows) {
    const key = `${row.route}\u0000${row.provider}`;
    let cell = cells.get(key);
    if (!cell) {
      const zeros = () => new Array<number>(times.length).fill(0);
      cell = {
        route: row.route,
        provider: row.provider,
        counts: Object.fromEntries(COUNT_FIELDS.map((f) => [f, zeros()])) as TrendCell['counts'],
        p50: new Array(times.length).fill(null),
        p95: new Array(times.length).fill(null),
      };
      cells.set(key, cell);
    }
    const i = index.get(row.t)!;
    for (const field of COUNT_FIELDS) cell.counts[field][i] = Number(row[field]);
    cell.p50[i] = row.p50;
    cell.p95[i] = row.p95;
  }
  return [...cells.values()].sort((a, b) => (a.route + a.provider < b.route + b.provider ? -1 : 1));
}

/** Where the cell's dominant placement or its majority auth verdict differs from the previous bucket's. */
function verdictChanges(cell: TrendCell, times: number[]): TrendAnnotation[] {
  const changes: TrendAnnotation[] = [];
  const last: Partial<Record<TrendAnnotation['check'], string>> = {};
  const c = cell.counts;
  for (let i = 0; i < times.length; i++) {
    if (c.probes[i] === 0) continue;
    const placements = { inbox: c.inbox[i], spam: c.spam[i], missing: c.missing[i], rejected: c.rejected[i], error: c.error[i] };
    const dominant = Object.entries(placements).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const delivered = c.inbox[i] + c.spam[i];
    const verdicts: Partial<Record<TrendAnnotation['check'], string>> = { placement: dominant };
    // Auth is only judged on delivered mail: a missing probe has no verdict, not a failing one.
    if (delivered > 0)
      for (const check of ['spf', 'dkim', 'dmarc'] as const) verdicts[check] = c[`${check}Pass`][i] * 2 > delivered ? 'pass' : 'fail';
    for (const [check, value] of Object.entries(verdicts) as [TrendAnnotation['check'], string][]) {
      const before = last[check];
      if (before !== undefined && before !== value) changes.push({ t: times[i], route: cell.route, provider: cell.provider, check, from: before, to: value });
      last[check] = value;
    }
  }
  return changes;
}
