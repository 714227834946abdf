/**
 * Adding runs to the history, idempotently: a run is keyed by its id and a probe by (run id, probe id), so
 * importing the same results.json twice changes nothing, and the shards of one run can arrive one by one.
 */
import type { ProbeResult, RunResult } from '../results/types.ts';
import type { HistoryDb } from './db.ts';

export interface AddedRun {
  runId: string;
  /** False when the run was already there (its new probes, if any, are still added). */
  newRun: boolean;
  probesAdded: number;
}

/** SQL for a status's severity, so a merged-in shard can only make the run's status worse. */
const rank = (column: string) => `CASE ${column} WHEN 'interrupted' THEN 2 WHEN 'failed' THEN 1 ELSE 0 END`;

export function addRun(db: HistoryDb, run: RunResult, now = Date.now()): AddedRun {
  const started = Date.parse(run.startedAt);
  const finished = Date.parse(run.finishedAt);
  const existed = db.prepare('SELECT 1 FROM runs WHERE run_id = ?').get(run.runId) !== undefined;
  // A later shard can widen the run's time span or worsen its status; the same file again changes nothing.
  const upsertRun = db.prepare(
    `INSERT INTO runs (run_id, started_at, finished_at, status, config_file, scenarios, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id) DO UPDATE SET
       started_at = min(started_at, excluded.started_at),
       finished_at = max(finished_at, excluded.finished_at),
       status = CASE WHEN ${rank('excluded.status')} > ${rank('status')} THEN excluded.status ELSE status END`,
  );
  const insertProbe = db.prepare(
    `INSERT OR IGNORE INTO probes (run_id, probe_id, started_at, scenario, route, seed, provider, placement, folder, tab,
       latency_ms, spf, dkim, dmarc, arc, expectations, broken, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.exec('BEGIN');
  try {
    upsertRun.run(run.runId, started, finished, run.status, run.config.file, JSON.stringify(run.config.scenarios), now);
    const { started_at: runStart } = db.prepare('SELECT started_at FROM runs WHERE run_id = ?').get(run.runId) as { started_at: number };
    let probesAdded = 0;
    for (const probe of run.probes) probesAdded += Number(insertProbe.run(...probeRow(run.runId, runStart, probe)).changes);
    // Keep every probe of the run in the run's (possibly earlier) start bucket.
    db.prepare('UPDATE probes SET started_at = ? WHERE run_id = ? AND started_at != ?').run(runStart, run.runId, runStart);
    db.exec('COMMIT');
    return { runId: run.runId, newRun: !existed, probesAdded };
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function probeRow(runId: string, runStart: number, p: ProbeResult) {
  return [
    runId,
    p.id,
    runStart,
    p.scenario,
    p.route,
    p.seed,
    p.provider,
    p.placement,
    p.folder ?? null,
    p.tab ?? null,
    p.latencyMs === undefined ? null : Math.round(p.latencyMs),
    p.auth.spf,
    p.auth.dkim,
    p.auth.dmarc,
    p.auth.arc ?? null,
    p.expectations.length,
    p.expectations.filter((e) => !e.ok).length,
    (p.analysis?.reasons[0] ?? p.error ?? null)?.slice(0, 500) ?? null,
  ] as const;
}
