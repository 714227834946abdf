/**
 * The rollups: per time span x cell, the placement and auth counts and the delivered probes' latencies.
 * Trend reports read them instead of every probe: the daily one for months and years, the 6-hour one for the
 * default `--since 90d` (6-hour points). Each is rebuilt for the spans an import touches, so it can never
 * drift from the probes table.
 */
import { prepared, type HistoryDb } from './db.ts';

export const DAY_MS = 86_400_000;

export interface Rollup {
  table: string;
  /** Length of one row's span in ms; spans start at multiples of it (UTC). */
  spanMs: number;
}

/** Finest last: a query takes the coarsest rollup whose span divides its bucket. */
export const ROLLUPS: readonly Rollup[] = [
  { table: 'cell_days', spanMs: DAY_MS },
  { table: 'cell_six_hours', spanMs: DAY_MS / 4 },
];

/** The rollup a bucket of `bucketMs` can be read from, if any. */
export function rollupFor(bucketMs: number): Rollup | undefined {
  return ROLLUPS.find((r) => bucketMs % r.spanMs === 0);
}

/** SELECT producing rollup rows from the probes matching `where` (which may use ? parameters). */
export function rollupSelect(where: string, spanMs = DAY_MS): string {
  return `SELECT (started_at / ${spanMs}) * ${spanMs} AS day, cell, count(*),
      sum(placement = 'inbox'), sum(placement = 'spam'), sum(placement = 'rejected'), sum(placement = 'missing'),
      sum(placement = 'error'), sum(placement = 'interrupted'), sum(spf = 'pass'), sum(dkim = 'pass'), sum(dmarc = 'pass'),
      coalesce(json_group_array(latency_ms ORDER BY latency_ms) FILTER (WHERE latency_ms IS NOT NULL), '[]')
    FROM probes WHERE ${where} GROUP BY 1, 2`;
}

/** The columns of every rollup table; `day` is the start of the row's span, whatever its length. */
export const ROLLUP_COLUMNS =
  'day, cell, probes, inbox, spam, rejected, missing, error, interrupted, spf_pass, dkim_pass, dmarc_pass, latencies';

const COUNTERS = ['probes', 'inbox', 'spam', 'rejected', 'missing', 'error', 'interrupted', 'spf_pass', 'dkim_pass', 'dmarc_pass'];

/**
 * Adds a run that is new to the history (all its probes just inserted) to every rollup: the common case of an
 * import, done incrementally instead of re-reading the span.
 */
export function addRunToRollups(db: HistoryDb, run: number): void {
  for (const { table, spanMs } of ROLLUPS) {
    prepared(
      db,
      `INSERT INTO ${table} (${ROLLUP_COLUMNS}) ${rollupSelect('run = ?', spanMs)}
       ON CONFLICT (day, cell) DO UPDATE SET
         ${COUNTERS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')},
         latencies = (SELECT coalesce(json_group_array(value ORDER BY value), '[]')
                      FROM (SELECT value FROM json_each(${table}.latencies) UNION ALL SELECT value FROM json_each(excluded.latencies)))`,
    ).run(run);
  }
}

/** Rebuilds every rollup's rows around the given times for the cells of one run (after its probes changed). */
export function rebuildRollups(db: HistoryDb, run: number, times: number[]): void {
  const cells = 'cell IN (SELECT DISTINCT cell FROM probes WHERE run = ?)';
  for (const { table, spanMs } of ROLLUPS) {
    for (const start of new Set(times.map((t) => Math.floor(t / spanMs) * spanMs))) {
      prepared(db, `DELETE FROM ${table} WHERE day = ? AND ${cells}`).run(start, run);
      prepared(db, `INSERT INTO ${table} (${ROLLUP_COLUMNS}) ${rollupSelect(`started_at >= ? AND started_at < ? AND ${cells}`, spanMs)}`).run(start, start + spanMs, run);
    }
  }
}

/** The CREATE TABLE of a rollup (migrations), filled from the probes already there. */
export function createRollup({ table, spanMs }: Rollup): string {
  return `CREATE TABLE ${table} (
     day         INTEGER NOT NULL,
     cell        INTEGER NOT NULL REFERENCES cells (id),
     probes      INTEGER NOT NULL,
     inbox       INTEGER NOT NULL,
     spam        INTEGER NOT NULL,
     rejected    INTEGER NOT NULL,
     missing     INTEGER NOT NULL,
     error       INTEGER NOT NULL,
     interrupted INTEGER NOT NULL,
     spf_pass    INTEGER NOT NULL,
     dkim_pass   INTEGER NOT NULL,
     dmarc_pass  INTEGER NOT NULL,
     latencies   TEXT NOT NULL,
     PRIMARY KEY (day, cell)
   ) STRICT, WITHOUT ROWID;
   INSERT INTO ${table} (${ROLLUP_COLUMNS}) ${rollupSelect('1', spanMs)};`;
}
