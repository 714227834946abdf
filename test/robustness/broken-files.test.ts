/**
 * Finding 12: broken files in give exit 2 naming the file and the field, never exit 4 (a bug). Results with
 * missing or wrong-typed fields, a history that is not a database, a reports folder that is a device.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLanded } from '../dns/support/cli.ts';
import { makeRun } from '../reporters/fixtures.ts';
import { project } from './support.ts';

describe('broken files in: exit 2, naming the file and field', () => {
  it('results.json with missing or wrong-typed fields', async () => {
    const dir = project();
    const run = makeRun() as unknown as Record<string, unknown> & { probes: Record<string, unknown>[] };
    run.probes[0].expectations = 'none';
    run.probes[1].smtp = null;
    run.probes[2].notes = 7;
    run.finishedAt = 12;
    mkdirSync(join(dir, 'r'));
    writeFileSync(join(dir, 'r', 'results.json'), JSON.stringify(run));
    for (const command of [['report', 'r', '--reporter', 'html,markdown,junit,console'], ['import', 'r', '--history', 'h.sqlite'], ['merge', 'r', '--out', 'm']]) {
      const result = await runLanded(command, dir);
      expect(result.code, command.join(' ')).toBe(2);
      expect(result.stderr).toContain('r/results.json');
      expect(result.stderr).toContain('probes[0].expectations');
      expect(result.stderr).toContain('probes[1].smtp');
      expect(result.stderr).toContain('probes[2].notes');
      expect(result.stderr).toContain('finishedAt');
    }
  });

  it('a history file that is not a database', async () => {
    const dir = project();
    mkdirSync(join(dir, 'r'));
    writeFileSync(join(dir, 'r', 'results.json'), JSON.stringify(makeRun()));
    writeFileSync(join(dir, 'h.sqlite'), 'this is not a database\n'.repeat(200));
    for (const command of [['import', 'r', '--history', 'h.sqlite'], ['report', '--trend', '--history', 'h.sqlite']]) {
      const result = await runLanded(command, dir);
      expect(result.code, command.join(' ')).toBe(2);
      expect(result.stderr).toContain('h.sqlite');
      expect(result.stderr).toMatch(/not a landed history/);
    }
  });

  it('--reports /dev/null: refused before anything is sent', async () => {
    const dir = project();
    const result = await runLanded(['run', '--reports', '/dev/null'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/dev/null');
    expect(result.stderr).not.toMatch(/unexpected error/);
  });
});
