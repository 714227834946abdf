import type { ResolvedConfig, ResolvedRoute } from '../config/types.ts';
import type { Expectation, Scenario } from '../scenarios/types.ts';
import type { Probe } from './probe.ts';
import { shardOf, type Shard } from './shard.ts';
import { newToken } from './token.ts';

export type { Probe, ProbeIdentity } from './probe.ts';

export interface RunPlan {
  runId: string;
  probes: Probe[];
  shard?: Shard;
}

export function buildPlan(config: ResolvedConfig, scenarios: Scenario[], options: { runId: string; shard?: Shard }): RunPlan {
  const probes: Probe[] = [];
  for (const scenario of scenarios) {
    for (const route of scenario.routes) {
      for (const seed of scenario.seeds) {
        const id = `${scenario.name}/${route}/${seed}`;
        if (options.shard && shardOf(id, options.shard.total) !== options.shard.index) continue;
        probes.push({
          id,
          scenario: scenario.name,
          route,
          seed,
          provider: config.seeds.get(seed)!.provider,
          token: newToken(),
          timeoutMs: scenario.timeoutMs,
          expect: expectationFor(scenario, route, seed),
          ...(scenario.drill ? { drill: scenario.drill } : {}),
          ...duplicateWindow(scenario, config.routes.get(route)),
        });
      }
    }
  }
  return { runId: options.runId, probes, shard: options.shard };
}

/** Applications (http, command routes) are where doubles come from: their arrivals are watched a little longer. */
const APPLICATION_DUPLICATE_WINDOW_MS = 5000;

function duplicateWindow(scenario: Scenario, route: ResolvedRoute | undefined): { duplicateWindowMs?: number } {
  const ms = scenario.duplicateWindowMs ?? (route?.http || route?.command ? APPLICATION_DUPLICATE_WINDOW_MS : 0);
  return ms > 0 ? { duplicateWindowMs: ms } : {};
}

function expectationFor(scenario: Scenario, route: string, seed: string): Expectation {
  const { routes, seeds, ...base } = scenario.expect;
  return { ...base, ...routes?.[route], ...seeds?.[seed] };
}
