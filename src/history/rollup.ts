/**
 * The daily rollup: per UTC day x cell, the placement and auth counts and the delivered probes' latencies.
 * Trend reports over months read ~50 rows a day from it instead of every probe; it is rebuilt for the days
 * an import touches, so it can never drift from the probes table.
 */
import { prepared, type HistoryDb } from './db.ts';

export const DAY_MS = 86_400_000;

/** SELECT producing cell_days rows from the probes matching `where` (which may use ? parameters). */
export function rollupSelect(where: string): string {
  return `SELECT (started_at / ${DAY_MS}) * ${DAY_MS} AS day, cell, count(*),
      sum(placement = 'inbox'), sum(placement = 'spam'), sum(placement = 'rejected'), sum(placement = 'missing'),
      sum(placement = 'error'), sum(placement = 'interrupted'), sum(spf = 'pass'), sum(dkim = 'pass'), sum(dmarc = 'pass'),
      coalesce(json_group_array(latency_ms ORDER BY latency_ms) FILTER (WHERE latency_ms IS NOT NULL), '[]')
    FROM probes WHERE ${where} GROUP BY 1, 2`;
}

export const ROLLUP_COLUMNS =
  'day, cell, probes, inbox, spam, rejected, missing, error, interrupted, spf_pass, dkim_pass, dmarc_pass, latencies';

const COUNTERS = ['probes', 'inbox', 'spam', 'rejected', 'missing', 'error', 'interrupted', 'spf_pass', 'dkim_pass', 'dmarc_pass'];

/**
 * Adds a run that is new to the history (all its probes just inserted) to the rollup: the common case of an
 * import, done incrementally instead of re-reading the day.
 */
export function addRunToDays(db: HistoryDb, run: number): void {
  prepared(
    db,
    `INSERT INTO cell_days (${ROLLUP_COLUMNS}) ${rollupSelect('run = ?')}
     ON CONFLICT (day, cell) DO UPDATE SET
       ${COUNTERS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')},
       latencies = (SELECT coalesce(json_group_array(value ORDER BY value), '[]')
                    FROM (SELECT value FROM json_each(cell_days.latencies) UNION ALL SELECT value FROM json_each(excluded.latencies)))`,
  ).run(run);
}

/** Rebuilds the rollup rows of the given days for the cells of one run (after its probes changed). */
export function rebuildDays(db: HistoryDb, run: number, days: number[]): void {
  const cells = 'cell IN (SELECT DISTINCT cell FROM probes WHERE run = ?)';
  for (const day of new Set(days.map((d) => Math.floor(d / DAY_MS) * DAY_MS))) {
    prepared(db, `DELETE FROM cell_days WHERE day = ? AND ${cells}`).run(day, run);
    prepared(db, `INSERT INTO cell_days (${ROLLUP_COLUMNS}) ${rollupSelect(`started_at >= ? AND started_at < ? AND ${cells}`)}`).run(day, day + DAY_MS, run);
  }
}
