/**
 * `landed run` loads only its own command module (issue 18: a second of CPU at every start otherwise), and
 * Node keeps what it compiled, so the next start skips type stripping and compiling.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCommands, SOLO } from '../../src/cli/main.ts';
import { landed, tempDir } from '../e2e/cli.ts';

describe('commands loaded alone by their first word', () => {
  it('give exactly the commands the full list has under that word, so help, options and errors are the same', async () => {
    const all = await allCommands();
    for (const [word, load] of Object.entries(SOLO)) {
      const alone = await load();
      expect(alone.map((c) => c.path.join(' ')), word).toEqual(all.filter((c) => c.path[0] === word).map((c) => c.path.join(' ')));
      for (const command of alone) expect(all, word).toContain(command);
    }
    expect(Object.keys(SOLO)).toContain('run');
  });
});

describe('the compiled-code cache', () => {
  it('is written by a start of landed, in the temp folder Node is given', async () => {
    const tmp = await tempDir('landed-compile-cache-');
    const run = await landed(['--help'], { cwd: tmp, env: { TMPDIR: tmp } });
    expect(run.code).toBe(0);
    expect(existsSync(`${tmp}/node-compile-cache`)).toBe(true);
  });
});
