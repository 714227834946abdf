/**
 * Finding 11: a path never comes from data. A results.json's runId decides folder names, so it is checked
 * like --run-id; --resume takes a run id, not a path; a run folder already used is not silently reused.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLanded } from '../dns/support/cli.ts';
import { makeRun } from '../reporters/fixtures.ts';
import { project } from './support.ts';

describe('paths from data', () => {
  it('report: a runId that climbs out of the output folder is refused, naming the file and field', async () => {
    const dir = project();
    for (const [name, runId] of [['a', '../../../escaped'], ['b', 'ok-run']] as const) {
      mkdirSync(join(dir, 'runs', name), { recursive: true });
      writeFileSync(join(dir, 'runs', name, 'results.json'), JSON.stringify(makeRun({ runId })));
    }
    const result = await runLanded(['report', 'runs', '--out', 'out/deep/er'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/runs\/a\/results\.json/);
    expect(result.stderr).toContain('runId');
    expect(existsSync(join(dir, 'escaped'))).toBe(false);
  });

  it('run --resume takes a run id, not a path', async () => {
    const dir = project();
    mkdirSync(join(dir, 'x'), { recursive: true });
    writeFileSync(join(dir, 'x', 'journal.jsonl'), '');
    const result = await runLanded(['run', '--resume', '../../x'], join(dir));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--resume ../../x');
  });

  it('run refuses to reuse a run folder that holds a run, without --resume', async () => {
    const dir = project();
    mkdirSync(join(dir, 'reports', 'runs', 'r1'), { recursive: true });
    writeFileSync(join(dir, 'reports', 'runs', 'r1', 'journal.jsonl'), '{"type":"begin"}\n');
    const byId = await runLanded(['run', '--run-id', 'r1'], dir);
    expect(byId.code).toBe(2);
    expect(byId.stderr).toMatch(/already holds a run.*--resume r1/s);
    const byOut = await runLanded(['run', '--out', 'reports/runs/r1'], dir);
    expect(byOut.code).toBe(2);
  });
});
