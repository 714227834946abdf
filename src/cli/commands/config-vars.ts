import { dirname, resolve } from 'node:path';
import { readCapped } from '../../capped-read.ts';
import { readDotEnv } from '../../config/load.ts';
import { configVariables } from '../../config/vars.ts';
import { LandedError } from '../../errors.ts';
import type { Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { shownPath } from '../paths.ts';

export const configVarsCommand: Command = {
  path: ['config', 'vars'],
  summary: 'list the environment variables landed.yaml reads (for .env and GitHub secrets), set or not',
  usage: `Usage: landed config vars [--config FILE] [--github] [--json]

Lists every \${VAR} that landed.yaml reads, where it is used, and whether it is set (in the environment or
in the .env file beside landed.yaml). Values are never shown.

Options:
  --config FILE  landed.yaml (default: ./landed.yaml)
  --github       print them as a workflow's env: block, each from a GitHub secret of the same name
  --json         print them as JSON: [{ "name", "set", "usedAt" }]

Exit codes: 0 all set, 1 some not set (the list says which), 2 no such file.

Examples:
  landed config vars
  landed config vars --github >> .github/workflows/landed-placement.yml   # then move the lines into place`,
  options: { config: { type: 'string', default: 'landed.yaml' }, github: { type: 'boolean' }, json: { type: 'boolean' } },
  async run({ values }, io) {
    const file = resolve(io.cwd, values.config as string);
    const shown = shownPath(file, io);
    const text = await readCapped(file, { maxBytes: 1024 * 1024, shownAs: shown, code: 'CONFIG_INVALID' }).catch((error: unknown) => {
      const missing = ((error as LandedError).cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
      throw missing ? new LandedError('CONFIG_NOT_FOUND', 'file not found', { where: shown, hint: 'Name it with --config, or write one with: landed init' }) : error;
    });
    const env = { ...(await readDotEnv(dirname(file))), ...io.env };
    const vars = configVariables(text.toString('utf8')).map((v) => ({ name: v.name, set: Boolean(env[v.name]), usedAt: v.usedAt.map((u) => `${shown}:${u}`) }));
    if (values.json) io.stdout.write(`${JSON.stringify(vars, null, 2)}\n`);
    else if (values.github) io.stdout.write(`env:\n${vars.map((v) => `  ${v.name}: \${{ secrets.${v.name} }}`).join('\n')}\n`);
    else if (!vars.length) io.stdout.write(`${shown} reads no environment variable\n`);
    else {
      const width = Math.max(...vars.map((v) => v.name.length));
      for (const v of vars) io.stdout.write(`${v.name.padEnd(width)}  ${v.set ? 'set    ' : 'NOT SET'}  ${v.usedAt.join(', ')}\n`);
    }
    return vars.every((v) => v.set) ? ExitCode.ok : ExitCode.failed;
  },
};
