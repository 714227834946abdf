import { join } from 'node:path';
import { AnalysisPool } from './pool.ts';
import type { ResolvedConfig } from '../config/types.ts';
import type { Resolver } from '../dns/resolver.ts';
import { AnalysesFile, attachAnalysis, type AnalysisAt } from '../results/analyses-file.ts';
import { ANALYSES_FILE, readMessageFile } from '../results/run-folder.ts';
import type { ProbeResult } from '../results/types.ts';
import { envelopeFor } from '../routes/envelope.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { ParsedBounce } from '../mailboxes/bounces/parse.ts';
import type { ProbeState } from './state.ts';

/** Messages analysed at once: the work is DNS lookups and hashing, a few per worker thread keep both busy. */
const CONCURRENCY = 8;

/**
 * How long no probe must have been found before analysis runs while the run still collects. An analysis
 * beside the collection held it up, whatever the worker's priority: on 2,040-probe lab runs, detection p50
 * 16-17 / p95 68-93 ms analysing each message as it came, 9-10 / 38-54 ms analysing after the collection
 * (11 / 53 with every step but the worker's CPU work kept), at nice 10 as at 19. CPU time the servers and
 * the IMAP sessions need is taken all the same, and a waking thread waits for the analysis' time slice.
 */
export const QUIET_MS = 1_000;

export interface AnalyserOptions {
  config: ResolvedConfig;
  scenarios: Map<string, Scenario>;
  runDir: string;
  resolver: Resolver;
  /** Time now, in ms (tests pass their own clock). */
  now?: () => number;
}

/**
 * Analyses each found message from its copy in the run folder, once the mailboxes have been quiet for
 * QUIET_MS (a run waiting for its last probes analyses the others meanwhile) and at the latest when the run
 * completes. Each analysis goes to the run folder's analyses.jsonl as it is made, never held; `complete`
 * points the results at them.
 */
export class Analyser {
  readonly #options: AnalyserOptions;
  /** The CPU work on worker threads, off the thread that watches the mailboxes and times detection. */
  readonly #pool: AnalysisPool;
  readonly #file: AnalysesFile;
  readonly #jobs = new Map<string, Promise<AnalysisAt | Error>>();
  /** Found probes whose message is saved, oldest first; those from #next on have not started. */
  readonly #waiting: ProbeState[] = [];
  #next = 0;
  readonly #queued = new Set<string>();
  /** The analyses under way. */
  readonly #running = new Set<Promise<unknown>>();
  #lastFound = -Infinity;
  /** Set by complete(): everything left is analysed now, quiet or not. */
  #completing = false;
  #idle?: NodeJS.Timeout;
  readonly #now: () => number;

  constructor(options: AnalyserOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#pool = new AnalysisPool(options.resolver);
    this.#file = new AnalysesFile(join(options.runDir, ANALYSES_FILE));
  }

  /**
   * Starts a worker now, so that its modules are loaded (half a CPU-second) before the messages come: called
   * once the probes are sent, not at the start, where it would compete with the logins and the first sends
   * for the cores. The first message or bounce starts it anyway.
   */
  warm(): void {
    this.#pool.warm();
  }

  /**
   * A found probe whose message is saved in the run folder: analysed once the mailboxes are quiet. With
   * `unsaved`, its message, which could not be saved (a full disk): analysed now, from memory.
   */
  found(state: ProbeState, unsaved?: Buffer): void {
    this.#lastFound = this.#now();
    if (unsaved) {
      if (!this.#queued.has(state.probe.id)) this.#start(state, Promise.resolve(unsaved));
      this.#queued.add(state.probe.id);
      return;
    }
    this.#queue(state);
    this.#idle ??= setInterval(() => this.#pump(), QUIET_MS / 2).unref();
  }

  /** Reads a bounce on the analysis workers, which have the CPU to spare for it (see AnalysisPool.parseBounce). */
  parseBounce(raw: Buffer): Promise<ParsedBounce | undefined> {
    return this.#pool.parseBounce(raw);
  }

  /** Analyses what is left (what a resumed run found earlier included), waits for every analysis, and adds each to the results. */
  async complete(results: ProbeResult[], states: Map<string, ProbeState>): Promise<void> {
    clearInterval(this.#idle);
    this.#completing = true;
    // Found before a crash (a resumed run): its saved copy is analysed like the others.
    for (const state of states.values()) if (state.found?.messageFile) this.#queue(state);
    this.#pump();
    // Each analysis that ends starts the next: none is running once none is waiting.
    while (this.#running.size > 0) await Promise.race(this.#running);
    await this.#pool.close();
    await this.#file.close();
    for (const result of results) {
      const at = await this.#jobs.get(result.id);
      if (!at) continue;
      if (at instanceof Error) {
        result.notes.push(`analysis failed: ${at.message}`);
        continue;
      }
      attachAnalysis(result, this.#file.file, at);
      const { spf, dkim, dmarc, arc } = result.analysis!.receiver;
      result.auth = { spf, dkim, dmarc, arc };
    }
  }

  #queue(state: ProbeState): void {
    if (this.#queued.has(state.probe.id)) return;
    this.#queued.add(state.probe.id);
    this.#waiting.push(state);
  }

  /** Starts analyses, CONCURRENCY at most, while the mailboxes are quiet or the run completes. */
  #pump(): void {
    while (this.#running.size < CONCURRENCY && this.#next < this.#waiting.length && (this.#completing || this.#now() - this.#lastFound >= QUIET_MS)) {
      const state = this.#waiting[this.#next++]!;
      this.#start(state, readMessageFile(this.#options.runDir, state.found!.messageFile!));
    }
  }

  #start(state: ProbeState, raw: Promise<Buffer>): void {
    const job = raw.then((message) => this.#analyse(state, message)).catch((error: Error) => error);
    this.#jobs.set(state.probe.id, job);
    const running = job.then(() => {
      this.#running.delete(running);
      this.#pump();
    });
    this.#running.add(running);
  }

  async #analyse(state: ProbeState, raw: Buffer): Promise<AnalysisAt> {
    const { config, scenarios } = this.#options;
    const seed = config.seeds.get(state.probe.seed)!;
    const route = config.routes.get(state.probe.route)!;
    const scenario = scenarios.get(state.probe.scenario);
    const json = await this.#pool.analyseToJson(raw, {
      authservIds: seed.authservIds,
      authResultsWithoutId: seed.authResultsWithoutId,
      requirements: seed.requirements,
      bulk: scenario?.bulk ?? false,
      envelope: { mailFrom: envelopeFor(route, scenario, seed.address).mailFrom },
    });
    return this.#file.put(state.probe.id, json);
  }
}
