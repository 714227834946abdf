import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openHistory } from '../../src/history/index.ts';
import { migrations } from '../../src/history/migrations.ts';
import { shardOf } from '../../src/plan/shard.ts';
import { makeRun, splitRun } from '../reporters/fixtures.ts';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'landed-history-')), 'history.sqlite');

function dump(db: DatabaseSync) {
  return {
    runs: db.prepare('SELECT run_id, started_at, finished_at, status, config_file, scenarios FROM runs ORDER BY run_id').all(),
    // Ids depend on import order; compare what they stand for.
    probes: db
      .prepare(
        `SELECT r.run_id, c.route, c.provider, p.* FROM probes p JOIN runs r ON r.id = p.run JOIN cells c ON c.id = p.cell
         ORDER BY r.run_id, p.probe_id`,
      )
      .all()
      .map(({ run: _run, cell: _cell, ...row }) => row),
    days: db
      .prepare('SELECT c.route, c.provider, d.* FROM cell_days d JOIN cells c ON c.id = d.cell ORDER BY d.day, c.route, c.provider')
      .all()
      .map(({ cell: _cell, ...row }) => row),
  };
}

describe('history store', () => {
  it('creates the schema with migrations and records the version', () => {
    const path = tempDb();
    openHistory(path).close();
    const db = new DatabaseSync(path);
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name)).toEqual(['cell_days', 'cell_six_hours', 'cells', 'dmarc_records', 'dmarc_reports', 'dmarc_sources', 'dmarc_stale_begins', 'probes', 'route_ips', 'runs']);
    db.close();
    openHistory(path).close(); // re-opening applies nothing twice
  });

  it('migration 2 fills the daily rollup from the probes a version 1 history already holds', () => {
    const path = tempDb();
    const old = new DatabaseSync(path);
    old.exec(`${migrations[0]}; PRAGMA user_version = 1;`);
    old.exec(`INSERT INTO runs VALUES (1, 'r1', ${Date.UTC(2026, 9, 1, 6)}, ${Date.UTC(2026, 9, 1, 7)}, 'passed', 'landed.yaml', '[]', 0);
      INSERT INTO cells VALUES (1, 'm365', 'gmail');`);
    const insert = old.prepare(`INSERT INTO probes (run, probe_id, cell, started_at, scenario, seed, placement, latency_ms, spf, dkim, dmarc, expectations, broken)
      VALUES (1, ?, 1, ${Date.UTC(2026, 9, 1, 6)}, 's', ?, ?, ?, 'pass', ?, 'pass', 1, 0)`);
    insert.run('s/m365/a', 'a', 'inbox', 3000, 'pass');
    insert.run('s/m365/b', 'b', 'spam', 1000, 'fail');
    insert.run('s/m365/c', 'c', 'missing', null, 'unknown');
    old.close();
    const history = openHistory(path);
    expect(dump(history.db).days).toEqual([
      { route: 'm365', provider: 'gmail', day: Date.UTC(2026, 9, 1), probes: 3, inbox: 1, spam: 1, rejected: 0, missing: 1, error: 0, interrupted: 0,
        spf_pass: 3, dkim_pass: 1, dmarc_pass: 3, latencies: '[1000,3000]' },
    ]);
    history.close();
  });

  it('refuses a history written by a newer landed', () => {
    const path = tempDb();
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openHistory(path)).toThrow(/written by a newer landed/);
  });

  it('imports idempotently: the same run twice changes nothing', () => {
    const history = openHistory(tempDb());
    const run = makeRun();
    expect(history.importRun(run)).toEqual({ runId: run.runId, newRun: true, probesAdded: run.probes.length });
    const before = dump(history.db);
    expect(history.importRun(run)).toEqual({ runId: run.runId, newRun: false, probesAdded: 0 });
    expect(dump(history.db)).toEqual(before);
    expect(before.probes).toHaveLength(run.probes.length);
    history.close();
  });

  it('shards imported one by one give the same history as the unsharded run', () => {
    const run = makeRun({ routes: ['a', 'b', 'c', 'd'], random: 5 });
    const whole = openHistory(tempDb());
    whole.importRun(run);
    const sharded = openHistory(tempDb());
    const shards = splitRun(run, 3, shardOf);
    for (const shard of [shards[2], shards[0], shards[1], shards[0]]) sharded.importRun(shard);
    expect(dump(sharded.db)).toEqual(dump(whole.db));
    whole.close();
    sharded.close();
  });
});
