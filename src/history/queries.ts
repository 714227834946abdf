/**
 * Trend queries over the history, aggregated in SQL: the history may hold a year of hourly runs (~440,000
 * probe rows), so JavaScript only ever sees one row per time bucket x route x provider.
 */
import type { HistoryDb } from './db.ts';
import { rollupFor, type Rollup } from './rollup.ts';

export interface Period {
  /** ms since the epoch, inclusive. */
  since: number;
  /** ms since the epoch, exclusive. */
  until: number;
}

/** A bucket is one run (few runs: every point is a run) or a fixed span in ms (hour, day, week). */
export type Bucket = 'run' | number;

export interface CellBucket {
  /** Start of the bucket (ms); for 'run' buckets, the run's start. */
  t: number;
  route: string;
  provider: string;
  probes: number;
  inbox: number;
  spam: number;
  rejected: number;
  missing: number;
  error: number;
  interrupted: number;
  /** Probes whose receiver verdict was pass, per check. */
  spfPass: number;
  dkimPass: number;
  dmarcPass: number;
  /** Latency percentiles (nearest rank) of the delivered probes, ms; null when none was delivered. */
  p50: number | null;
  p95: number | null;
}

const bucketExpr = (bucket: Bucket) => (bucket === 'run' ? 'started_at' : `(started_at / ${Math.trunc(bucket)}) * ${Math.trunc(bucket)}`);

/**
 * The start-time index pays off for a short slice of a long history; for most of it, a plain scan is
 * several times faster than index lookups (`+started_at` tells SQLite not to use the index).
 */
function timeColumn(db: HistoryDb, period: Period): string {
  const span = historySpan(db);
  if (!span) return 'started_at';
  const covered = (Math.min(period.until, span.until) - Math.max(period.since, span.since)) / Math.max(1, span.until - span.since);
  return covered < 0.25 ? 'started_at' : '+started_at';
}

function cellNames(db: HistoryDb): Map<number, { route: string; provider: string }> {
  const rows = db.prepare('SELECT id, route, provider FROM cells').all() as { id: number; route: string; provider: string }[];
  return new Map(rows.map((r) => [r.id, { route: r.route, provider: r.provider }]));
}

/**
 * Placement counts and auth pass counts per bucket x route x provider, with latency percentiles. Buckets of
 * whole days or of 6 hours come from a rollup (and then cover whole UTC spans); runs and hours from the probes
 * (hour buckets only serve periods of up to `maxPoints` hours, a short slice read through the index).
 */
export function cellBuckets(db: HistoryDb, period: Period, bucket: Bucket): CellBucket[] {
  const rollup = bucket === 'run' ? undefined : rollupFor(bucket);
  if (rollup && bucket !== 'run') return cellBucketsFromRollup(db, rollup, period, bucket);
  const t = bucketExpr(bucket);
  const at = timeColumn(db, period);
  const counts = db
    .prepare(
      `SELECT ${t} AS t, cell, count(*) AS probes,
         sum(placement = 'inbox') AS inbox, sum(placement = 'spam') AS spam, sum(placement = 'rejected') AS rejected,
         sum(placement = 'missing') AS missing, sum(placement = 'error') AS error, sum(placement = 'interrupted') AS interrupted,
         sum(spf = 'pass') AS spfPass, sum(dkim = 'pass') AS dkimPass, sum(dmarc = 'pass') AS dmarcPass
       FROM probes WHERE ${at} >= ? AND ${at} < ?
       GROUP BY 1, 2`,
    )
    .all(period.since, period.until) as unknown as (Omit<CellBucket, 'p50' | 'p95' | 'route' | 'provider'> & { cell: number })[];
  const latency = new Map<string, { p50: number; p95: number }>();
  for (const row of latencyPercentiles(db, period, bucket, at)) latency.set(`${row.t}/${row.cell}`, row);
  const names = cellNames(db);
  return counts.map(({ cell, ...row }) => {
    const l = latency.get(`${row.t}/${cell}`);
    return { ...row, ...names.get(cell)!, p50: l?.p50 ?? null, p95: l?.p95 ?? null };
  });
}

const COUNT_COLUMNS = ['probes', 'inbox', 'spam', 'rejected', 'missing', 'error', 'interrupted', 'spf_pass', 'dkim_pass', 'dmarc_pass'];
const COUNT_FIELDS = ['probes', 'inbox', 'spam', 'rejected', 'missing', 'error', 'interrupted', 'spfPass', 'dkimPass', 'dmarcPass'] as const;

/** The nearest-rank p-quantile (p in percent) of a rollup row's ascending latencies, computed by SQLite. */
const rankSql = (p: number) => `json_extract(latencies, '$[' || max(0, (json_array_length(latencies) * ${p} + 99) / 100 - 1) || ']')`;

/**
 * Buckets read from a rollup. When a bucket is one rollup row (the whole-history days, the 90-day 6 hours),
 * SQLite picks its percentiles out of the row; only longer buckets (weeks) merge latencies here. Rows come
 * back as arrays, in the table's own order: a year is ~22,000 rows x 60 cells, and objects or a sort cost more
 * than the query.
 */
