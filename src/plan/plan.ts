import type { ResolvedConfig } from '../config/types.ts';
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
        });
      }
    }
  }
  return { runId: options.runId, probes, shard: options.shard };
}

function expectationFor(scenario: Scenario, route: string, seed: string): Expectation {
  const { routes, seeds, ...base } = scenario.expect;
  return { ...base, ...routes?.[route], ...seeds?.[seed] };
}
