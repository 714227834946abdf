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
    probes: db.prepare('SELECT * FROM probes ORDER BY run_id, probe_id').all(),
  };
}

describe('history store', () => {
  it('creates the schema with migrations and records the version', () => {
    const path = tempDb();
    openHistory(path).close();
    const db = new DatabaseSync(path);
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name)).toEqual(['probes', 'runs']);
    db.close();
    openHistory(path).close(); // re-opening applies nothing twice
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
