import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAnswers, DEFAULT_ROUTES, DEFAULT_SEEDS, ROUTE_KINDS, type StarterAnswers } from '../../config/starter/answers.ts';
import { GITIGNORE_LINES, starterFiles } from '../../config/starter/files.ts';
import { LandedError } from '../../errors.ts';
import { listProviders } from '../../providers/index.ts';
import type { CliIO, Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { shownPath } from '../paths.ts';
import { packageInfo } from '../version.ts';

const SCHEMA_DIR = fileURLToPath(new URL('../../../schema', import.meta.url));
const seedProviders = () => listProviders().filter((p) => !p.id.startsWith('lab-')).map((p) => p.id);
const list = (value: unknown) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export const initCommand: Command = {
  path: ['init'],
  summary: 'start a landed setup here: landed.yaml, a first scenario, .env.example, .gitignore, the workflows',
  usage: `Usage: landed init [--yes] [--domain DOMAIN] [--routes KIND,...] [--seeds PROVIDER,...] [options]

Asks for the sending domain, the routes mail leaves by and the seed mailboxes to watch (with --yes, takes
the flags and the defaults without asking), then writes:
  landed.yaml                             routes and seeds, secrets as \${VAR}
  scenarios/first.yaml                    a first scenario: inbox with DMARC passing, everywhere
  .env.example                            exactly the variables landed.yaml reads
  .gitignore                              .env and reports/ added (existing lines kept)
  .github/workflows/landed-placement.yml  daily runs with the landed Action, secrets named as in landed.yaml
  .github/workflows/landed-dns-plan.yml   dns plan on pull requests that change dns/
An existing file is never overwritten without --force.

Options:
  --domain DOMAIN       the domain you send from (required with --yes)
  --routes KIND,...     ${Object.keys(ROUTE_KINDS).join(', ')} (default: ${DEFAULT_ROUTES.join(',')})
  --seeds PROVIDER,...  provider presets, one seed each (default: ${DEFAULT_SEEDS.join(',')}; see landed providers)
  --dir DIR             where to write (default: the current folder)
  --action REF          the GitHub Action the workflows use (default: this package's repository@v<version>)
  --yes, -y             ask nothing: flags and defaults
  --force               overwrite existing files

Examples:
  landed init
  landed init --yes --domain acme.example
  landed init --yes --domain acme.example --routes m365,erp --seeds gmail,outlook,yahoo`,
  options: {
    domain: { type: 'string' },
    routes: { type: 'string' },
    seeds: { type: 'string' },
    dir: { type: 'string' },
    action: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    force: { type: 'boolean' },
  },
  async run({ values }, io) {
    const dir = resolve(io.cwd, (values.dir as string | undefined) ?? '.');
    const answers: StarterAnswers = {
      domain: (values.domain as string | undefined) ?? '',
      routes: list(values.routes) ?? DEFAULT_ROUTES,
      seeds: list(values.seeds) ?? DEFAULT_SEEDS,
      action: (values.action as string | undefined) ?? defaultAction(),
      schemaDir: existsSync(SCHEMA_DIR) ? relativeOrAbsolute(dir, SCHEMA_DIR) : undefined,
    };
    if (!values.yes) await ask(answers, values, io);
    if (!answers.domain) throw new LandedError('USAGE', 'no sending domain', { hint: 'Give --domain acme.example (with --yes), or run landed init in a terminal to be asked.' });
    checkAnswers(answers, seedProviders());
    const presets = new Map(listProviders().map((p) => [p.id, p]));
    const files = starterFiles(answers, presets);
    const existing = files.filter((f) => existsSync(join(dir, f.path)));
    if (existing.length && !values.force) {
      throw new LandedError('USAGE', `would overwrite ${existing.map((f) => f.path).join(', ')}`, { where: shownPath(dir, io) || '.', hint: 'Nothing was written. Move them away, or give --force to overwrite them.' });
    }
    for (const file of files) {
      await mkdir(dirname(join(dir, file.path)), { recursive: true });
      await writeFile(join(dir, file.path), file.text);
      io.stdout.write(`wrote ${shownPath(join(dir, file.path), io)}\n`);
    }
    const added = await ensureGitignore(join(dir, '.gitignore'));
    if (added.length) io.stdout.write(`added ${added.join(', ')} to ${shownPath(join(dir, '.gitignore'), io)}\n`);
    const config = dir === io.cwd ? '' : ` --config ${shownPath(join(dir, 'landed.yaml'), io)}`;
    io.stdout.write(
      `\nNext:\n` +
        `  1. cp .env.example .env   and fill in the secrets (landed config vars${config} lists them; in GitHub, make each a secret)\n` +
        `  2. landed seeds check${config}   logs into every seed and shows the folders it will watch\n` +
        `  3. landed run${config}   sends scenarios/first.yaml through every route to every seed\n`,
    );
    return ExitCode.ok;
  },
};

async function ask(answers: StarterAnswers, values: Record<string, unknown>, io: CliIO): Promise<void> {
  if (!io.stdin?.isTTY) {
    throw new LandedError('USAGE', 'not a terminal, so nothing can be asked', { hint: 'Give --yes with --domain (and --routes, --seeds) to take the flags and defaults.' });
  }
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const question = async (text: string, current: string) => (await rl.question(`${text} [${current}]: `, { signal: io.signal })).trim() || current;
    if (!values.domain) answers.domain = await question('Domain you send from', 'acme.example');
    io.stdout.write(Object.entries(ROUTE_KINDS).map(([k, r]) => `  ${k.padEnd(7)} ${r.label}`).join('\n') + '\n');
    if (!values.routes) answers.routes = list(await question('Routes your mail leaves by (comma separated)', answers.routes.join(','))) ?? [];
    io.stdout.write(`  providers: ${seedProviders().join(', ')}\n`);
    if (!values.seeds) answers.seeds = list(await question('Seed mailboxes to watch, one per provider', answers.seeds.join(','))) ?? [];
  } finally {
    rl.close();
  }
}

/** Appends the lines .gitignore lacks; never rewrites what is there. */
async function ensureGitignore(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const present = new Set(text.split('\n').map((l) => l.trim()));
  const missing = GITIGNORE_LINES.filter((l) => !present.has(l) && !present.has(`/${l}`));
  if (missing.length) await appendFile(file, `${text && !text.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
  return missing;
}

function defaultAction(): string {
  const { version, repository } = packageInfo();
  const slug = /github\.com[/:]([^/]+\/[^/.]+)/.exec(repository ?? '')?.[1] ?? 'landed-mail/landed';
  return `${slug}@v${version}`;
}

/** The schema inside the project (node_modules/landed-mail/schema) as a relative path that survives a move. */
function relativeOrAbsolute(from: string, to: string): string {
  const rel = relative(from, to);
  return rel.startsWith('..') ? to : rel;
}
