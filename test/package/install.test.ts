/**
 * The package as a user gets it: `npm pack` (which builds dist/), the tarball installed into an empty folder
 * with production dependencies only, and the installed `landed` run from there, lab and run included.
 * Nothing of the clone is on the way: the installed copy has no src/, no devDependencies, no TypeScript.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// The children's `node` (npm's and landed's shebang) is the Node 24 that runs the tests.
const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH}`;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}
function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, PATH, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
const shown = (r: Ran) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

let work: string;
let app: string;
let files: string[];
const landed = (...args: string[]) => sh(join(app, 'node_modules/.bin/landed'), args, app);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'landed-package-'));
  await chmod(work, 0o755); // run as root, the lab's Dovecot must reach .lab/ below it (mkdtemp makes 0700)
  const packed = await sh('npm', ['pack', '--json', '--pack-destination', work], ROOT);
  if (packed.code !== 0) throw new Error(`npm pack failed: ${shown(packed)}`);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string; files: { path: string }[] }];
  files = info.files.map((f) => f.path).sort();
  app = join(work, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), '{ "name": "acme-mail-checks", "private": true }\n');
  const installed = await sh('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(work, info.filename)], app);
  if (installed.code !== 0) throw new Error(`npm install of the tarball failed: ${shown(installed)}`);
}, 400_000);

afterAll(async () => {
  if (app && existsSync(join(app, '.lab'))) await landed('lab', 'down');
  if (work && !process.env.LANDED_KEEP) await rm(work, { recursive: true, force: true });
}, 60_000);

describe('the packed and installed package', () => {
  it('holds what runs and nothing else', () => {
    expect(files).toContain('bin/landed.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/lab/daemon/main.js');
    expect(files).toContain('dist/reporters/html/client/report.css');
    expect(files).toContain('schema/landed.schema.json');
    const unwanted = files.filter((f) => /^(src|test|bench|scripts|reports|examples|\.github|\.ci)\/|\.env|\.ts$|\.sqlite$|fixtures|\.lab/.test(f));
    expect(unwanted).toEqual([]);
  });

  it('was installed without devDependencies', () => {
    for (const dev of ['typescript', 'vitest', 'node', '@playwright/test']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'node_modules/landed-mail/src'))).toBe(false);
  });

  it('answers --version with the package version', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await landed('--version');
    expect(r.code, shown(r)).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('writes a starter setup with init, its schema line pointing into the installed package', async () => {
    const r = await landed('init', '--yes', '--domain', 'acme.example');
    expect(r.code, shown(r)).toBe(0);
    const config = await readFile(join(app, 'landed.yaml'), 'utf8');
    expect(config).toContain('# yaml-language-server: $schema=node_modules/landed-mail/schema/landed.schema.json');
    expect(existsSync(join(app, '.github/workflows/landed-placement.yml'))).toBe(true);
  });

  it('starts the lab, runs its config and stops it, from the installed copy', async () => {
    const up = await landed('lab', 'up');
    expect(up.code, shown(up)).toBe(0);
    const run = await landed('run', '--config', '.lab/landed.yaml');
    expect(run.code, shown(run)).toBe(0);
    expect(run.stdout).toMatch(/relay\s+inbox/);
    const down = await landed('lab', 'down');
    expect(down.code, shown(down)).toBe(0);
    expect(down.stdout).toContain('no process left');
  }, 300_000);

  // The system Node of this machine (Debian's) is older than landed needs: the user must be told the fix.
  const systemNode = '/usr/bin/node';
  it('under a Node older than 22.19, says so and how to fix it', async (context) => {
    const version = existsSync(systemNode) ? (await sh(systemNode, ['--version'], ROOT)).stdout.trim() : '';
    const major = Number(/^v(\d+)/.exec(version)?.[1] ?? 0);
    if (!major || major >= 22) {
      console.warn(`NOT RUN: needs an old Node at ${systemNode}; found ${version || 'none'}`);
      context.skip();
    }
    const r = await sh(systemNode, [join(app, 'node_modules/landed-mail/bin/landed.js'), '--version'], app);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`landed needs Node.js 22.19 or newer; this is ${version}`);
    expect(r.stderr).toContain('Fix: install Node.js 22 or 24');
  });
});
