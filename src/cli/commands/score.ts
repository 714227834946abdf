import { join } from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { rspamdVersion } from '../../content/find.ts';
import { renderContent } from '../../content/render.ts';
import { landedCacheDir } from '../../content/cache-dir.ts';
import { ContentScorer, scorerFingerprint } from '../../content/scorer.ts';
import { ScoreCache } from '../../content/score-cache.ts';
import { verdictFor } from '../../content/thresholds.ts';
import { requireProgram } from '../../lab/packages.ts';
import { scoreScenarios } from '../../run/content.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { createRedactor } from '../../secrets.ts';
import type { CliIO, Command } from '../command.ts';
import type { ResolvedConfig } from '../../config/types.ts';
import type { ScenarioContent } from '../../content/types.ts';
import { describeError, LandedError } from '../../errors.ts';
import type { Scenario } from '../../scenarios/types.ts';
import { ExitCode } from '../exit-codes.ts';
import { packageInfo } from '../version.ts';

export const scoreCommand: Command = {
  path: ['score'],
  summary: "score each scenario's message with a private rspamd before sending: the score and what to change",
  usage: `Usage: landed score [SCENARIO.yaml...] [--config FILE] [--json]

Builds each scenario's message exactly as 'landed run' sends it and scores it with rspamd, started by landed
in a private temp folder on loopback (no system service, no network lists, no Bayes: the same message always
gets the same score), then stopped. Prints the score against the usual thresholds and every rule that counted,
in plain words with what to change. rspamd missing: installed when run as root on Debian/Ubuntu.

Options:
  --config FILE   landed.yaml to use (default: ./landed.yaml)
  --json          the scores as JSON (the same objects as results.json's \`content\`)

Exit codes: 0 scored and every expect.maxContentScore met, 1 a scenario above its maximum or not scored, 2 usage or config error.`,
  options: { config: { type: 'string', default: 'landed.yaml' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const config = await loadConfig(values.config as string, io);
    const scenarios = await loadScenarios(config, positionals, io);
    const scorer = await startScorer(io.env);
    try {
      const content = await scoreScenarios(config, scenarios, scorer, createRedactor(config.secrets));
      io.stdout.write(values.json ? `${JSON.stringify(content, null, 2)}\n` : renderContent(content));
      return content.every((c) => c.result && c.expectation?.ok !== false) ? ExitCode.ok : ExitCode.failed;
    } finally {
      await scorer.close();
    }
  },
};

/**
 * The scorer every command uses: Debian's rspamd, installed when root, else the package named. Each score it
 * gives is kept in landed's cache folder; with `reuse` (landed run) a message scored in the last week by the
 * same rspamd and landed is answered from there, and rspamd is not even started.
 */
export async function startScorer(env: NodeJS.ProcessEnv, reuse = false): Promise<ContentScorer> {
  const binary = await requireProgram('rspamd', 'rspamd', 'landed score', env);
  const version = await rspamdVersion(binary);
  if (!version) return new ContentScorer({ binary });
  const cache = new ScoreCache(join(landedCacheDir(env), 'scores'), await scorerFingerprint(binary, version, packageInfo().version));
  return new ContentScorer({ binary, version, cache, reuse });
}

/** The run's content step: every scenario scored, or each one saying why not (rspamd missing) without stopping the run. */
export async function scoreBeforeSending(config: ResolvedConfig, scenarios: Scenario[], redact: (text: string) => string, io: CliIO): Promise<ScenarioContent[]> {
  let scorer: ContentScorer;
  try {
    scorer = await startScorer(io.env, true);
  } catch (error) {
    const why = `${describeError(error)}${error instanceof LandedError && error.hint ? ` (${error.hint})` : ''}`;
    io.stderr.write(`warning: content not scored: ${why}\n`);
    return scenarios.map((s) => ({ scenario: s.name, route: s.routes[0], error: why, ...(s.expect.maxContentScore === undefined ? {} : { expectation: { max: s.expect.maxContentScore, ok: false } }) }));
  }
  try {
    const content = await scoreScenarios(config, scenarios, scorer, redact);
    const line = content.map(({ scenario, result }) => {
      if (!result) return `${scenario} not scored`;
      const when = result.reusedFrom ? `, as scored ${result.reusedFrom.slice(0, 16).replace('T', ' ')} UTC` : '';
      return `${scenario} ${result.score} (${verdictFor(result.score, result.thresholds)}${when})`;
    });
    io.stderr.write(`content score: ${line.join(', ')}; details: landed score\n`);
    return content;
  } finally {
    await scorer.close();
  }
}
