/**
 * Adding runs to the history, idempotently: a run is keyed by its id and a probe by (run, probe id), so
 * importing the same results.json twice changes nothing, and the shards of one run can arrive one by one.
 */
import type { ProbeResult, RunResult } from '../results/types.ts';
import { prepared, writeTransaction, type HistoryDb } from './db.ts';
import { addRunToRollups, rebuildRollups } from './rollup.ts';
import { recordRouteIps } from './route-ips.ts';

export interface AddedRun {
  runId: string;
  /** False when the run was already there (its new probes, if any, are still added). */
  newRun: boolean;
  probesAdded: number;
}

/** SQL for a status's severity, so a merged-in shard can only make the run's status worse. */
const rank = (column: string) => `CASE ${column} WHEN 'interrupted' THEN 2 WHEN 'failed' THEN 1 ELSE 0 END`;

export function addRun(db: HistoryDb, run: RunResult, now = Date.now()): AddedRun {
  // A later shard can widen the run's time span or worsen its status; the same file again changes nothing.
  const upsertRun = prepared(db, 
    `INSERT INTO runs (run_id, started_at, finished_at, status, config_file, scenarios, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id) DO UPDATE SET
       started_at = min(started_at, excluded.started_at),
       finished_at = max(finished_at, excluded.finished_at),
       status = CASE WHEN ${rank('excluded.status')} > ${rank('status')} THEN excluded.status ELSE status END`,
  );
  const insertProbe = prepared(db, 
    `INSERT OR IGNORE INTO probes (run, probe_id, cell, started_at, scenario, seed, placement, folder, tab,
       latency_ms, spf, dkim, dmarc, arc, expectations, broken, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return writeTransaction(db, () => {
    const before = prepared(db, 'SELECT started_at FROM runs WHERE run_id = ?').get(run.runId) as { started_at: number } | undefined;
    upsertRun.run(run.runId, Date.parse(run.startedAt), Date.parse(run.finishedAt), run.status, run.config.file, JSON.stringify(run.config.scenarios), now);
    const { id, started_at: runStart } = prepared(db, 'SELECT id, started_at FROM runs WHERE run_id = ?').get(run.runId) as { id: number; started_at: number };
    const cellOf = cellIds(db);
    let probesAdded = 0;
    for (const probe of run.probes)
      probesAdded += Number(insertProbe.run(...probeRow(id, cellOf(probe.route, probe.provider), runStart, probe)).changes);
    // Keep every probe of the run in the run's (possibly earlier) start bucket.
    prepared(db, 'UPDATE probes SET started_at = ? WHERE run = ? AND started_at != ?').run(runStart, id, runStart);
    if (!before) addRunToRollups(db, id);
    else if (probesAdded > 0 || before.started_at !== runStart) rebuildRollups(db, id, [runStart, before.started_at]);
    recordRouteIps(db, run);
    return { runId: run.runId, newRun: !before, probesAdded };
  });
}

/** route x provider -> cell id, creating cells on first sight. */
function cellIds(db: HistoryDb): (route: string, provider: string) => number {
  const known = new Map<string, number>();
  const insert = prepared(db, 'INSERT OR IGNORE INTO cells (route, provider) VALUES (?, ?)');
  const select = prepared(db, 'SELECT id FROM cells WHERE route = ? AND provider = ?');
  return (route, provider) => {
    const key = `${route}\u0000${provider}`;
    let id = known.get(key);
    if (id === undefined) {
      insert.run(route, provider);
      id = (select.get(route, provider) as { id: number }).id;
      known.set(key, id);
    }
    return id;
  };
}

function probeRow(run: number, cell: number, runStart: number, p: ProbeResult) {
  return [
    run,
    p.id,
    cell,
    runStart,
    p.scenario,
    p.seed,
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
    (p.analysis?.reasons[0] ?? p.error)?.slice(0, 500) ?? null,
  ] as const;
}
