/** The run history: open it, add runs (idempotently), query trends. */
import type { RunResult } from '../results/types.ts';
import { openHistoryDb, type HistoryDb } from './db.ts';
import { firstBadAfterGoodStreak, type FirstBadRun } from './queries.ts';
import { addRun, type AddedRun } from './store.ts';
import { buildTrend, type TrendData, type TrendOptions } from './trend.ts';

export { openHistoryDb, type HistoryDb } from './db.ts';
export { addRun, type AddedRun } from './store.ts';
export { cellBuckets, firstBadAfterGoodStreak, latencyPercentiles, type CellBucket, type FirstBadRun, type Period } from './queries.ts';
export { buildTrend, type TrendAnnotation, type TrendCell, type TrendData, type TrendOptions } from './trend.ts';

export interface History {
  readonly db: HistoryDb;
  /** Adds a run or a shard of one; the same run again changes nothing. */
  importRun(run: RunResult): AddedRun;
  trend(options?: TrendOptions): TrendData;
  firstBadAfterGoodStreak(options: { threshold: number; minStreak: number }): FirstBadRun[];
  close(): void;
}

/** Opens the history file at `path` (created, and migrated, as needed). */
export function openHistory(path: string): History {
  const db = openHistoryDb(path);
  return {
    db,
    importRun: (run) => addRun(db, run),
    trend: (options) => buildTrend(db, options),
    firstBadAfterGoodStreak: (options) => firstBadAfterGoodStreak(db, options),
    close: () => db.close(),
  };
}
