/**
 * Analysis on worker threads: DKIM hashing, RSA verification and MIME parsing are CPU work, and on the run's
 * own thread they would hold up the IMAP sessions that time detection. Each worker analyses several messages
 * at once; their DNS questions come back here to the one resolver of the run (a port, with its cache), each
 * asked once per worker, so the pool changes where the work runs and nothing else. Messages are handed over,
 * not copied twice, and dropped by the worker once analysed; analyses come back as JSON text.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Resolver } from '../dns/resolver.ts';
import type { AnalysisContext } from './analysis-context.ts';
import type { MessageAnalysis } from './types.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';

export type PoolContext = Omit<AnalysisContext, 'resolver'>;

interface Job {
  /** When it was handed to the worker (performance.now()). */
  since: number;
  resolve(json: string): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
}

/**
 * When another worker starts: once every running one has more jobs waiting than it clears in the time a new
 * worker takes to load its modules (about half a CPU-second, some 200 analyses), or has had one waiting LAG_MS
 * (it falls behind for good). A smaller burst, such as the hundred messages that arrive together at the end of
 * a small run, is over before a second worker could take any of it: starting one would only take CPU from
 * the mail servers and the IMAP sessions.
 */
export const BACKLOG = 200;
const LAG_MS = 1_000;

/** The worker's file beside this one: worker.ts from the sources, worker.js from the build. */
const WORKER_URL = new URL(`./worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);

export class AnalysisPool {
  readonly #resolver: Resolver;
  readonly #size: number;
  readonly #slots: Slot[] = [];
  #next = 0;

  /** `size`: worker threads; default one per core, at most two (a run's other work needs little CPU). */
  constructor(resolver: Resolver, size = Math.min(2, availableParallelism())) {
    this.#resolver = resolver;
    this.#size = Math.max(1, size);
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
    const slot = this.#leastBusy();
    const id = this.#next++;
    // A copy of just this message: a Buffer may be a view into a larger pooled block, which must not move.
    const bytes = new Uint8Array(raw);
    return new Promise((resolve, reject) => {
      slot.jobs.set(id, { since: performance.now(), resolve, reject });
      slot.worker.postMessage({ type: 'analyse', id, raw: bytes, context } satisfies ToWorker, [bytes.buffer]);
    });
  }

  /** Ends every worker; analyses still running fail. */
  async close(): Promise<void> {
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #leastBusy(): Slot {
    if (this.#slots.length === 0 || (this.#slots.length < this.#size && this.#slots.every(behind))) this.#slots.push(this.#start());
    return this.#slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  }

  #start(): Slot {
    const worker = new Worker(WORKER_URL);
    const slot: Slot = { worker, jobs: new Map() };
    worker.unref();
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'dns') return void this.#answer(worker, message);
      const job = slot.jobs.get(message.id);
      slot.jobs.delete(message.id);
      if (message.type === 'done') job?.resolve(message.analysis);
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

/** A worker that has more than it can take: a backlog, or a job waiting too long (the oldest comes first). */
function behind(slot: Slot): boolean {
  const oldest = slot.jobs.values().next().value;
  return slot.jobs.size >= BACKLOG || (oldest !== undefined && performance.now() - oldest.since >= LAG_MS);
}