function cellBucketsFromRollup(db: HistoryDb, { table, spanMs }: Rollup, period: Period, bucket: number): CellBucket[] {
  const exact = bucket === spanMs;
  const statement = db.prepare(
    `SELECT (day / ${bucket}) * ${bucket}, cell, ${COUNT_COLUMNS.join(', ')}, ${exact ? `${rankSql(50)}, ${rankSql(95)}` : 'latencies'}
     FROM ${table} WHERE day >= ? AND day < ?`,
  );
  statement.setReturnArrays(true);
  const rows = statement.all(Math.floor(period.since / spanMs) * spanMs, period.until) as unknown as (number | string | null)[][];
  const names = cellNames(db);
  const merged = new Map<string, { row: CellBucket; latencies: number[] }>();
  for (const r of rows) {
    const [t, cell] = r as [number, number];
    const key = `${t}/${cell}`;
    let entry = merged.get(key);
    if (!entry) {
      const row = { t, ...names.get(cell)!, p50: null, p95: null } as CellBucket;
      for (const field of COUNT_FIELDS) row[field] = 0;
      merged.set(key, (entry = { row, latencies: [] }));
    }
    COUNT_FIELDS.forEach((field, i) => (entry.row[field] += r[2 + i] as number));
    if (exact) [entry.row.p50, entry.row.p95] = [r[12] as number | null, r[13] as number | null];
    else for (const latency of JSON.parse(r[12] as string) as number[]) entry.latencies.push(latency);
  }
  const buckets = [...merged.values()].map(({ row, latencies }) => {
    if (exact) return row;
    latencies.sort((a, b) => a - b);
    return { ...row, p50: nearestRank(latencies, 0.5), p95: nearestRank(latencies, 0.95) };
  });
  return buckets.sort((a, b) => a.t - b.t);
}

/** The p-quantile by nearest rank of ascending values (what the SQL below computes with cume_dist). */
export function nearestRank(sorted: number[], p: number): number | null {
  return sorted.length ? sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] : null;
}

/**
 * Nearest-rank p50 and p95 of latency per bucket x cell: the smallest latency whose cumulative share of the
 * group reaches p (cume_dist), with one window sort.
 */
export function latencyPercentiles(db: HistoryDb, period: Period, bucket: Bucket, at = timeColumn(db, period)) {
  return db
    .prepare(
      `SELECT t, cell, min(CASE WHEN share >= 0.5 THEN latency_ms END) AS p50, min(CASE WHEN share >= 0.95 THEN latency_ms END) AS p95
       FROM (SELECT t, cell, latency_ms, cume_dist() OVER (PARTITION BY t, cell ORDER BY latency_ms) AS share
             FROM (SELECT ${bucketExpr(bucket)} AS t, cell, latency_ms FROM probes
                   WHERE latency_ms IS NOT NULL AND ${at} >= ? AND ${at} < ?))
       GROUP BY 1, 2`,
    )
    .all(period.since, period.until) as unknown as { t: number; cell: number; p50: number; p95: number }[];
}

export function countRuns(db: HistoryDb, period: Period): number {
  return (db.prepare('SELECT count(*) AS n FROM runs WHERE started_at >= ? AND started_at < ?').get(period.since, period.until) as { n: number }).n;
}

/** The span of the whole history, or undefined when it is empty. */
export function historySpan(db: HistoryDb): Period | undefined {
  const row = db.prepare('SELECT min(started_at) AS first, max(started_at) AS last FROM runs').get() as { first: number | null; last: number | null };
  return row.first === null || row.last === null ? undefined : { since: row.first, until: row.last + 1 };
}

export interface FirstBadRun {
  route: string;
  provider: string;
  runId: string;
  startedAt: number;
  inboxRate: number;
  /** How many good runs came right before it. */
  goodStreak: number;
}

/**
 * Per route x provider, the runs where the inbox rate fell below `threshold` right after at least
 * `minStreak` good runs in a row: "the day it broke", the first thing to look at in a regression.
 */
export function firstBadAfterGoodStreak(db: HistoryDb, options: { threshold: number; minStreak: number; period?: Period }): FirstBadRun[] {
  const period = options.period ?? { since: 0, until: Number.MAX_SAFE_INTEGER };
  return db
    .prepare(
      `WITH per_run AS (
         SELECT cell, run, started_at, avg(placement = 'inbox') AS rate
         FROM probes WHERE started_at >= ? AND started_at < ? GROUP BY cell, run),
       flagged AS (
         SELECT *, rate >= ? AS good,
           -- bad runs so far: a bad run and the good runs after it share a number
           sum(rate < ?) OVER (PARTITION BY cell ORDER BY started_at, run ROWS UNBOUNDED PRECEDING) AS bad_so_far
         FROM per_run),
       streaks AS (
         SELECT cell, bad_so_far, sum(good) AS good_count FROM flagged GROUP BY 1, 2)
       SELECT c.route, c.provider, r.run_id AS runId, f.started_at AS startedAt, f.rate AS inboxRate, s.good_count AS goodStreak
       FROM flagged f
       JOIN streaks s ON s.cell = f.cell AND s.bad_so_far = f.bad_so_far - 1
       JOIN cells c ON c.id = f.cell
       JOIN runs r ON r.id = f.run
       WHERE f.good = 0 AND s.good_count >= ?
       ORDER BY f.started_at, c.route, c.provider`,
    )
    .all(period.since, period.until, options.threshold, options.threshold, options.minStreak) as unknown as FirstBadRun[];
}
