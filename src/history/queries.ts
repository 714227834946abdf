/**
 * Trend queries over the history, aggregated in SQL: the history may hold a year of hourly runs (~440,000
 * probe rows), so JavaScript only ever sees one row per time bucket x route x provider.
 */
import type { HistoryDb } from './db.ts';

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

/** Placement counts and auth pass counts per bucket x route x provider, with latency percentiles. */
export function cellBuckets(db: HistoryDb, period: Period, bucket: Bucket): CellBucket[] {
  const t = bucketExpr(bucket);
  const counts = db
    .prepare(
      `SELECT ${t} AS t, route, provider, count(*) AS probes,
         sum(placement = 'inbox') AS inbox, sum(placement = 'spam') AS spam, sum(placement = 'rejected') AS rejected,
         sum(placement = 'missing') AS missing, sum(placement = 'error') AS error, sum(placement = 'interrupted') AS interrupted,
         sum(spf = 'pass') AS spfPass, sum(dkim = 'pass') AS dkimPass, sum(dmarc = 'pass') AS dmarcPass
       FROM probes WHERE started_at >= ? AND started_at < ?
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all(period.since, period.until) as unknown as Omit<CellBucket, 'p50' | 'p95'>[];
  const latency = new Map<string, { p50: number; p95: number }>();
  for (const row of latencyPercentiles(db, period, bucket)) latency.set(`${row.t}\u0000${row.route}\u0000${row.provider}`, row);
  return counts.map((row) => {
    const l = latency.get(`${row.t}\u0000${row.route}\u0000${row.provider}`);
    return { ...row, p50: l?.p50 ?? null, p95: l?.p95 ?? null };
  });
}

/** Nearest-rank p50 and p95 of latency per bucket x route x provider, with window functions. */
export function latencyPercentiles(db: HistoryDb, period: Period, bucket: Bucket) {
  return db
    .prepare(
      `WITH ranked AS (
         SELECT t, route, provider, latency_ms,
           row_number() OVER (PARTITION BY t, route, provider ORDER BY latency_ms) AS rn,
           count(*) OVER (PARTITION BY t, route, provider) AS n
         FROM (SELECT ${bucketExpr(bucket)} AS t, route, provider, latency_ms FROM probes
               WHERE latency_ms IS NOT NULL AND started_at >= ? AND started_at < ?))
       SELECT t, route, provider, min(CASE WHEN rn >= 0.5 * n THEN latency_ms END) AS p50,
         min(CASE WHEN rn >= 0.95 * n THEN latency_ms END) AS p95
       FROM ranked GROUP BY 1, 2, 3`,
    )
    .all(period.since, period.until) as unknown as { t: number; route: string; provider: string; p50: number; p95: number }[];
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
         SELECT route, provider, run_id, started_at, avg(placement = 'inbox') AS rate
         FROM probes WHERE started_at >= ? AND started_at < ? GROUP BY route, provider, run_id),
       flagged AS (
         SELECT *, rate >= ? AS good,
           -- bad runs so far: a bad run and the good runs after it share a number
           sum(rate < ?) OVER (PARTITION BY route, provider ORDER BY started_at, run_id ROWS UNBOUNDED PRECEDING) AS bad_so_far
         FROM per_run),
       streaks AS (
         SELECT route, provider, bad_so_far, sum(good) AS good_count FROM flagged GROUP BY 1, 2, 3)
       SELECT f.route, f.provider, f.run_id AS runId, f.started_at AS startedAt, f.rate AS inboxRate, s.good_count AS goodStreak
       FROM flagged f JOIN streaks s ON s.route = f.route AND s.provider = f.provider AND s.bad_so_far = f.bad_so_far - 1
       WHERE f.good = 0 AND s.good_count >= ?
       ORDER BY f.started_at, f.route, f.provider`,
    )
    .all(period.since, period.until, options.threshold, options.threshold, options.minStreak) as unknown as FirstBadRun[];
}
