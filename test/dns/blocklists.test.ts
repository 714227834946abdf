/**
 * DNS blocklists tested before trusted, against the lab's real DNS (NSD): its test list lists the internal
 * route's address and not the relay's; a list answering 127.255.255.254 (Spamhaus to public resolvers) and
 * a list that does not answer at all are "no usable answer", never clean.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBlocklists } from '../../src/dns/blocklists/check.ts';
import { blocklistFor } from '../../src/dns/blocklists/lists.ts';
import { askList } from '../../src/dns/blocklists/query.ts';
import { testList } from '../../src/dns/blocklists/selftest.ts';
import { createResolver, type Resolver } from '../../src/dns/resolver.ts';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { runLanded } from './support/cli.ts';

let lab: Lab;
let work: string;
let resolver: Resolver;
let silent: Socket;

beforeAll(async () => {
  lab = await startLab();
  work = await mkdtemp(join(tmpdir(), 'landed-blocklists-'));
  resolver = createResolver({ servers: lab.resolverServers, timeoutMs: 1000, tries: 1 });
  // A DNS server that never answers: queries go in, nothing comes back.
  silent = createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  silent?.close();
  await lab?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('DNS blocklists', () => {
  it('the lab list passes its self-test, lists the internal route\'s address with its meaning and delist page, not the relay\'s', async () => {
    const list = blocklistFor('bl.lab.test');
    expect(await testList(resolver, list)).toEqual({ usable: true });
    const { internal, relay } = lab.info.routes;
    const findings = await checkBlocklists(resolver, [list], { ips: { 'acme.test': [relay.egress, internal.egress] }, domains: [] });
    expect(findings).toMatchObject([{
      id: 'blocklist.listed', severity: 'error', domain: 'acme.test', subject: internal.egress,
      message: `${internal.egress} is listed on the lab's test list (bl.lab.test): 127.0.0.2 (listed for the lab's tests)`,
      details: { list: 'bl.lab.test', codes: ['127.0.0.2'], delist: expect.stringContaining('delist') },
    }]);
    expect(await askList(resolver, list, relay.egress)).toEqual({ state: 'not-listed' });
  });

  it('a domain list is tested with `test` and `invalid`; acme.test is not on it', async () => {
    const list = blocklistFor('domain:dbl.lab.test');
    expect(await testList(resolver, list)).toEqual({ usable: true });
    expect(await checkBlocklists(resolver, [list], { ips: {}, domains: ['acme.test'] })).toEqual([]);
  });

  it('a list answering 127.255.255.254 to its self-test is no usable answer, not clean (CLI)', async () => {
    const { stdout } = await runLanded(['dns', 'check', '--json', '--from-run', 'none', '--config', lab.configFile, '--blocklist', 'refusing.lab.test'], work);
    const findings = (JSON.parse(stdout) as { findings: Array<{ id: string; severity: string; message: string }> }).findings.filter((f) => f.id.startsWith('blocklist.'));
    expect(findings).toEqual([expect.objectContaining({ id: 'blocklist.unusable', severity: 'warning', message: expect.stringContaining('no usable answer: self-test 127.0.0.2: the list answered 127.255.255.254: queries through a public or open resolver are refused') })]);
  });

  it('a list whose resolver does not answer at all is no usable answer, not clean (CLI)', { timeout: 120_000 }, async () => {
    const { port } = silent.address();
    const { stdout } = await runLanded(['dns', 'check', 'acme.test', '--json', '--from-run', 'none', '--dns', `127.0.0.1:${port}`, '--blocklist', 'bl.lab.test'], work);
    const findings = (JSON.parse(stdout) as { findings: Array<{ id: string; message: string }> }).findings.filter((f) => f.id.startsWith('blocklist.'));
    expect(findings).toEqual([expect.objectContaining({ id: 'blocklist.unusable', message: expect.stringMatching(/no usable answer: self-test 127\.0\.0\.2: the query failed: .*ETIMEOUT/) })]);
  });

  it('a resolver that answers NXDOMAIN for everything fails the self-test (the test entry is missing)', async () => {
    const nx: Resolver = async (name) => { throw Object.assign(new Error(`queryA ENOTFOUND ${name}`), { code: 'ENOTFOUND' }); };
    expect(await testList(nx, blocklistFor('zen.spamhaus.org'))).toEqual({ usable: false, reason: expect.stringContaining('the test entry 127.0.0.2 is not listed') });
    const yes: Resolver = async () => ['127.0.0.2'];
    expect(await testList(yes, blocklistFor('zen.spamhaus.org'))).toEqual({ usable: false, reason: expect.stringContaining('127.0.0.1 is listed') });
  });

  it('--blocklist that is not a zone is a usage error', async () => {
    const { code, stderr } = await runLanded(['dns', 'check', 'acme.test', '--blocklist', 'evil.test;rm', '--dns', lab.resolverServers[0]], work);
    expect(code).toBe(2);
    expect(stderr).toContain('--blocklist evil.test;rm: not a DNS zone');
  });
});
