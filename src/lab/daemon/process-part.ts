import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Part } from './daemon-context.ts';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  /** stdout and stderr go here (the program's own log may be elsewhere). */
  logFile: string;
  pidFile: string;
  /** Ready when every one of these accepts a TCP connection. */
  readyPorts: Array<{ host: string; port: number }>;
  /** How long SIGTERM may take before SIGKILL (default 4 s); a test server that must restart quickly gives less. */
  stopGraceMs?: number;
}

const READY_TIMEOUT_MS = 15_000; // generous: a loaded 2-core CI box starts Dovecot slowly
const STOP_TIMEOUT_MS = 4000;

/**
 * A system server (NSD, Dovecot) run in the foreground as a child of the daemon, in the daemon's process
 * group, so `lab down` can end the whole group even if the daemon itself died. Its pid is also written to
 * run/<part>.pid for the same reason.
 */
export class ProcessPart implements Part {
  readonly name: string;
  readonly #spec: ProcessSpec;
  #child?: ChildProcess;
  #exited?: Promise<void>;

  constructor(spec: ProcessSpec) {
    this.name = spec.name;
    this.#spec = spec;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const log = openSync(this.#spec.logFile, 'a');
    const child = spawn(this.#spec.command, this.#spec.args, { stdio: ['ignore', log, log] });
    closeSync(log);
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('error', () => {}); // a spawn failure shows as an exit before ready, with the log tail
    if (child.pid) writeFileSync(this.#spec.pidFile, `${child.pid}\n`);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (const target of this.#spec.readyPorts) {
      while (!(await accepts(target.host, target.port))) {
        if (!this.running) throw new Error(`${this.name} exited at start: ${this.#logTail()}`);
        if (Date.now() > deadline) {
          await this.stop();
          throw new Error(`${this.name} did not listen on ${target.host}:${target.port} within ${READY_TIMEOUT_MS / 1000}s: ${this.#logTail()}`);
        }
        await sleep(25);
      }
    }
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([this.#exited!.then(() => true), sleep(this.#spec.stopGraceMs ?? STOP_TIMEOUT_MS).then(() => false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await this.#exited;
    }
    rmSync(this.#spec.pidFile, { force: true });
    // Dovecot's login processes outlive their master for a moment and keep its listening sockets: a restart
    // that comes too soon fails with "Address already in use". Stopped means nobody answers on its ports.
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    for (const target of this.#spec.readyPorts) {
      while ((await accepts(target.host, target.port)) && Date.now() < deadline) await sleep(25);
    }
  }

  #logTail(): string {
    try {
      return readFileSync(this.#spec.logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
    } catch {
      return 'no log';
    }
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
