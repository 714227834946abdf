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

describe('route kinds', () => {
  const SEEDS = `seeds:
  s1: { address: s1@example.test, imap: { host: imap.example.test, auth: { pass: x } } }
`;

  it('takes smtp, direct, http or command, with their defaults; secrets in headers and env are masked secrets', async () => {
    const dir = await project({ 'landed.yaml': `dns: { servers: ["127.0.0.1:5353"] }
routes:
  spoof: { direct: { localAddress: 127.0.0.9 }, from: "CEO <ceo@acme.test>" }
  erp:
    http: { url: "http://erp.test/api/mail", headers: { Authorization: "Bearer \${ERP_TOKEN}" }, body: { to: "{{to}}" } }
    from: "Orders <orders@acme.test>"
  cli: { command: { run: [./send, --now], env: { TOKEN: "\${ERP_TOKEN}" } }, from: "Orders <orders@acme.test>" }
${SEEDS}` });
    const config = await loadConfig('landed.yaml', { cwd: dir, env: { ERP_TOKEN: 'erp-secret-1' } });
    expect(config.routes.get('spoof')).toMatchObject({ direct: { port: 25, localAddress: '127.0.0.9', dnsServers: ['127.0.0.1:5353'] } });
    expect(config.routes.get('spoof')!.smtp).toBeUndefined();
    expect(config.routes.get('erp')!.http).toEqual({ url: 'http://erp.test/api/mail', method: 'POST', headers: { Authorization: 'Bearer erp-secret-1' }, body: { to: '{{to}}' }, timeoutMs: 30_000 });
    expect(config.routes.get('cli')!.command).toEqual({ run: ['./send', '--now'], env: { TOKEN: 'erp-secret-1' }, cwd: dir, timeoutMs: 60_000 });
    expect(config.secrets).toContain('erp-secret-1');
  });

  it('says a route needs exactly one kind, naming the route and the line', async () => {
    const dir = await project({ 'landed.yaml': `routes:
  none: { from: "A <a@acme.test>" }
  both:
    smtp: { host: smtp.example.test }
    direct: {}
    from: "A <a@acme.test>"
${SEEDS}` });
    const problems = (await problemsOf(loadConfig('landed.yaml', { cwd: dir, env: {} }))).join('\n');
    expect(problems).toMatch(/landed\.yaml:2:\d+: routes\.none: a route needs exactly one of `smtp`, `direct`, `http` or `command` \(its kind\); none is given/);
    expect(problems).toMatch(/landed\.yaml:4:\d+: routes\.both: a route has exactly one of .*; this one has `smtp` and `direct`/);
  });
});

describe('loadConfig', () => {
  it('substitutes secrets from the environment and from .env, the environment winning', async () => {
    const dir = await project({ 'landed.yaml': CONFIG, '.env': 'M365_PASS=from-dotenv\nSEED_PASS=seed-secret\n' });
    const config = await loadConfig('landed.yaml', { cwd: dir, env: { M365_PASS: 'from-env' } });
    const route = config.routes.get('m365')!;
    expect(route.smtp!.auth).toEqual({ user: 'reports@acme.test', pass: 'from-env' });
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
    expect(problems.join('\n')).toMatch(/landed\.yaml:8:\d+: seeds\.gmail-1\.colour: unknown key 'colour'/);
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

describe('command-line overrides, resolved with the file (--reports, --history, --dns)', () => {
  const DIRECT = `routes:
  mx:
    direct: {}
    from: sales@acme.test
seeds:
  s1: { address: s1@example.test, imap: { host: imap.example.test, auth: { pass: x } } }
reports: out/reports
history: db/history.sqlite
dns: { servers: ["10.0.0.1"] }
`;

  it('without overrides: the file\'s places, relative to landed.yaml', async () => {
    const dir = await project({ 'proj/landed.yaml': DIRECT });
    const config = await loadConfig('proj/landed.yaml', { cwd: dir, env: {} });
    expect([config.reportsDir, config.historyFile, config.dnsServers]).toEqual([join(dir, 'proj/out/reports'), join(dir, 'proj/db/history.sqlite'), ['10.0.0.1']]);
  });

  it('the command line wins, its paths relative to where the user is; --reports takes the history along, --dns reaches the routes', async () => {
    const dir = await project({ 'proj/landed.yaml': DIRECT });
    const cwd = join(dir, 'elsewhere');
    const moved = await loadConfig('../proj/landed.yaml', { cwd, env: {}, overrides: { reports: 'r', dns: ['127.0.0.1:5353'] } });
    expect([moved.reportsDir, moved.historyFile, moved.dnsServers]).toEqual([join(cwd, 'r'), join(cwd, 'r/history.sqlite'), ['127.0.0.1:5353']]);
    expect(moved.routes.get('mx')!.direct!.dnsServers).toEqual(['127.0.0.1:5353']);
    const both = await loadConfig('../proj/landed.yaml', { cwd, env: {}, overrides: { reports: 'r', history: 'h.sqlite' } });
    expect([both.reportsDir, both.historyFile]).toEqual([join(cwd, 'r'), join(cwd, 'h.sqlite')]);
  });
});
