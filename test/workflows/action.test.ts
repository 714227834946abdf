/**
 * The landed Action's scripts (action/*.sh, what action.yml's steps run), as far as a machine without GitHub
 * allows: against the lab, in a git repository whose `origin` is a local bare one, with GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY pointing at temp files. The artifact steps between jobs are played by moving folders.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labLayout } from '../../src/lab/files/layout.ts';
import { startLab, type Lab } from '../../src/lab/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let lab: Lab;
let work: string;
let origin: string;
let bin: string;

function sh(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: work, env: { ...process.env, PATH: `${bin}${delimiter}${dirname(process.execPath)}${delimiter}${process.env.PATH}`, NO_COLOR: '1', ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out }));
  });
}

/** One step of the action: a fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, the inputs as action.yml passes them. */
async function step(command: string, inputs: Record<string, string> = {}) {
  const gh = await mkdtemp(join(work, '.gh-'));
  const files = { GITHUB_OUTPUT: join(gh, 'output'), GITHUB_STEP_SUMMARY: join(gh, 'summary') };
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const env = { ...files, LANDED_COMMAND: command, LANDED_CONFIG: lab.configFile, LANDED_RUN_ID: 'gh-4242-1', GITHUB_REPOSITORY: 'acme/mail', ...inputs };
  const { code, out } = await sh('bash', [join(ROOT, 'action/main.sh')], env);
  const outputs = Object.fromEntries((await readFile(files.GITHUB_OUTPUT, 'utf8')).split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
  return { code, out, outputs, summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8') };
}

beforeAll(async () => {
  lab = await startLab();
  work = await mkdtemp(join(tmpdir(), 'landed-action-'));
  origin = `${work}-origin.git`;
  bin = join(work, '.bin');
  await mkdir(bin);
  await symlink(join(ROOT, 'bin/landed.js'), join(bin, 'landed')); // what action/install.sh puts on the PATH
  for (const args of [['init', '--quiet', '--bare', origin], ['init', '--quiet', '.'], ['remote', 'add', 'origin', origin]]) {
    const r = await sh('git', args);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.out}`);
  }
});

afterAll(async () => {
  await lab?.stop();
  for (const d of [work, origin]) if (d) await rm(d, { recursive: true, force: true });
});

describe('the landed Action, step by step against the lab', () => {
  it('seeds-check: every lab seed usable, said in the job summary', async () => {
    const r = await step('seeds-check');
    expect(r.code, r.out).toBe(0);
    expect(r.outputs.code).toBe('0');
    expect(r.summary).toMatch(/^## landed seeds check: ✅ every seed usable\n\n````text\n/);
  });

  it('run in two shards, then merge: one run, its summary, the history on its branch, the site', async () => {
    for (const shard of ['1/2', '2/2']) {
      const r = await step('run', { LANDED_SHARD: shard });
      expect(r.code, r.out).toBe(0);
      expect(r.outputs).toMatchObject({ code: '0', out: `landed-shard-${shard[0]}`, 'shard-index': shard[0] });
    }
    // actions/download-artifact with pattern landed-shard-* into landed-shards/
    await mkdir(join(work, 'landed-shards'));
    for (const i of ['1', '2']) await rename(join(work, `landed-shard-${i}`), join(work, 'landed-shards', `landed-shard-${i}`));
    const merge = await step('merge');
    expect(merge.code, merge.out).toBe(0);
    expect(merge.outputs).toEqual({ code: '0', 'run-dir': 'reports/runs/gh-4242-1' });
    expect(merge.out).toContain('No landed-history branch yet: this run starts the history.');
    expect(merge.summary).toContain('gh-4242-1');
    expect(merge.summary).toMatch(/relay/);
    for (const f of ['results.json', 'junit.xml', 'report.html']) expect(existsSync(join(work, 'reports/runs/gh-4242-1', f)), f).toBe(true);
    expect(existsSync(join(work, 'landed-site/index.html'))).toBe(true);
    expect(existsSync(join(work, 'landed-site/runs/gh-4242-1/report.html'))).toBe(true);
    const branch = await sh('git', ['--git-dir', origin, 'ls-tree', 'landed-history']);
    expect(branch.out).toMatch(/^100644 blob [0-9a-f]+\thistory\.sqlite\n$/);
  }, 300_000);

  it('dns-plan: a zone dropping the relay from SPF fails with the route named, in the summary', async () => {
    const relay = lab.info.routes.relay.egress;
    const live = await readFile(join(labLayout(lab.dir).zonesDir, 'acme.test.zone'), 'utf8');
    await mkdir(join(work, 'dns'), { recursive: true });
    await writeFile(join(work, 'dns/acme.test.zone'), live.replace(`ip4:${relay} `, 'ip4:192.0.2.1 '));
    const r = await step('dns-plan', { LANDED_ZONES: 'dns', GH_TOKEN: '' });
    expect(r.code, r.out).toBe(1);
    expect(r.outputs.code).toBe('1');
    expect(r.summary).toContain('## landed dns plan: ❌');
    expect(r.summary).toContain('| relay | lab-strict | **pass → fail** |');
    expect(r.summary).toContain('gh-4242-1');
  }, 120_000);

  it('refuses a command it does not have, naming the ones it has', async () => {
    const r = await step('deploy');
    expect(r.code).toBe(2);
    expect(r.out).toContain("::error::landed action: unknown command 'deploy' (one of: run, seeds-check, merge, dns-plan)");
  });
});
