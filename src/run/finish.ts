import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeMessage } from '../analysis/index.ts';
import type { ResolvedConfig } from '../config/types.ts';
import type { Resolver } from '../dns/resolver.ts';
import type { ProbeResult } from '../results/types.ts';
import { addressOf } from '../routes/smtp.ts';
import type { Scenario } from '../scenarios/types.ts';
import { judge } from './expectations.ts';
import type { ProbeState } from './state.ts';

const ANALYSIS_CONCURRENCY = 4;

/** A probe's result as far as it is known now (used for progress too); analysis is added by `analyseAll`. */
export function toProbeResult(state: ProbeState): ProbeResult {
  const { probe, sent, found, bounce, final } = state;
  const acceptedAt = sent?.smtp.acceptedAt;
  const placement = final?.placement ?? found?.placement ?? 'missing';
  const latencyMs = found && acceptedAt ? Math.max(0, Date.parse(found.receivedAt) - Date.parse(acceptedAt)) : undefined;
  const error = final?.error ?? found?.error ?? (sent?.status === 'uncertain' ? sent.error : undefined);
  const result: ProbeResult = {
    id: probe.id,
    scenario: probe.scenario,
    route: probe.route,
    seed: probe.seed,
    provider: probe.provider,
    token: probe.token,
    placement,
    folder: found?.folder,
    tab: found?.tab as ProbeResult['tab'],
    smtp: sent?.smtp ?? { attempts: 0, retries: [] },
    bounce,
    receivedAt: found?.receivedAt,
    latencyMs,
    auth: { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' },
    messageFile: found?.messageFile,
    error,
    notes: [...state.notes],
    expectations: [],
  };
  result.expectations = judge(result, probe.expect);
  return result;
}

/** Runs the analysis on every saved message and judges the expectations again with the receiver's verdicts. */
export async function analyseAll(
  results: ProbeResult[],
  options: { config: ResolvedConfig; scenarios: Map<string, Scenario>; states: Map<string, ProbeState>; runDir: string; resolver: Resolver },
): Promise<void> {
  const queue = results.filter((r) => r.messageFile);
  const worker = async () => {
    for (let result = queue.shift(); result; result = queue.shift()) await analyseOne(result, options);
  };
  await Promise.all(Array.from({ length: ANALYSIS_CONCURRENCY }, worker));
}

async function analyseOne(
  result: ProbeResult,
  options: { config: ResolvedConfig; scenarios: Map<string, Scenario>; states: Map<string, ProbeState>; runDir: string; resolver: Resolver },
): Promise<void> {
  const seed = options.config.seeds.get(result.seed)!;
  const route = options.config.routes.get(result.route)!;
  try {
    const raw = await readFile(join(options.runDir, result.messageFile!));
    const analysis = await analyzeMessage(raw, {
      authservIds: seed.authservIds,
      provider: seed.provider,
      resolver: options.resolver,
      bulk: options.scenarios.get(result.scenario)?.bulk ?? false,
      envelope: { mailFrom: route.envelopeFrom ?? addressOf(route.from) },
    });
    result.analysis = analysis;
    const { spf, dkim, dmarc, arc } = analysis.receiver;
    result.auth = { spf, dkim, dmarc, arc };
    result.expectations = judge(result, options.states.get(result.id)!.probe.expect);
  } catch (error) {
    result.notes.push(`analysis failed: ${(error as Error).message}`);
  }
}
