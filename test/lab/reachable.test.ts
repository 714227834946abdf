import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkReachableByServers } from '../../src/lab/reachable.ts';

const root = process.getuid?.() === 0;
if (!root) console.warn('NOT RUN: the reachability check of the lab dir only applies to root');

describe.runIf(root)('a lab dir the servers cannot reach', () => {
  const made: string[] = [];
  afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

  it('is refused before anything starts, naming the folder and the fix', async () => {
    const closed = await mkdtemp(join(tmpdir(), 'landed-closed-')); // mkdtemp: mode 0700
    made.push(closed);
    await mkdir(join(closed, 'app/.lab'), { recursive: true });
    await expect(checkReachableByServers(join(closed, 'app/.lab'))).rejects.toThrow(`${closed} lets no other user through (mode 700)`);
    await chmod(closed, 0o711);
    await expect(checkReachableByServers(join(closed, 'app/.lab'))).resolves.toBeUndefined();
  });
});
