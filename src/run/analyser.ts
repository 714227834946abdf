import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeMessage } from '../analysis/index.ts';
import type { MessageAnalysis } from '../analysis/types.ts';
import type { ResolvedConfig } from '../config/types.ts';
import type { Resolver } from '../dns/resolver.ts';
import type { ProbeResult } from '../results/types.ts';
import { addressOf } from '../routes/smtp.ts';
import type { Scenario } from '../scenarios/types.ts';
import { judge } from './expectations.ts';
import type { ProbeState } from './state.ts';

/** Messages analysed at once: the work is DNS lookups and hashing, a few in flight keep both busy. */
const CONCURRENCY = 4;

export interface AnalyserOptions {
  config: ResolvedConfig;
  scenarios: Map<string, Scenario>;
  runDir: string;
  resolver: Resolver;
}

/**
 * Analyses each saved message as soon as it is found, while the run still waits for others, so the end of a
 * run is not a long tail of DNS lookups. `complete` adds the analyses to the results.
 */
export class Analyser {
  readonly #options: AnalyserOptions;
  readonly #jobs = new Map<string, Promise<MessageAnalysis | Error>>();
  #active = 0;
  #queue: Array<() => void> = [];

  constructor(options: AnalyserOptions) {
    this.#options = options;
  }

  /** Starts the analysis of a found probe's message (once; later calls for the same probe are ignored). */
  submit(state: ProbeState): void {
    const file = state.found?.messageFile;
    if (!file || this.#jobs.has(state.probe.id)) return;
    this.#jobs.set(state.probe.id, this.#limited(() => this.#analyse(state, file)).catch((error: Error) => error));
  }

  /** Waits for every analysis (submitting what a resumed run found earlier) and judges expectations again. */
  async complete(results: ProbeResult[], states: Map<string, ProbeState>): Promise<void> {
    for (const state of states.values()) this.submit(state);
    for (const result of results) {
      const analysis = await this.#jobs.get(result.id);
      if (!analysis) continue;
      if (analysis instanceof Error) {
        result.notes.push(`analysis failed: ${analysis.message}`);
        continue;
      }
      result.analysis = analysis;
      const { spf, dkim, dmarc, arc } = analysis.receiver;
      result.auth = { spf, dkim, dmarc, arc };
      result.expectations = judge(result, states.get(result.id)!.probe.expect);
    }
  }

  async #analyse(state: ProbeState, file: string): Promise<MessageAnalysis> {
    const { config, scenarios, runDir, resolver } = this.#options;
    const seed = config.seeds.get(state.probe.seed)!;
    const route = config.routes.get(state.probe.route)!;
    return analyzeMessage(await readFile(join(runDir, file)), {
      authservIds: seed.authservIds,
      provider: seed.provider,
      requirements: seed.requirements,
      resolver,
      bulk: scenarios.get(state.probe.scenario)?.bulk ?? false,
      envelope: { mailFrom: route.envelopeFrom ?? addressOf(route.from) },
    });
  }

  async #limited<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= CONCURRENCY) await new Promise<void>((go) => this.#queue.push(go));
    this.#active++;
    try {
      return await task();
    } finally {
      this.#active--;
      this.#queue.shift()?.();
    }
  }
}
