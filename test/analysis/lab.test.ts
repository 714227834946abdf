/**
 * The lab's real messages, each route through a real MX (which writes its own verdict) into Dovecot,
 * fetched over IMAP and analysed with the lab's DNS; and `landed inspect` on each saved message.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/analysis/index.ts';
import { main } from '../../src/cli/main.ts';
import { createResolver } from '../../src/dns/resolver.ts';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { findMessage, openMailbox, sendThrough } from '../lab/helpers.ts';

/** Per route: the receiver's verdict, and the one-line reasons analysis must give (docs/lab.md tells the story). */
const EXPECTED: Record<string, { verdict: string; reasons: (ip: Record<string, string>) => string[] }> = {
  relay: { verdict: 'spf=pass dkim=pass dmarc=pass', reasons: () => [] },
  internal: {
    verdict: 'spf=fail dkim=none dmarc=fail',
    reasons: (ip) => ['DMARC fails (p=reject) for acme.test: neither SPF nor DKIM aligned', 'DKIM: the message is not signed', `SPF fail: ${ip.internal} is not allowed to send for acme.test`],
  },
  erp: {
    verdict: 'spf=pass dkim=fail dmarc=fail',
    reasons: () => [
      'DMARC fails (p=reject) for acme.test: neither SPF nor DKIM aligned',
      'SPF passes for erp-vendor.test but is not aligned with From domain acme.test',
      'DKIM fails: signature d=acme.test s=erp — the key published at erp._domainkey.acme.test is not the one that signed (stale or rotated key)',
    ],
  },
  'stale-dkim': {
    verdict: 'spf=pass dkim=fail dmarc=pass',
    reasons: () => [
      'DMARC passes on SPF alone for stale.test: forwarded mail will fail it, as no aligned DKIM signature passes',
      'DKIM fails: signature d=stale.test s=s2 — the key published at s2._domainkey.stale.test is not the one that signed (stale or rotated key)',
    ],
  },
  'no-dmarc': { verdict: 'spf=pass dkim=pass dmarc=none', reasons: () => ['No DMARC record for nodmarc.test: receivers have no policy to apply'] },
};

let lab: Lab;
let client: ImapFlow;
let dir: string;
const messages = new Map<string, Buffer>();

beforeAll(async () => {
  [lab, dir] = await Promise.all([startLab(), mkdtemp(join(tmpdir(), 'landed-analysis-lab-'))]);
  // The bulk provider accepts every route (the strict one rejects DMARC failures at SMTP time).
  const seed = lab.info.seeds['bulk-1'];
  client = await openMailbox(lab.info, seed);
  for (const route of Object.values(lab.info.routes)) {
    const token = `analysis-${route.id}-${randomBytes(4).toString('hex')}`;
    await sendThrough(lab.info, route, seed.address, token);
    const found = await findMessage(client, token);
    if (found) messages.set(route.id, Buffer.from(found.source));
  }
}, 120_000);

afterAll(async () => {
  await client?.logout().catch(() => {});
  await lab?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('analysis of lab messages', () => {
  const egress = () => Object.fromEntries(Object.values(lab.info.routes).map((r) => [r.id, r.egress]));

  for (const [route, expected] of Object.entries(EXPECTED)) {
    it(`route ${route}: the receiver's verdict, ours in agreement, and why`, async () => {
      const raw = messages.get(route);
      expect(raw, `the ${route} message arrived`).toBeDefined();
      const info = lab.info.routes[route];
      const a = await analyzeMessage(raw!, {
        authservIds: [lab.info.providers.bulk.authservId],
        resolver: createResolver({ servers: lab.resolverServers }),
        envelope: { mailFrom: info.envelopeFrom },
      });
      const { spf, dkim, dmarc } = a.receiver;
      expect(`spf=${spf} dkim=${dkim} dmarc=${dmarc}`).toBe(expected.verdict);
      expect([a.verified.spf.result, a.verified.dkim.result, a.verified.dmarc.result]).toEqual([spf, dkim, dmarc]);
      expect(a.disagreements).toEqual([]);
      expect(a.path).toMatchObject({ sendingIp: info.egress, ptr: { names: [info.hostname], forwardConfirmed: true } });
      expect(a.path.hops[a.path.receiverHop!]).toMatchObject({ by: lab.info.providers.bulk.mx.hostname, tls: true });
      expect(a.reasons).toEqual(expected.reasons(egress()));
    });
  }

  it('landed inspect prints the verdict and the reasons for a message of each route', async () => {
    for (const [route, expected] of Object.entries(EXPECTED)) {
      const file = join(dir, `${route}.eml`);
      await writeFile(file, messages.get(route)!);
      const stdout = new PassThrough();
      let text = '';
      stdout.on('data', (d) => (text += d));
      const code = await main(['inspect', file, '--authserv-id', lab.info.providers.bulk.authservId, '--dns', lab.resolverServers[0]], {
        stdout, stderr: new PassThrough(), env: {}, cwd: dir, signal: new AbortController().signal,
      });
      expect(text, route).toContain(`Receiver's verdict (${lab.info.providers.bulk.authservId})\n  ${expected.verdict} arc=-`);
      for (const reason of expected.reasons(egress())) expect(text, route).toContain(`  - ${reason}`);
      expect(code, route).toBe(expected.reasons(egress()).length ? 1 : 0);
    }
  });
});
