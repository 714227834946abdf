import { loadConfig } from '../../config/load.ts';
import { formatDuration } from '../../config/duration.ts';
import { buildPlan } from '../../plan/plan.ts';
import { parseShard } from '../../plan/shard.ts';
import { newRunId } from '../../plan/token.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import type { Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { table } from '../../text/table.ts';

export const planCommand: Command = {
  path: ['plan'],
  summary: 'print the probes a run would send, without sending anything',
  usage: `Usage: landed plan [SCENARIO.yaml...] [--config FILE] [--shard I/N] [--json]`,
  options: { config: { type: 'string', default: 'landed.yaml' }, shard: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const config = await loadConfig(values.config as string, io);
    const scenarios = await loadScenarios(config, positionals, io);
    const plan = buildPlan(config, scenarios, { runId: newRunId(), shard: values.shard ? parseShard(values.shard as string) : undefined });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
      return ExitCode.ok;
    }
    const rows = plan.probes.map((p) => [
      p.scenario,
      p.route,
      p.seed,
      p.provider,
      [p.expect.placement].flat().filter(Boolean).join('|') || '-',
      formatDuration(p.timeoutMs),
    ]);
    io.stdout.write(table(['scenario', 'route', 'seed', 'provider', 'expect', 'timeout'], rows));
    const shard = plan.shard ? ` (shard ${plan.shard.index}/${plan.shard.total})` : '';
    io.stdout.write(`\n${plan.probes.length} probe(s)${shard}; nothing was sent.\n`);
    return ExitCode.ok;
  },
};
