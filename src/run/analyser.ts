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
import { limiter } from '../async/limit.ts';
import type { ProbeState } from './state.ts';

/** Messages analysed at once: the work is DNS lookups and hashing, a few per worker thread keep both busy. */
const CONCURRENCY = 8;

export interface AnalyserOptions {
  config: ResolvedConfig;
  scenarios: Map<string, Scenario>;
  runDir: string;
  resolver: Resolver;
}

/**
 * Analyses each found message as soon as it is fetched, while the run still waits for others, so the end of a
 * run is not a long tail of DNS lookups. Each analysis goes to the run folder's analyses.jsonl as it is made,
 * never held; `complete` points the results at them.
 */
export class Analyser {
  readonly #options: AnalyserOptions;
  /** The CPU work on worker threads, off the thread that watches the mailboxes and times detection. */
  readonly #pool: AnalysisPool;
  readonly #file: AnalysesFile;
  readonly #jobs = new Map<string, Promise<AnalysisAt | Error>>();
  readonly #limited = limiter(CONCURRENCY);

  constructor(options: AnalyserOptions) {
    this.#options = options;
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

  /** Starts the analysis of a found probe's message (once; later calls for the same probe are ignored). */
  submit(state: ProbeState, raw: Buffer): void {
    if (this.#jobs.has(state.probe.id)) return;
    this.#jobs.set(state.probe.id, this.#limited(() => this.#analyse(state, raw)).catch((error: Error) => error));
  }

  /** Reads a bounce on the analysis workers, which have the CPU to spare for it (see AnalysisPool.parseBounce). */
  parseBounce(raw: Buffer): Promise<ParsedBounce | undefined> {
    return this.#pool.parseBounce(raw);
  }

  /** Waits for every analysis (reading back what a resumed run found earlier) and adds it to the results. */
  async complete(results: ProbeResult[], states: Map<string, ProbeState>): Promise<void> {
    for (const state of states.values()) {
      const file = state.found?.messageFile;
      if (!file || this.#jobs.has(state.probe.id)) continue;
      // Found before a crash: the buffer is gone, the saved copy is all there is.
      this.#jobs.set(state.probe.id, this.#limited(async () => this.#analyse(state, await readMessageFile(this.#options.runDir, file))).catch((error: Error) => error));
    }
    await Promise.all(this.#jobs.values());
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
