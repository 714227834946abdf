import { spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../../async/deadline.ts';
import { LandedError } from '../../errors.ts';
import { landedCacheDir } from '../cache-dir.ts';
import { writeRspamdConfig } from './config.ts';

/** A first start on a fresh cache compiles rspamd's pattern sets: 25 s on an idle machine, minutes on a busy one. */
const READY_TIMEOUT_MS = 600_000;

export interface RspamdDaemon {
  /** http://127.0.0.1:PORT */
  url: string;
  /** From spawn to the first answered /ping, in ms. */
  startupMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Path of the rspamd binary (found by the caller: the CLI may install it, the lab only looks). */
  binary: string;
  /** Parent of the private folder; default: the system temp folder. */
  tmp?: string;
  /** Where compiled pattern sets are kept between starts; default: rspamd/ in landed's cache folder. */
  patternCache?: string;
}

/**
 * Starts a private rspamd: its own config in a fresh temp folder, one worker on a free loopback port, in its
 * own process group (so stopping it ends its workers and nothing else). Run as root, its workers drop to the
 * package's `_rspamd` user. The folder is removed on stop.
 */
export async function startRspamd(options: StartOptions): Promise<RspamdDaemon> {
  const dir = await mkdtemp(join(options.tmp ?? tmpdir(), 'landed-rspamd-'));
  const started = Date.now();
  try {
    const port = await freePort();
    const cache = options.patternCache ?? join(landedCacheDir(), 'rspamd');
    await mkdir(cache, { recursive: true });
    const conf = await writeRspamdConfig(dir, port, cache);
    const user = await dropTo(dir, cache);
    const vars = ['LOCAL_CONFDIR', dir, 'DBDIR', join(dir, 'db'), 'RUNDIR', join(dir, 'run'), 'LOGDIR', join(dir, 'log')];
    const args = ['-f', '-c', conf, ...(user ? ['-u', user, '-g', user] : [])];
    for (let i = 0; i < vars.length; i += 2) args.push('--var', `${vars[i]}=${vars[i + 1]}`);
    const child = spawn(options.binary, args, { detached: true, stdio: 'ignore' });
    const stopOnExit = () => killGroup(child, 'SIGKILL');
    process.once('exit', stopOnExit);
    let exited: string | undefined;
    child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
    child.once('error', (error) => (exited = error.message));
    const url = `http://127.0.0.1:${port}`;
    const stop = async () => {
      process.removeListener('exit', stopOnExit);
      if (!exited) {
        killGroup(child, 'SIGTERM');
        for (let i = 0; i < 100 && !exited; i++) await sleep(50);
        if (!exited) killGroup(child, 'SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    };
    while (!(await pong(url))) {
      if (exited || Date.now() - started > READY_TIMEOUT_MS) {
        const log = await logTail(dir);
        await stop();
        throw new LandedError('LAB_FAILED', `rspamd did not start (${exited ?? `no answer within ${READY_TIMEOUT_MS / 1000} s`}): ${log || 'no log'}`, {
          where: options.binary,
          hint: 'run the same rspamd by hand with -f to see why; landed needs Debian\'s rspamd 3.x',
        });
      }
      await sleep(50);
    }
    return { url, startupMs: Date.now() - started, stop };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** As root, rspamd wants a user to run its workers as: the package's own, owning the private folder. */
async function dropTo(dir: string, cache: string): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const entry = passwd.split('\n').find((line) => line.startsWith('_rspamd:'));
  if (!entry) return 'root';
  const [, , uid, gid] = entry.split(':').map(Number);
  const all = [dir, ...(await readdir(dir, { recursive: true })).map((p) => join(dir, p))];
  for (const path of [...all, cache]) await chown(path, uid, gid);
  return '_rspamd';
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function pong(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
    return response.ok && (await response.text()).trim() === 'pong';
  } catch {
    return false;
  }
}

async function logTail(dir: string): Promise<string> {
  const text = await readFile(join(dir, 'log', 'rspamd.log'), 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 600);
}

/** A port nobody listens on now; rspamd binds it a moment later (a clash shows as a failed start). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
