/**
 * Finding 7: writers of one history wait for each other; nothing is dropped. Eight `landed import` processes
 * (the same code path `landed run` records its run with) write to one new history file at once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { landed, tempDir } from '../e2e/cli.ts';
import { makeRun } from '../reporters/fixtures.ts';

it('eight concurrent imports into one history: all succeed, all eight runs recorded', { timeout: 180_000 }, async () => {
  const dir = await tempDir('landed-history-');
  const files = Array.from({ length: 8 }, (_, i) => {
    const runDir = join(dir, `run-${i}`);
    mkdirSync(runDir);
    writeFileSync(join(runDir, 'results.json'), JSON.stringify(makeRun({ runId: `run-${i}`, random: i + 1, routes: ['m365', 'ses', 'postfix', 'sendgrid', 'relay'] })));
    return runDir;
  });
  const results = await Promise.all(files.map((f) => landed(['import', f, '--history', 'h.sqlite'], { cwd: dir })));
  expect(results.map((r) => [r.code, r.stderr])).toEqual(results.map(() => [0, '']));
  const db = new DatabaseSync(join(dir, 'h.sqlite'));
  expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 8 });
  db.close();
});
