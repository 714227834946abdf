/**
 * `landed run` end to end, as a user runs it: a config and scenario written to disk, a real lab (NSD,
 * Dovecot, the lab's MTAs and MX servers), the real CLI in a child process, and results.json read back.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { landed, placements, readResults, tempDir, writeScenario } from './cli.ts';

let lab: Lab;
let work: string;

beforeAll(async () => {
  lab = await startLab();
  work = await tempDir();
});
afterAll(async () => lab?.stop());

/** A variant of the lab's landed.yaml, written beside it (so ./ca.pem and .env still resolve). */
async function configVariant(name: string, edit: (doc: ReturnType<typeof parseDocument>) => void): Promise<string> {
  const doc = parseDocument(await readFile(lab.configFile, 'utf8'));
  edit(doc);
  const file = join(lab.dir, `${name}.yaml`);
  await writeFile(file, doc.toString());
  return file;
}

async function run(config: string, scenario: string, extra: string[] = []) {
  const out = join(work, `run-${Math.random().toString(36).slice(2)}`);
  const cli = await landed(['run', '--config', config, '--out', out, scenario, ...extra], { cwd: work });
  return { cli, out };
}

describe('landed run on the lab', () => {
  it('records every route at every seed: inbox, spam, and refusals that only come back as a DSN', async () => {
    const scenario = await writeScenario(work, 'truth', `
routes: [relay, internal, erp]
message: { subject: Truth table, text: Hello }
expect:
  placement: inbox
  dmarc: pass
  routes:
    internal: { placement: [spam, rejected], dmarc: fail }
    erp: { placement: [spam, rejected], dmarc: fail }
timeout: 30s
`);
    const { cli, out } = await run(lab.configFile, scenario);
    expect(cli.stderr).not.toMatch(/unexpected error/);
    expect(cli.code).toBe(0);
    const result = await readResults(out);
    expect(placements(result)).toEqual({
      'relay/strict-1': 'inbox', 'relay/bulk-1': 'inbox', 'relay/isp-1': 'inbox',
      'internal/strict-1': 'rejected', 'internal/bulk-1': 'spam', 'internal/isp-1': 'spam',
      'erp/strict-1': 'rejected', 'erp/bulk-1': 'spam', 'erp/isp-1': 'spam',
    });
    const byId = new Map(result.probes.map((p) => [`${p.route}/${p.seed}`, p]));
    // Accepted by the route, refused downstream: the DSN in the bounce mailbox carries the provider's code.
    expect(byId.get('internal/strict-1')).toMatchObject({ smtp: { code: 250 }, bounce: { code: 550, status: '5.7.26' } });
    expect(byId.get('internal/bulk-1')).toMatchObject({ folder: 'Bulk', auth: { dmarc: 'fail' } });
    expect(byId.get('erp/isp-1')).toMatchObject({ folder: 'Spamverdacht', auth: { spf: 'pass', dkim: 'fail', dmarc: 'fail' } });
    expect(byId.get('relay/strict-1')).toMatchObject({ folder: 'INBOX', auth: { spf: 'pass', dkim: 'pass', dmarc: 'pass' } });
    expect(byId.get('relay/strict-1')!.analysis!.verified.dkim.result).toBe('pass');
    expect(cli.stdout).toMatch(/relay\s+inbox/);
  });

  it('records a refusal at SMTP time as `rejected` with the code, and fails the run when an expectation breaks', async () => {
    const strict = lab.info.providers.strict.mx;
    const config = await configVariant('direct', (doc) => {
      // Straight to the strict provider's MX from 127.0.0.1: not in SPF, unsigned, so DMARC p=reject refuses it.
      doc.setIn(['routes', 'direct'], doc.createNode({ smtp: { host: strict.host, port: strict.port, security: 'none' }, from: 'Acme Sales <sales@acme.test>' }));
    });
    const scenario = await writeScenario(work, 'direct', `
routes: [direct]
seeds: [strict-1]
message: { subject: Direct to MX, text: Hello }
expect: { placement: inbox }
timeout: 20s
`);
    const { cli, out } = await run(config, scenario);
    expect(cli.code).toBe(1);
    const [probe] = (await readResults(out)).probes;
    expect(probe).toMatchObject({ placement: 'rejected', smtp: { code: 550, status: '5.7.26', attempts: 1 } });
    expect(probe.expectations).toEqual([{ check: 'placement', expected: 'inbox', actual: 'rejected', ok: false }]);
    expect(cli.stdout).toMatch(/placement expected inbox, got rejected/);
  });

  it('retries a greylisting server and shows the attempts in the results', async () => {
    const bulk = lab.info.providers.bulk.mx;
    await lab.faults.provider('bulk', { greylist: true, greylistMs: 0 });
    try {
      const config = await configVariant('direct-bulk', (doc) => {
        doc.setIn(['routes', 'direct'], doc.createNode({ smtp: { host: bulk.host, port: bulk.port, security: 'none' }, from: 'Acme Sales <sales@acme.test>' }));
      });
      const scenario = await writeScenario(work, 'greylist', `
routes: [direct]
seeds: [bulk-1]
message: { subject: Greylisted, text: Hello }
expect: { placement: [inbox, spam] }
timeout: 30s
`);
      const { cli, out } = await run(config, scenario);
      expect(cli.code).toBe(0);
      const [probe] = (await readResults(out)).probes;
      expect(probe.smtp.attempts).toBe(2);
      expect(probe.smtp.retries).toEqual([expect.stringMatching(/^451 4\.7\.1 .*retried after \d+s$/)]);
      expect(probe.placement).toBe('spam');
    } finally {
      await lab.faults.reset();
    }
  });

  it('ends a probe that never arrives as `missing` at the timeout, saying no bounce came back', async () => {
    await lab.faults.provider('isp', { deliveryDelayMs: 60_000 });
    try {
      const scenario = await writeScenario(work, 'late', `
routes: [relay]
seeds: [isp-1]
message: { subject: Too late, text: Hello }
expect: { placement: inbox }
timeout: 4s
`);
      const { cli, out } = await run(lab.configFile, scenario);
      expect(cli.code).toBe(1);
      const [probe] = (await readResults(out)).probes;
      expect(probe).toMatchObject({ placement: 'missing', smtp: { code: 250 } });
      expect(probe.error).toMatch(/no bounce came back/);
    } finally {
      await lab.faults.reset();
    }
  });

  it('turns a wrong password at one seed into `error` for that seed only, naming it', async () => {
    const config = await configVariant('wrong-pass', (doc) => doc.setIn(['seeds', 'bulk-1', 'imap', 'auth', 'pass'], 'not-the-password'));
    const scenario = await writeScenario(work, 'wrong-pass', `
routes: [relay]
message: { subject: Wrong password, text: Hello }
expect: { placement: inbox }
timeout: 20s
`);
    const { cli, out } = await run(config, scenario);
    expect(cli.code).toBe(1);
    const result = await readResults(out);
    expect(placements(result)).toEqual({ 'relay/strict-1': 'inbox', 'relay/bulk-1': 'error', 'relay/isp-1': 'inbox' });
    const failed = result.probes.find((p) => p.seed === 'bulk-1')!;
    expect(failed.error).toMatch(/seed bulk-1: .*(password|login|authentication)/i);
    expect(`${cli.stdout}${cli.stderr}${JSON.stringify(result)}`).not.toContain('not-the-password');
  });

  it('answers a broken scenario with its file and line, and sends nothing', async () => {
    const scenario = await writeScenario(work, 'broken', 'routes: [relay\nmessage: { subject: x }\n');
    const typo = await writeScenario(work, 'typo', 'routes: [relay, ERP]\nmessage: { subject: x }\nexpect: { placement: inbx }\n');
    const broken = await landed(['run', '--config', lab.configFile, scenario], { cwd: work });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml:\d+:\d+: /);
    const wrong = await landed(['run', '--config', lab.configFile, typo], { cwd: work });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/typo\.yaml:1:\d+: routes\.1: unknown route "ERP"/);
    expect(wrong.stderr).toMatch(/typo\.yaml:3:\d+: expect\.placement: /);
  });
});

describe('the command line', () => {
  it('answers its own mistakes before it reads any config, each with what to do', async () => {
    const cwd = await tempDir('landed-cli-');
    const unknown = await landed(['nosuch'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^landed: unknown command 'nosuch'\n/);
    const shard = await landed(['run', '--shard', '4/3'], { cwd });
    expect([shard.code, shard.stderr]).toEqual([2, 'landed run: --shard 4/3: expected i/n with 1 <= i <= n, e.g. 2/3\n']);
    const missing = await landed(['run'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/landed\.yaml: file not found\n  Name the file with --config/);
  });
});
