import { describe, expect, it } from 'vitest';
import { checkDomains } from '../../src/dns/checks/index.ts';
import { quotedTxt, rsaPublicKey, zonesResolver } from './support/zones.ts';

const ids = (findings: { id: string; subject?: string }[]) => findings.map((f) => (f.subject ? `${f.id}:${f.subject}` : f.id));

describe('DKIM key records', () => {
  const key2048 = rsaPublicKey(2048);
  const key1024 = rsaPublicKey(1024);
  const key512 = rsaPublicKey(512);
  const resolver = zonesResolver([
    'acme.test',
    `good._domainkey TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${key2048}`)}
small._domainkey TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${key512}`)}
old._domainkey TXT ${quotedTxt(`v=DKIM1; p=${key1024}`)}
test._domainkey TXT ${quotedTxt(`v=DKIM1; t=y; p=${key2048}`)}
gone._domainkey TXT "v=DKIM1; p="
sha1._domainkey TXT ${quotedTxt(`v=DKIM1; h=sha1; p=${key2048}`)}
junk._domainkey TXT "v=DKIM1; k=rsa; p=bm90IGEga2V5"
two._domainkey TXT ${quotedTxt(`v=DKIM1; p=${key2048}`)}
two._domainkey TXT ${quotedTxt(`v=DKIM1; p=${key1024}`)}
ed._domainkey TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
`,
  ]);
  const check = (selector: string) => checkDomains(['acme.test'], resolver, { checks: ['dkim'], selectors: { 'acme.test': [selector] } });

  it('passes a 2048-bit RSA key and an ed25519 key', async () => {
    expect(await check('good')).toEqual([]);
    expect(await check('ed')).toEqual([]);
  });

  it('reports a 512-bit key as an error with a fix, and a 1024-bit key as a warning', async () => {
    const [small] = await check('small');
    expect(small).toMatchObject({ id: 'dkim.weak-key', severity: 'error', subject: 'small', message: 'selector "small" has a 512-bit RSA key', details: { bits: 512 } });
    expect(small.fix).toBe('Generate a 2048-bit key, publish it under a new selector, then switch the signer to it.');
    expect(await check('old')).toMatchObject([{ id: 'dkim.short-key', severity: 'warning', details: { bits: 1024 } }]);
  });

  it('reports missing, revoked, testing, sha1-only, unreadable and duplicated keys', async () => {
    expect(ids(await check('nope'))).toEqual(['dkim.missing:nope']);
    expect(ids(await check('gone'))).toEqual(['dkim.revoked:gone']);
    expect(ids(await check('test'))).toEqual(['dkim.testing:test']);
    expect(ids(await check('sha1'))).toEqual(['dkim.sha1-only:sha1']);
    expect(ids(await check('junk'))).toEqual(['dkim.bad-key:junk']);
    expect(ids(await check('two'))).toEqual(['dkim.multiple-records:two']);
  });
});

describe('DMARC records', () => {
  const check = async (text: string, more: Array<[string, string]> = []) =>
    checkDomains(['acme.test'], zonesResolver(['acme.test', text], ...more), { checks: ['dmarc'] });

  it('reports a missing _dmarc as an error with the record to publish', async () => {
    const [missing] = await check('@ A 127.0.0.1\n');
    expect(missing).toMatchObject({ id: 'dmarc.missing', severity: 'error', message: 'acme.test publishes no DMARC record (_dmarc.acme.test)' });
    expect(missing.fix).toBe('Publish a TXT record at _dmarc.acme.test: "v=DMARC1; p=none; rua=mailto:dmarc@acme.test", then tighten p.');
  });

  it('reports pct as obsolete under RFC 9989, and what it now means', async () => {
    const findings = await check('_dmarc TXT "v=DMARC1; p=reject; pct=25; rua=mailto:d@acme.test"\n');
    expect(ids(findings)).toEqual(['dmarc.pct-obsolete:pct']);
    expect(findings[0].breaks).toBe('Receivers that follow RFC 9989 ignore pct and apply p=reject to all failing mail, not 25% of it.');
    expect(findings[0].fix).toBe('Remove pct=; to test a stricter policy without enforcing it, use t=y.');
  });

  it('reports p=none, testing mode, obsolete and unknown tags, strict alignment, missing rua', async () => {
    const findings = ids(await check('_dmarc TXT "v=DMARC1; p=none; t=y; ri=3600; foo=bar; adkim=s"\n'));
    expect(findings.sort()).toEqual([
      'dmarc.no-rua', 'dmarc.obsolete-tag:ri', 'dmarc.policy-none', 'dmarc.strict-alignment:adkim', 'dmarc.testing', 'dmarc.unknown-tag:foo',
    ]);
  });

  it('reports syntax errors and several records', async () => {
    const [syntax] = await check('_dmarc TXT "v=DMARC1; p=block; rua=mailto:d@acme.test"\n');
    expect(syntax).toMatchObject({ id: 'dmarc.syntax', message: 'the DMARC record of acme.test is malformed: p=block is not none, quarantine or reject' });
    expect(syntax.breaks).toBe('Receivers apply p=none and ignore what they cannot read.');
    expect(ids(await check('_dmarc TXT "v=DMARC1; p=none"\n_dmarc TXT "v=DMARC1; p=reject"\n'))).toEqual(['dmarc.multiple-records']);
  });

  it('checks that external report destinations authorized the reports', async () => {
    const record = '_dmarc TXT "v=DMARC1; p=reject; rua=mailto:a@reports.example,mailto:b@dmarc.acme.test"\n';
    expect(ids(await check(record, [['reports.example', '@ A 127.0.0.1\n']]))).toEqual(['dmarc.report-unauthorized:reports.example']);
    expect(await check(record, [['reports.example', 'acme.test._report._dmarc TXT "v=DMARC1"\n']])).toEqual([]);
  });

  it('tells a subdomain without its own record which policy it inherits', async () => {
    const findings = await checkDomains(['mail.acme.test'], zonesResolver(['acme.test', '_dmarc TXT "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@acme.test"\n']), { checks: ['dmarc'] });
    expect(findings).toMatchObject([{ id: 'dmarc.inherited', severity: 'info', message: 'mail.acme.test has no DMARC record of its own; receivers apply the one at _dmarc.acme.test (policy quarantine)' }]);
  });
});
