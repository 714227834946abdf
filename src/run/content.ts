import type { ResolvedConfig } from '../config/types.ts';
import type { ContentScorer } from '../content/scorer.ts';
import type { ScenarioContent } from '../content/types.ts';
import { describeError } from '../errors.ts';
import { newToken } from '../plan/token.ts';
import { composeProbe, composeRaw } from '../routes/message.ts';
import { addressOf } from '../routes/smtp.ts';
import type { Scenario } from '../scenarios/types.ts';

/**
 * Scores each scenario's message before anything is sent, built by the same code a run sends with (the
 * scenario's first route gives the From, its first seed the recipient). A scenario that cannot be scored
 * says why and does not stop the others.
 */
export async function scoreScenarios(config: ResolvedConfig, scenarios: Scenario[], scorer: ContentScorer, redact: (text: string) => string): Promise<ScenarioContent[]> {
  const out: ScenarioContent[] = [];
  for (const scenario of scenarios) {
    const routeId = scenario.routes[0];
    const route = config.routes.get(routeId)!;
    const seed = config.seeds.get(scenario.seeds[0]);
    const max = scenario.expect.maxContentScore;
    try {
      const raw = await composeRaw(composeProbe(scenario, newToken(), route.from, seed?.address));
      const result = await scorer.score(raw, { mailFrom: route.envelopeFrom ?? addressOf(route.from), rcptTo: seed?.address, bulk: scenario.bulk });
      out.push({ scenario: scenario.name, route: routeId, result, ...(max === undefined ? {} : { expectation: { max, ok: result.score <= max } }) });
    } catch (error) {
      out.push({ scenario: scenario.name, route: routeId, error: redact(describeError(error)), ...(max === undefined ? {} : { expectation: { max, ok: false } }) });
    }
  }
  return out;
}

