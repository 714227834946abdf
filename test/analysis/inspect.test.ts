/** `landed inspect` as a user runs it: the real CLI, a real NSD for the independent checks. */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landed, tempDir } from '../e2e/cli.ts';
import { startNsd, type TestNsd } from '../dns/support/nsd.ts';
import { quotedTxt } from '../dns/support/zones.ts';
import { compose, deliver, rsaKeys, sign } from './support.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const key = rsaKeys();
const zone = (origin: string, records: string) => ({ origin, text: `$ORIGIN ${origin}.\n$TTL 300\n@ SOA ns.${origin}. hostmaster.${origin}. 1 7200 3600 1209600 300\n@ NS ns.${origin}.\n${records}` });
let nsd: TestNsd;
let dir: string;

beforeAll(async () => {
  dir = await tempDir('landed-inspect-');
  nsd = await startNsd('127.61.4.1', [
    zone('acme.test', `@ TXT "v=spf1 ip4:192.0.2.10 -all"\ns1._domainkey TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${key.publicKey}`)}\n_dmarc TXT "v=DMARC1; p=reject"\nrelay A 192.0.2.10\n`),
    zone('2.0.192.in-addr.arpa', '10 PTR relay.acme.test.\n'),
  ]);
});
afterAll(async () => {
  await nsd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('landed inspect', () => {
  it('prints nothing to fix for a well-sent message, with exit code 0', async () => {
    const file = join(dir, 'good.eml');
    await writeFile(file, deliver(await sign(compose(), 'acme.test', 's1', key), { clientIp: '192.0.2.10', mailFrom: 'sales@acme.test', verdict: 'dkim=pass header.d=acme.test; spf=pass smtp.mailfrom=sales@acme.test; dmarc=pass header.from=acme.test' }));
    const run = await landed(['inspect', file, '--authserv-id', 'mx.strict.test', '--dns', nsd.server], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Receiver\'s verdict (mx.strict.test)\n  spf=pass dkim=pass dmarc=pass arc=-');
    expect(run.stdout).toContain('  dmarc=pass p=reject for acme.test (SPF aligned, DKIM aligned)');
    expect(run.stdout).toContain('PTR relay.acme.test forward-confirmed');
    expect(run.stdout).not.toContain('Findings');
  });

  it('reads standard input and prints JSON with the findings, exit code 1', async () => {
    const run = landed(['inspect', '-', '--provider', 'outlook', '--requirements', 'gmail', '--dns', nsd.server, '--json'], { cwd: dir });
    run.child.stdin!.end(await import('node:fs/promises').then((fs) => fs.readFile(join(FIXTURES, 'outlook.eml'))));
    const { code, stdout } = await run;
    expect(code).toBe(1);
    const analysis = JSON.parse(stdout);
    expect(analysis.receiver).toMatchObject({ spf: 'softfail', dkim: 'none', dmarc: 'fail', compauth: 'fail' });
    expect(analysis.reasons).toContain('The hop into the provider (BN1PEPF00004681.mail.protection.outlook.com) was not encrypted with TLS');
    expect(analysis.requirements.map((r: { id: string }) => r.id)).toContain('gmail.tls');
  });

  it('refuses an unknown provider and a missing file with exit code 2 and a hint', async () => {
    const unknown = await landed(['inspect', join(FIXTURES, 'gmail.eml'), '--provider', 'hotmale'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no provider preset "hotmale"\n  Known: gmail, /);
    const missing = await landed(['inspect', 'nope.eml'], { cwd: dir });
    expect(missing).toMatchObject({ code: 2, stderr: 'landed inspect: nope.eml: file not found\n' });
  });
});

describe('landed inspect and the config\'s DNS', () => {
  const good = async () => {
    const file = join(dir, 'config-good.eml');
    await writeFile(file, deliver(await sign(compose(), 'acme.test', 's1', key), { clientIp: '192.0.2.10', mailFrom: 'sales@acme.test', verdict: 'dkim=pass header.d=acme.test; spf=pass smtp.mailfrom=sales@acme.test; dmarc=pass header.from=acme.test' }));
    return file;
  };
  const config = (servers: string[]) => [
    'routes:',
    '  relay: { smtp: { host: relay.acme.test, auth: { user: u, pass: "${NOT_SET_HERE}" } }, from: "Acme <sales@acme.test>" }',
    'seeds: {}',
    `dns: { servers: ${JSON.stringify(servers)} }`,
    '',
  ].join('\n');

  it('checks against landed.yaml\'s dns.servers when there is one here, needing none of its secrets', async () => {
    const cwd = await tempDir('landed-inspect-config-');
    await writeFile(join(cwd, 'landed.yaml'), config([nsd.server]));
    const run = await landed(['inspect', await good(), '--authserv-id', 'mx.strict.test'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('  dmarc=pass p=reject for acme.test (SPF aligned, DKIM aligned)');
    expect(run.code).toBe(0);
  }, 240_000);

  it('takes --config from elsewhere, and --dns over it', async () => {
    const cwd = await tempDir('landed-inspect-config-');
    const elsewhere = join(cwd, 'lab.yaml');
    await writeFile(elsewhere, config([nsd.server]));
    const viaConfig = await landed(['inspect', await good(), '--authserv-id', 'mx.strict.test', '--config', elsewhere], { cwd });
    expect(viaConfig.stdout).toContain('  dmarc=pass p=reject for acme.test');
    // A config naming a server where nobody answers, overridden by --dns: the checks still pass.
    await writeFile(join(cwd, 'landed.yaml'), config(['127.61.4.99:5353']));
    const overridden = await landed(['inspect', await good(), '--authserv-id', 'mx.strict.test', '--dns', nsd.server], { cwd });
    expect(overridden.stdout).toContain('  dmarc=pass p=reject for acme.test');
    const missing = await landed(['inspect', await good(), '--config', join(cwd, 'nope.yaml')], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml/);
  }, 240_000);
});
