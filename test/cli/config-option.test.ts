/**
 * Every command that reads runs or the history finds them where landed.yaml says (`--config`, else
 * ./landed.yaml), run from any folder; here landed.yaml keeps them in data/reports, not the default reports/.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHistory } from '../../src/history/index.ts';
import { landed, tempDir } from '../e2e/cli.ts';
import { makeRun } from '../reporters/fixtures.ts';

const CONFIG = `routes:
  m365: { smtp: { host: smtp.example.test, security: starttls, auth: { user: a@acme.test, pass: "\${PASS}" } }, from: a@acme.test }
seeds:
  s1: { address: s1@example.test, imap: { host: imap.example.test, auth: { pass: "\${PASS}" } } }
reports: data/reports
`;

let dir: string;
const reports = () => join(dir, 'proj/data/reports');
beforeAll(async () => {
  dir = await tempDir('landed-config-option-');
  const run = { ...makeRun({ runId: 'run-1' }), shard: { index: 1, total: 1 } };
  await mkdir(join(reports(), 'runs/run-1'), { recursive: true });
  await writeFile(join(reports(), 'runs/run-1/results.json'), JSON.stringify(run));
  await writeFile(join(dir, 'proj/landed.yaml'), CONFIG);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const runsInHistory = (file: string) => {
  const history = openHistory(file);
  try {
    return history.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number };
  } finally {
    history.close();
  }
};

describe('--config: runs and history where landed.yaml keeps them', () => {
  it('import, then report and report --trend, from another folder', async () => {
    const imported = await landed(['import', 'proj/data/reports/runs', '--config', 'proj/landed.yaml'], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    expect(existsSync(join(reports(), 'history.sqlite'))).toBe(true);
    expect(existsSync(join(dir, 'reports'))).toBe(false);

    const report = await landed(['report', '--config', 'proj/landed.yaml'], { cwd: dir });
    expect(report.code, report.stderr).toBe(0);
    expect(existsSync(join(reports(), 'runs/run-1/report.html'))).toBe(true);

    const trend = await landed(['report', '--trend', '--since', '2026-01-01', '--config', 'proj/landed.yaml'], { cwd: dir });
    expect(trend.code, trend.stderr).toBe(0);
    expect(existsSync(join(reports(), 'trend.html'))).toBe(true);
  });

  it('./landed.yaml when there is one; --history still wins', async () => {
    const imported = await landed(['import', 'data/reports/runs/run-1', '--history', 'other.sqlite'], { cwd: join(dir, 'proj') });
    expect(imported.code, imported.stderr).toBe(0);
    expect(existsSync(join(dir, 'proj/other.sqlite'))).toBe(true);
    const trend = await landed(['report', '--trend', '--since', '2026-01-01', '--out', 'elsewhere'], { cwd: join(dir, 'proj') });
    expect(trend.code, trend.stderr).toBe(0);
  });

  it('merge --config adds the merged run to that history', async () => {
    const before = runsInHistory(join(reports(), 'history.sqlite')).n;
    const merged = await landed(['merge', 'proj/data/reports/runs/run-1', '--out', 'merged', '--run-id', 'merged-1', '--config', 'proj/landed.yaml'], { cwd: dir });
    expect(merged.stderr).not.toMatch(/error/i);
    expect(existsSync(join(dir, 'merged/results.json'))).toBe(true);
    expect(runsInHistory(join(reports(), 'history.sqlite')).n).toBe(before + 1);
  });
});
