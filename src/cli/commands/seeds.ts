import { loadConfig } from '../../config/load.ts';
import { LandedError } from '../../errors.ts';
import { checkSeeds, type SeedCheck } from '../../mailboxes/check.ts';
import { createRedactor } from '../../secrets.ts';
import type { Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';

export const seedsCheckCommand: Command = {
  path: ['seeds', 'check'],
  summary: 'log into every seed mailbox and show the folders landed will watch',
  usage: `Usage: landed seeds check [--config FILE] [--seed ID]... [--json]

Logs into every seed (four at a time) and prints, per seed: whether the login works and if not why (wrong
password, OAuth2 token expired, IMAP disabled at the provider, TLS), the inbox and junk folder it will watch
and how they were found (override, special-use, preset, guessed), and the capabilities that matter (IDLE,
SPECIAL-USE, X-GM-EXT-1). Exits 1 if any seed is unusable. Run it first, and before every scheduled run.

  --config FILE   landed.yaml to use (default: ./landed.yaml)
  --seed ID       check only this seed (repeatable)
  --timeout SEC   per seed (default 30)
  --json          print the results as JSON`,
  options: {
    config: { type: 'string', default: 'landed.yaml' },
    seed: { type: 'string', multiple: true },
    timeout: { type: 'string', default: '30' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const config = await loadConfig(values.config as string, io);
    const wanted = values.seed as string[] | undefined;
    for (const id of wanted ?? []) {
      if (!config.seeds.has(id)) throw new LandedError('UNKNOWN_ID', `no seed "${id}" in ${config.file}`, { hint: `seeds: ${[...config.seeds.keys()].join(', ')}` });
    }
    const seeds = [...config.seeds.values()].filter((s) => !wanted || wanted.includes(s.id));
    const timeoutSec = Number(values.timeout);
    if (!(timeoutSec > 0)) throw new LandedError('USAGE', `--timeout wants a number of seconds, not "${values.timeout}"`);
    const redact = createRedactor(config.secrets);
    const checks = await checkSeeds(seeds, { timeoutMs: timeoutSec * 1000 });
    const text = values.json ? `${JSON.stringify(checks, null, 2)}\n` : checks.map(describeCheck).join('') + summary(checks);
    io.stdout.write(redact(text));
    return checks.every((c) => c.ok) ? ExitCode.ok : ExitCode.failed;
  },
};

function describeCheck(check: SeedCheck): string {
  const head = `${check.seedId} (${check.provider}, ${check.address}): `;
  if (!check.ok) {
    const hint = check.error?.hint ? `\n  what to check: ${check.error.hint}` : '';
    return `${head}UNUSABLE\n  ${check.error?.message}${hint}\n`;
  }
  const { inbox, spam } = check.folders!;
  const caps = check.capabilities!;
  const lines = [
    `${head}ok (${(check.elapsedMs / 1000).toFixed(1)} s)`,
    `  inbox: ${inbox.path} (${inbox.how})`,
    `  junk:  ${spam ? `${spam.path} (${spam.how})` : 'not found'}`,
    `  IDLE ${yesNo(caps.idle)}, SPECIAL-USE ${yesNo(caps.specialUse)}, X-GM-EXT-1 ${yesNo(caps.gmail)}`,
    ...check.warnings.map((w) => `  warning: ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}

function summary(checks: SeedCheck[]): string {
  const bad = checks.filter((c) => !c.ok).length;
  return `\n${checks.length} seed(s): ${checks.length - bad} usable, ${bad} unusable\n`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
