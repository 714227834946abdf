/**
 * Finding 8: a run whose disk fills up. The run folder is a small tmpfs (a real filesystem that says ENOSPC);
 * the route is a local SMTP server that counts what it was given. Once the journal cannot be written nothing
 * more is sent, the console still shows what is known, no empty or temporary file is left, and the exit code
 * is 6 (environment: the disk).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { landed } from '../e2e/cli.ts';
import { sinkProject, smtpSink } from './support.ts';

const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) execFileSync('umount', [dir]);
});

/** A 256 KB tmpfs at `dir`, or the reason it could not be mounted. */
function mountTmpfs(dir: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'pipe' });
    mounted.push(dir);
    return undefined;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error).trim();
  }
}

/** Writes `block` into `file` until the filesystem says it is full. */
function fillWith(file: string, block: Buffer): void {
  const fd = openSync(file, 'a');
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Fills the filesystem at `dir`; with `journal`, also the rest of the journal's last page (with empty lines,
 * which a journal reader skips), so that its very next line meets ENOSPC.
 */
function fill(dir: string, journal?: string): void {
  fillWith(join(dir, 'filler'), Buffer.alloc(4096));
  if (journal) fillWith(journal, Buffer.from('\n'));
}

/** Every file under `dir` that is empty or temporary (the filler aside). */
function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f !== 'filler' && statSync(join(dir, f)).isFile())
    .filter((f) => f.endsWith('.tmp') || statSync(join(dir, f)).size === 0);
}

const probe = mountTmpfs(join(process.env.TMPDIR ?? '/tmp', `landed-mount-probe-${process.pid}`));
if (probe === undefined) execFileSync('umount', [mounted.pop()!]);
const reason = probe && `a tmpfs could not be mounted (${probe}): the disk-full checks did NOT run (they need root)`;
if (reason) {
  // Said loudly, never silently; not a failure, as a CI container may run as root without the right to mount.
  process.stderr.write(`\n*** ${reason} ***\n\n`);
  it.skip(reason, () => {});
}

describe.skipIf(Boolean(reason))('a full disk under the run folder', () => {
  it('full before the run: nothing is sent, the table is printed, no empty file is left, exit 6', { timeout: 60_000 }, async () => {
    const sink = await smtpSink();
    try {
      const dir = sinkProject(sink.port, 6);
      const out = join(dir, 'disk');
      mountTmpfs(out);
      fill(out);
      const cli = await landed(['run', '--out', join(out, 'run'), '--force-send', '--reporter', 'console', '--reporter', 'junit'], { cwd: dir });
      expect(cli.stderr).toMatch(/journal cannot be written .*ENOSPC/);
      expect(cli.stderr).toMatch(/nothing more was sent/);
      expect(cli.code).toBe(6);
      expect(sink.messages).toBe(0);
      // What is known: each planned probe, with why it was not sent.
      expect(cli.stdout).toMatch(/relay\s+error/);
      expect(leftovers(out)).toEqual([]);
    } finally {
      await sink.close();
    }
  });

  it('full after the first send: nothing more is sent, exit 6, no empty or temporary file left', { timeout: 60_000 }, async () => {
    let out = '';
    const sink = await smtpSink({ onMessage: (n) => n === 1 && fill(out, join(out, 'run', 'journal.jsonl')) });
    try {
      const dir = sinkProject(sink.port, 12);
      out = join(dir, 'disk');
      mountTmpfs(out);
      const cli = await landed(['run', '--out', join(out, 'run'), '--force-send', '--reporter', 'console', '--reporter', 'junit'], { cwd: dir });
      expect(cli.stderr).toMatch(/journal cannot be written .*ENOSPC/);
      expect(cli.code).toBe(6);
      // The first message filled the disk; at most the two sent beside it (3 per route in flight) followed.
      expect(sink.messages).toBeLessThanOrEqual(3);
      expect(cli.stdout).toMatch(/relay\s+error/);
      expect(leftovers(out)).toEqual([]);
    } finally {
      await sink.close();
    }
  });
});
