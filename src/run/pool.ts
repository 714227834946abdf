/**
 * Analysis on worker threads: DKIM hashing, RSA verification and MIME parsing are CPU work, and on the run's
 * own thread they would hold up the IMAP sessions that time detection. Each worker analyses several messages
 * at once; their DNS questions come back here to the one resolver of the run (a port, with its cache), each
 * asked once per worker, so the pool changes where the work runs and nothing else. Messages are handed over,
 * not copied twice, and dropped by the worker once analysed; analyses come back as JSON text. The bounces the
 * run downloads are read here too (mailparser), for the same reason.
 */
import { getCompileCacheDir } from 'node:module';
import { availableParallelism } from 'node:os';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Resolver } from '../dns/resolver.ts';
import type { AnalysisContext } from '../analysis/analysis-context.ts';
import type { MessageAnalysis } from '../analysis/types.ts';
import type { ParsedBounce } from '../mailboxes/bounces/parse.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';

export type PoolContext = Omit<AnalysisContext, 'resolver'>;

interface Job {
  /** When it was handed to the worker (performance.now()). */
  since: number;
  /** The worker's event-loop use then: how busy it was while the job waited is the difference. */
  load: EventLoopUtilization;
  resolve(json: string): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** The worker's event-loop use when it had loaded its modules (its first message): loading is not lagging. */
  loaded?: EventLoopUtilization;
}

/**
 * When another worker starts: once every running one has more jobs waiting than it clears in the time a new
 * worker takes to load its modules (about half a CPU-second, some 200 analyses), or has had one waiting LAG_MS
 * while it was busy nearly all that time (it falls behind for good). A smaller burst, such as the hundred
 * messages that arrive together at the end of a small run, is over before a second worker could take any of
 * it. A job that waits while its worker idles waits for DNS answers, or for a core a loaded machine does not
 * have free: another worker would not shorten that, and costs some 30 MB (a 2,040-probe run beside six busy
 * processes peaked at 249 MB with two workers).
 */
export const BACKLOG = 200;
const LAG_MS = 1_000;
const BUSY = 0.8;

export interface PoolOptions {
  /** Worker threads at most; default one per core, at most two (a run's other work needs little CPU). */
  size?: number;
  /** How long a job may wait on a busy worker before another starts (tests shorten it). */
  lagMs?: number;
}

/** The worker's file beside this one: worker.ts from the sources, worker.js from the build. */
const WORKER_URL = new URL(`./worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);

export class AnalysisPool {
  readonly #resolver: Resolver;
  readonly #size: number;
  readonly #lagMs: number;
  readonly #slots: Slot[] = [];
  #next = 0;

  constructor(resolver: Resolver, { size = Math.min(2, availableParallelism()), lagMs = LAG_MS }: PoolOptions = {}) {
    this.#resolver = resolver;
    this.#size = Math.max(1, size);
    this.#lagMs = lagMs;
  }

  /** Starts the first worker now, so that it has loaded its modules by the time the first message comes. */
  warm(): void {
    if (this.#slots.length === 0) this.#slots.push(this.#start());
  }

  /** Worker threads running now. */
  get workers(): number {
    return this.#slots.length;
  }

  /** Analyses one message on the least busy worker; `raw` is handed over (do not use it afterwards). */
  async analyse(raw: Buffer, context: PoolContext): Promise<MessageAnalysis> {
    return JSON.parse(await this.analyseToJson(raw, context)) as MessageAnalysis;
  }

  /** The same, as the analysis's JSON text: for a caller that stores it rather than reads it. */
  analyseToJson(raw: Buffer, context: PoolContext): Promise<string> {
    return this.#post((id, bytes) => ({ type: 'analyse', id, raw: bytes, context }), raw);
  }

  /**
   * Reads a delivery status notification (undefined: not a failure report) on a worker: mailparser's loading,
   * a few hundred ms at the first bounce, and each parse stay off the thread that times detection.
   */
  async parseBounce(raw: Buffer): Promise<ParsedBounce | undefined> {
    return (JSON.parse(await this.#post((id, bytes) => ({ type: 'bounce', id, raw: bytes }), raw)) as ParsedBounce | null) ?? undefined;
  }

  /** Hands a message over to the least busy worker; resolves with the JSON text it answers. */
  #post(job: (id: number, raw: Uint8Array) => ToWorker, raw: Buffer): Promise<string> {
    const slot = this.#leastBusy();
    const id = this.#next++;
    // A copy of just this message: a Buffer may be a view into a larger pooled block, which must not move.
    const bytes = new Uint8Array(raw);
    return new Promise((resolve, reject) => {
      slot.jobs.set(id, { since: performance.now(), load: slot.worker.performance.eventLoopUtilization(), resolve, reject });
      slot.worker.postMessage(job(id, bytes), [bytes.buffer]);
    });
  }

  /** Ends every worker; analyses still running fail. */
  async close(): Promise<void> {
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #leastBusy(): Slot {
    const behind = (slot: Slot) => slot.jobs.size >= BACKLOG || busyWhileWaiting(slot, this.#lagMs);
    if (this.#slots.length === 0 || (this.#slots.length < this.#size && this.#slots.every(behind))) this.#slots.push(this.#start());
    return this.#slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  }

  #start(): Slot {
    // The compile cache bin/landed.js turns on, for the worker's modules too (Node does not pass it on to a
    // worker): 50 ms less CPU each time one starts.
    const cache = getCompileCacheDir();
    const worker = new Worker(WORKER_URL, cache ? { env: { ...process.env, NODE_COMPILE_CACHE: cache } } : {});
    const slot: Slot = { worker, jobs: new Map() };
    worker.unref();
    worker.on('message', (message: FromWorker) => {
      slot.loaded ??= worker.performance.eventLoopUtilization();
      if (message.type === 'dns') return void this.#answer(worker, message);
      const job = slot.jobs.get(message.id);
      slot.jobs.delete(message.id);
      if (message.type === 'done') job?.resolve(message.json);
      else job?.reject(new Error(message.error));
    });
    // A worker that dies takes its jobs with it (each fails, the run goes on) and is replaced on demand.
    const fail = (error: Error) => {
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots.splice(index, 1);
      for (const job of slot.jobs.values()) job.reject(error);
      slot.jobs.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`analysis worker exited (${code})`)));
    return slot;
  }

  async #answer(worker: Worker, { dnsId, name, rrtype }: Extract<FromWorker, { type: 'dns' }>): Promise<void> {
    let reply: ToWorker;
    try {
      reply = { type: 'dns', dnsId, answer: await this.#resolver(name, rrtype) };
    } catch (error) {
      const { message, code } = error as { message?: string; code?: string };
      reply = { type: 'dns', dnsId, error: { message: String(message ?? error), code } };
    }
    worker.postMessage(reply);
  }
}

/**
 * Whether the worker's oldest job (the first in the map) has waited while the worker, its modules loaded, was
 * busy for most of at least `lagMs`.
 */
function busyWhileWaiting(slot: Slot, lagMs: number): boolean {
  const oldest = slot.jobs.values().next().value;
  if (oldest === undefined || !slot.loaded || performance.now() - oldest.since < lagMs) return false;
  const later = (a: EventLoopUtilization, b: EventLoopUtilization) => (a.idle + a.active >= b.idle + b.active ? a : b);
  const { idle, active, utilization } = slot.worker.performance.eventLoopUtilization(later(oldest.load, slot.loaded));
  return idle + active >= lagMs && utilization >= BUSY;
}
