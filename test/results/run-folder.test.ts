import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyMessages, messageFileOf, messagePath, readMessageFile, readMessageHeaders } from '../../src/results/run-folder.ts';
import type { RunResult } from '../../src/results/types.ts';

/** A run folder with one message inside and a secret next to it, outside. */
async function folder() {
  const root = await mkdtemp(join(tmpdir(), 'landed-run-folder-'));
  const runDir = join(root, 'runs', 'r1');
  await mkdir(join(runDir, 'messages'), { recursive: true });
  await writeFile(join(runDir, messageFileOf('s/relay/seed')), 'Subject: hi\r\nX-A: 1\r\n\r\nbody');
  await writeFile(join(root, 'secret.txt'), 'Subject: not yours\r\n\r\n');
  return { root, runDir };
}

describe('the run folder', () => {
  it('resolves message files inside the run folder only: results.json is data', async () => {
    const { runDir } = await folder();
    expect(messagePath(runDir, 'messages/s__relay__seed.eml')).toBe(join(runDir, 'messages/s__relay__seed.eml'));
    expect(messagePath(runDir, '../../secret.txt')).toBeUndefined();
    expect(messagePath(runDir, '/etc/passwd')).toBeUndefined();
    await expect(readMessageFile(runDir, '../../secret.txt')).rejects.toThrow(/outside the run directory/);
    expect(await readMessageHeaders(runDir, '../../secret.txt')).toBeUndefined();
    expect(await readMessageHeaders(runDir, 'messages/s__relay__seed.eml')).toBe('Subject: hi\r\nX-A: 1');
    expect(await readMessageHeaders(runDir, 'messages/s__relay__seed.eml', 8)).toBe('Subject:\n[headers cut at 8 bytes]');
  });

  it('copies a shard\'s messages for a merge, never a file outside the shard', async () => {
    const { root, runDir } = await folder();
    const out = join(root, 'x', 'y', 'merged');
    const shard = { probes: [{ messageFile: 'messages/s__relay__seed.eml' }, { messageFile: '../../secret.txt' }, { messageFile: 'messages/gone.eml' }] } as unknown as RunResult;
    await copyMessages([shard], [join(runDir, 'results.json')], out);
    expect(existsSync(join(out, 'messages/s__relay__seed.eml'))).toBe(true);
    // '../../secret.txt' from the shard, written relative to the merged folder, would land in x/.
    expect(existsSync(join(root, 'x', 'secret.txt'))).toBe(false);
  });
});
