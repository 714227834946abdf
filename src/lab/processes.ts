import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { LandedError } from '../errors.ts';
import { controlAnswers, controlRequest } from './control-client.ts';
import type { LabLayout } from './files/layout.ts';

// main.ts beside this file in a clone, main.js once compiled to dist/.
const DAEMON_MAIN = fileURLToPath(new URL(`./daemon/main${extname(import.meta.url)}`, import.meta.url));
const READY_TIMEOUT_MS = 40_000;

/**
 * Starts the lab daemon detached (its own process group, which NSD and Dovecot join as its children) and
 * waits until its control channel answers, which it does once every part is up. With `watchParent`, the
 * daemon stops the lab when this process ends without stopping it (a test run killed halfway).
 */
export async function launchDaemon(layout: LabLayout, watchParent: boolean): Promise<number> {
  const outFile = join(layout.logsDir, 'daemon.out');
  const out = openSync(outFile, 'a');
  const args = [DAEMON_MAIN, layout.dir, ...(watchParent ? ['--parent', String(process.pid)] : [])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out], cwd: layout.dir });
  closeSync(out);
  await writeFile(layout.daemonPid, `${child.pid}\n`);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.unref();
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await controlAnswers(layout.controlSocket))) {
    if (exited || Date.now() > deadline) {
      if (!exited) await killGroup(child.pid!, 'SIGKILL');
      const tail = (await readFile(outFile, 'utf8').catch(() => '')).trim().split('\n').slice(-3).join(' | ');
      throw new LandedError('LAB_FAILED', `the lab did not start: ${tail || 'no output'}`, {
        where: layout.dir,
        hint: `see ${join(layout.logsDir, 'daemon.log')} and the other logs there`,
      });
    }
    await sleep(50);
  }
  return child.pid!;
}

/**
 * Stops the lab: asks the daemon to shut down (it stops its parts), waits for its process group to be
 * empty, and kills what is left of that group. Only processes of this lab's group are touched.
 */
export async function stopDaemon(layout: LabLayout): Promise<void> {
  const pid = await daemonPid(layout);
  const answered = await controlRequest(layout.controlSocket, 'POST', '/shutdown', undefined, 5000).then(() => true, () => false);
  if (pid !== undefined) {
    const left = () => processesOfLab(pid, layout.dir);
    // A daemon that answered stops its parts itself; without one (it crashed), end them directly.
    if (!answered) for (const stray of await left()) signal(stray, 'SIGTERM');
    const deadline = Date.now() + (answered ? 10_000 : 3000);
    while ((await left()).length && Date.now() < deadline) await sleep(50);
    for (const stray of await left()) signal(stray, 'SIGKILL');
    for (let i = 0; i < 40 && (await left()).length; i++) await sleep(50);
  }
  await rm(layout.controlSocket, { force: true });
  await rm(layout.daemonPid, { force: true });
}

/** Whether this lab's daemon is running and answering. */
export function labIsRunning(layout: LabLayout): Promise<boolean> {
  return controlAnswers(layout.controlSocket);
}

/** The pids of every process of this lab (see processesOfLab); empty when it is not running. */
export async function labProcessIds(layout: LabLayout): Promise<number[]> {
  const pgid = await daemonPid(layout);
  return pgid === undefined ? [] : processesOfLab(pgid, layout.dir);
}

/**
 * Live members of the daemon's process group that belong to this lab: their command line names the lab
 * dir (the daemon, NSD, Dovecot's master) or a lab Dovecot instance (its children's titles). The check
 * keeps a recycled pid of someone else's process out of reach.
 */
export async function processesOfLab(pgid: number, dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesised command: state ppid pgrp ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid || fields[0] === 'Z') continue;
    const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ');
    if (cmdline.includes(dir) || cmdline.includes('dovecot-landed-lab-')) pids.push(Number(entry));
  }
  return pids;
}

export async function daemonPid(layout: LabLayout): Promise<number | undefined> {
  const text = await readFile(layout.daemonPid, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

async function killGroup(pgid: number, signal: NodeJS.Signals): Promise<void> {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
