import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRun } from '../../src/dns-plan/run-input.ts';

describe('the run dns plan replays', () => {
  it('latest is the newest finished run; a run id is never a path', async () => {
    const reports = await mkdtemp(join(tmpdir(), 'landed-run-input-'));
    await expect(loadRun(reports, 'latest')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    await mkdir(join(reports, 'runs', '20260101-old'), { recursive: true });
    await writeFile(join(reports, 'runs', '20260101-old', 'results.json'), '{"broken": ');
    await mkdir(join(reports, 'runs', '20260102-unfinished'), { recursive: true });
    await writeFile(join(reports, 'runs', '20260102-unfinished', 'journal.jsonl'), '');
    await expect(loadRun(reports, 'latest')).rejects.toMatchObject({ where: expect.stringContaining('20260101-old') });
    await writeFile(join(reports, 'results.json'), '{}');
    await expect(loadRun(reports, '..')).rejects.toMatchObject({ code: 'USAGE', message: '".." is not a run id' });
  });
});
