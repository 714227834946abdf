/** MX, PTR, MTA-STS (policy served by a real local HTTP server), TLS-RPT and BIMI. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomains } from '../../src/dns/checks/index.ts';
import type { PolicyFetcher } from '../../src/dns/types.ts';
import { zonesResolver } from './support/zones.ts';

const ids = (findings: { id: string; subject?: string }[]) => findings.map((f) => (f.subject ? `${f.id}:${f.subject}` : f.id));

describe('MX and PTR', () => {
  const resolver = zonesResolver(
    ['acme.test', '@ MX 10 mx1\n@ MX 20 mx2\n@ MX 30 alias\nmx1 A 127.0.0.25\nalias CNAME mx1\nrelay A 127.0.10.1\nother A 127.0.10.99\n'],
    ['noreply.test', '@ MX 0 .\n'],
    ['web.test', '@ A 127.0.0.80\n'],
    ['10.0.127.in-addr.arpa', '1 PTR relay.acme.test.\n2 PTR other.acme.test.\n'],
  );
  const check = (domain: string, extra = {}) => checkDomains([domain], resolver, { checks: ['mx', 'ptr'], ...extra });

  it('reports MX hosts without addresses and MX hosts that are CNAMEs', async () => {
    expect(ids(await check('acme.test'))).toEqual(['mx.target-unresolved:mx2.acme.test', 'mx.cname-target:alias.acme.test']);
  });

  it('tells a null MX, an A-only domain and a domain without either apart', async () => {
    expect(ids(await check('noreply.test'))).toEqual(['mx.null-mx']);
    expect(await check('web.test')).toMatchObject([{ id: 'mx.missing', severity: 'warning' }]);
    expect(await check('gone.test')).toMatchObject([{ id: 'mx.missing', severity: 'error' }]);
  });

  it('requires a forward-confirmed PTR for each sending address', async () => {
    const findings = await check('web.test', { sendingIps: { 'web.test': ['127.0.10.1', '127.0.10.2', '127.0.10.3'] } });
    expect(ids(findings.filter((f) => f.check === 'ptr'))).toEqual(['ptr.missing:127.0.10.3', 'ptr.not-confirmed:127.0.10.2']);
  });
});

describe('MTA-STS, TLS-RPT and BIMI', () => {
  let server: Server;
  let base = '';
  const policies: Record<string, string> = {
    'acme.test': 'version: STSv1\nmode: enforce\nmx: mx1.acme.test\nmax_age: 604800\n',
    'bad.test': 'version: STSv1\nmode: sometimes\n',
  };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const policy = policies[req.headers['x-domain'] as string];
      res.writeHead(policy ? 200 : 404, { 'content-type': 'text/plain' }).end(policy ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** Maps https://mta-sts.<domain>/... to the local server, telling it which domain was asked for. */
  const fetchPolicy: PolicyFetcher = async (url) => {
    const domain = new URL(url).hostname.replace(/^mta-sts\./, '');
    const response = await fetch(`${base}${new URL(url).pathname}`, { headers: { 'x-domain': domain } });
    return { status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: await response.text() };
  };
  const resolver = zonesResolver(
    ['acme.test', '@ MX 10 mx1\n@ MX 20 backup\nmx1 A 127.0.0.25\nbackup A 127.0.0.26\n_mta-sts TXT "v=STSv1; id=20260101"\n_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tls@acme.test"\ndefault._bimi TXT "v=BIMI1; l=https://acme.test/logo.svg"\n_dmarc TXT "v=DMARC1; p=none; rua=mailto:d@acme.test"\n'],
    ['bad.test', '_mta-sts TXT "v=STSv1; id=bad-id!"\n_smtp._tls TXT "v=TLSRPTv1; rua=tls@bad.test"\ndefault._bimi TXT "v=BIMI1; l=http://bad.test/logo.svg"\n_dmarc TXT "v=DMARC1; p=reject"\n'],
    ['nopolicy.test', '_mta-sts TXT "v=STSv1; id=1"\n'],
  );
  const check = (domain: string) => checkDomains([domain], resolver, { checks: ['mta-sts', 'tls-rpt', 'bimi'], fetchPolicy });

  it('fetches the policy and reports an MX the enforced policy does not allow', async () => {
    const findings = await check('acme.test');
    // Errors first, then warnings.
    expect(ids(findings)).toEqual(['mta-sts.mx-not-allowed:backup.acme.test', 'bimi.dmarc-not-enforced']);
    expect(findings[0]).toMatchObject({ severity: 'error', breaks: 'Senders that enforce MTA-STS do not deliver to backup.acme.test.' });
  });

  it('reports a bad id, an invalid policy, bad report URIs and a non-https logo', async () => {
    expect(ids(await check('bad.test'))).toEqual(['bimi.bad-url:l', 'mta-sts.bad-id', 'mta-sts.policy-invalid', 'tls-rpt.bad-rua']);
  });

  it('reports a policy that cannot be fetched, and absent records as information', async () => {
    expect(await check('nopolicy.test')).toMatchObject([
      { id: 'mta-sts.policy-unavailable', message: 'the policy at https://mta-sts.nopolicy.test/.well-known/mta-sts.txt could not be fetched: HTTP 404' },
      { id: 'bimi.missing', severity: 'info' },
      { id: 'tls-rpt.missing', severity: 'info' },
    ]);
  });
});
