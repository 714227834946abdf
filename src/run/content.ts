import type { ResolvedConfig } from '../config/types.ts';
import type { ContentScorer } from '../content/scorer.ts';
import type { ScenarioContent } from '../content/types.ts';
import { describeError } from '../errors.ts';
import { routeMessage } from '../routes/message.ts';
import type { Scenario } from '../scenarios/types.ts';

/**
 * The token of every scored message: of the form every probe's has, and the same each time, so that an
 * unchanged scenario builds the same message and its score can be reused (ScoreCache).
 */
export const SCORED_TOKEN = 'landed-scoredbeforesend';

/**
 * Scores each scenario's message before anything is sent, built by the very function the run sends with
 * (routeMessage: the scenario's first route gives From and envelope, its first seed the recipient, a token
 * in Subject, header and body). A scenario that cannot be scored says why and does not stop the others.
 */
export async function scoreScenarios(config: ResolvedConfig, scenarios: Scenario[], scorer: ContentScorer, redact: (text: string) => string): Promise<ScenarioContent[]> {
  const out: ScenarioContent[] = [];
  for (const scenario of scenarios) {
    const routeId = scenario.routes[0];
    const max = scenario.expect.maxContentScore;
    const judged = (ok: boolean) => (max === undefined ? {} : { expectation: { max, ok } });
    try {
      const seed = config.seeds.get(scenario.seeds[0]);
      const probe = { id: `${scenario.name}/${routeId}/${seed?.id ?? '-'}`, scenario: scenario.name, route: routeId, seed: seed?.id ?? '-', provider: seed?.provider ?? 'imap', token: SCORED_TOKEN, timeoutMs: scenario.timeoutMs, expect: scenario.expect };
      const message = await routeMessage(probe, scenario, config.routes.get(routeId)!, seed?.address ?? 'seed@landed.invalid');
      const result = await scorer.score(message.raw, { mailFrom: message.envelope.mailFrom, rcptTo: message.recipient, bulk: scenario.bulk });
      out.push({ scenario: scenario.name, route: routeId, result, ...judged(result.score <= (max ?? Infinity)) });
    } catch (error) {
      out.push({ scenario: scenario.name, route: routeId, error: redact(describeError(error)), ...judged(false) });
    }
  }
  return out;
}
