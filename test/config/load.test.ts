import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { LandedError } from '../../src/errors.ts';
import { loadScenarios } from '../../src/scenarios/load.ts';

const CONFIG = `routes:
  m365:
    smtp: { host: smtp.example.test, port: 587, security: starttls, auth: { user: reports@acme.test, pass: "\${M365_PASS}" } }
    from: "Acme Sales <sales@acme.test>"
seeds:
  gmail-1:
    address: seed1@example.test
    imap: { host: imap.example.test, auth: { pass: "\${SEED_PASS}" } }
    tags: [b2c]
`;

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'landed-config-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(LandedError);
  const landed = error as LandedError;
  return landed.problems.length ? landed.problems : [`${landed.where}: ${landed.message}`];
}

describe('loadConfig', () => {
  it('substitutes secrets from the environment and from .env, the environment winning', async () => {
    const dir = await project({ 'landed.yaml': CONFIG, '.env': 'M365_PASS=from-dotenv\nSEED_PASS=seed-secret\n' });
    const config = await loadConfig('landed.yaml', { cwd: dir, env: { M365_PASS: 'from-env' } });
    const route = config.routes.get('m365')!;
    expect(route.smtp.auth).toEqual({ user: 'reports@acme.test', pass: 'from-env' });
    expect(route.retry).toEqual({ attempts: 6, firstDelayMs: 2000, maxDelayMs: 60_000 });
    const seed = config.seeds.get('gmail-1')!;
    expect(seed.imap).toMatchObject({ host: 'imap.example.test', port: 993, security: 'tls', auth: { user: 'seed1@example.test', pass: 'seed-secret' } });
    expect(config.secrets).toEqual(expect.arrayContaining(['from-env', 'seed-secret']));
    expect(config.warnings).toEqual([]);
  });

  it('takes a route\'s retry policy, e.g. for a greylisting server', async () => {
    const dir = await project({ 'landed.yaml': CONFIG.replace('    from: "Acme Sales', '    retry: { attempts: 4, maxDelay: 5m }\n    from: "Acme Sales') });
    const config = await loadConfig('landed.yaml', { cwd: dir, env: { M365_PASS: 'x', SEED_PASS: 'y' } });
    expect(config.routes.get('m365')!.retry).toEqual({ attempts: 4, firstDelayMs: 2000, maxDelayMs: 300_000 });
  });

  it('masks and warns about a password written into the file itself', async () => {
    const dir = await project({ 'landed.yaml': CONFIG.replace('"${SEED_PASS}"', 'hunter2-in-the-file') });
    const config = await loadConfig('landed.yaml', { cwd: dir, env: { M365_PASS: 'x-from-env' } });
    expect(config.secrets).toContain('hunter2-in-the-file');
    expect(config.warnings).toEqual([expect.stringMatching(/^landed\.yaml holds a password or token itself; write \$\{VAR\}/)]);
  });

  it('names the file, line and variable when a secret is missing', async () => {
    const dir = await project({ 'landed.yaml': CONFIG });
    const problems = await problemsOf(loadConfig('landed.yaml', { cwd: dir, env: { M365_PASS: 'x' } }));
    expect(problems).toEqual([expect.stringMatching(/^landed\.yaml:8:\d+: environment variable SEED_PASS is not set/)]);
  });

  it('reports every schema problem at once, each with its line', async () => {
    const broken = CONFIG.replace('security: starttls', 'security: startls').replace('address: seed1@example.test', 'address: not-an-address\n    colour: blue');
    const dir = await project({ 'landed.yaml': broken });
    const problems = await problemsOf(loadConfig('landed.yaml', { cwd: dir, env: { M365_PASS: 'x', SEED_PASS: 'y' } }));
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/landed\.yaml:3:\d+: routes\.m365\.smtp\.security:/);
    expect(problems.join('\n')).toMatch(/landed\.yaml:7:\d+: seeds\.gmail-1\.address:/);
    expect(problems.join('\n')).toMatch(/landed\.yaml:8:\d+: seeds\.gmail-1\.colour: Unrecognized key/);
  });

  it('points at the line of a YAML syntax error', async () => {
    const dir = await project({ 'landed.yaml': 'routes:\n  a: [1, 2\nseeds: {}\n' });
    const problems = await problemsOf(loadConfig('landed.yaml', { cwd: dir, env: {} }));
    expect(problems[0]).toMatch(/^landed\.yaml:\d+:\d+: /);
  });

  it('refuses a YAML bomb instead of expanding it', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const dir = await project({ 'landed.yaml': `${levels.join('\n')}\nroutes: {}\nseeds: {}\n` });
    const problems = await problemsOf(loadConfig('landed.yaml', { cwd: dir, env: {} }));
    expect(problems.join('\n')).toMatch(/aliases|YAML bomb/i);
  });
});

describe('loadScenarios', () => {
  const env = { M365_PASS: 'x', SEED_PASS: 'y' };

  it('resolves `all` and tag selections, with per-route expectations', async () => {
    const dir = await project({
      'landed.yaml': CONFIG,
      'scenarios/quote.yaml': 'message: { subject: Quote }\nseeds: { tags: [b2c] }\nexpect: { placement: inbox, routes: { m365: { placement: [spam, rejected] } } }\ntimeout: 90s\n',
    });
    const config = await loadConfig('landed.yaml', { cwd: dir, env });
    const [scenario] = await loadScenarios(config, [], { cwd: dir, env });
    expect(scenario).toMatchObject({ name: 'quote', routes: ['m365'], seeds: ['gmail-1'], timeoutMs: 90_000 });
  });

  it('names the file and line of an unknown route or seed id', async () => {
    const dir = await project({
      'landed.yaml': CONFIG,
      'scenarios/a.yaml': 'message: { subject: A }\nroutes:\n  - m365\n  - erp\n',
      'scenarios/b.yaml': 'message: { subject: B }\nexpect:\n  seeds:\n    outlook-1: { placement: inbox }\n',
    });
    const config = await loadConfig('landed.yaml', { cwd: dir, env });
    const problems = await problemsOf(loadScenarios(config, [], { cwd: dir, env }));
    expect(problems).toEqual([
      expect.stringMatching(/^scenarios\/a\.yaml:4:5: routes\.1: unknown route "erp"/),
      expect.stringMatching(/^scenarios\/b\.yaml:4:\d+: expect\.seeds\.outlook-1: unknown seed "outlook-1"/),
    ]);
  });
});
