import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedRoute } from '../../src/config/types.ts';
import { parseBounce } from '../../src/mailboxes/bounces/parse.ts';
import { watchBounces, type FoundBounce } from '../../src/mailboxes/watch.ts';
import { startDovecot, type Dovecot } from './fixtures/dovecot.ts';
import { Recorder, TEST_TIMING } from './fixtures/seeds.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'bounces');
const fixture = (name: string) => readFile(join(FIXTURES, name));

describe('parseBounce', () => {
  it('reads an RFC 3464 report and finds the token in a Q-encoded Subject of the returned headers', async () => {
    expect(await parseBounce(await fixture('postfix-rfc3464.eml'))).toEqual({
      tokens: ['landed-pfxaaaaaaaaaaaaa'],
      code: 550,
      status: '5.7.26',
      diagnostic: "550 5.7.26 Unauthenticated email from acme.example is not accepted due to domain's DMARC policy",
      reportingMta: 'relay.acme.example',
      remoteMta: 'mx.example.org',
      recipient: 'seed@example.org',
      // The returned message's own Message-ID: what makes a DSN trusted when it does not come from the route.
      messageIds: ['<probe-1@acme.example>'],
    });
  });

  it('reads a Microsoft 365 NDR', async () => {
    const bounce = await parseBounce(await fixture('microsoft365-ndr.eml'));
    expect(bounce).toMatchObject({
      tokens: ['landed-msftaaaaaaaaaaaa'],
      code: 550,
      status: '5.7.606',
      reportingMta: 'AM0PR01MB1234.eurprd01.prod.exchangelabs.com',
      remoteMta: 'mx.example.org',
    });
    expect(bounce!.diagnostic).toMatch(/^550 5\.7\.606 Access denied, banned sending IP \[203\.0\.113\.5\]\. To request removal/);
  });

  it('reads an older Exchange NDR that has only text', async () => {
    expect(await parseBounce(await fixture('exchange-legacy-ndr.eml'))).toMatchObject({
      tokens: ['landed-exlegaaaaaaaaaaa'],
      code: 550,
      status: '5.1.1',
      diagnostic: '550 5.1.1 <seed@example.net>: Recipient address rejected: User unknown',
      reportingMta: 'mail.contoso.example.net',
    });
  });

  it('reads a Gmail delivery status notification', async () => {
    expect(await parseBounce(await fixture('gmail-dsn.eml'))).toMatchObject({
      tokens: ['landed-gmaildsnaaaaaaaa'],
      code: 550,
      status: '5.7.1',
      diagnostic: '550 5.7.1 [192.0.2.30] Our system has detected that this message is likely unsolicited mail.',
      reportingMta: 'googlemail.com',
      remoteMta: 'mx.example.org',
    });
  });

  it('reads an older text-only Gmail bounce', async () => {
    expect(await parseBounce(await fixture('gmail-legacy.eml'))).toMatchObject({
      tokens: ['landed-gmlegacyaaaaaaaa'],
      code: 550,
      status: '5.7.1',
      diagnostic: '550 5.7.1 Message rejected due to content restrictions',
      remoteMta: 'mx.example.org',
    });
  });

  it('ignores a delay warning and an out-of-office reply, though both quote a token', async () => {
    expect(await parseBounce(await fixture('delayed-dsn.eml'))).toBeUndefined();
    expect(await parseBounce(await fixture('vacation.eml'))).toBeUndefined();
  });
});

describe('watchBounces against Dovecot', () => {
  let server: Dovecot;
  beforeAll(async () => {
    server = await startDovecot({ users: { bounces: 'pw-bounces' } });
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('reports the bounces of awaited probes from the route\'s bounce mailbox, and nothing else', async () => {
    const route: ResolvedRoute = {
      id: 'relay',
      smtp: { host: '127.0.0.1', port: 25, security: 'none', tls: { insecure: false } },
      from: 'sales@acme.example',
      dkimSelectors: [],
      retry: { attempts: 1, firstDelayMs: 0, maxDelayMs: 0 },
      bounces: { imap: server.endpoint('bounces'), folders: ['INBOX'] },
    };
    const awaited = ['landed-pfxaaaaaaaaaaaaa', 'landed-msftaaaaaaaaaaaa', 'landed-gmaildsnaaaaaaaa', 'landed-delayedaaaaaaaaa', 'landed-vacationaaaaaaaa'];
    const bounces: FoundBounce[] = [];
    const recorder = new Recorder();
    const controller = new AbortController();
    const watch = watchBounces(route, {
      since: new Date(),
      tokens: awaited,
      signal: controller.signal,
      onBounce: (b) => void bounces.push(b),
      onProblem: recorder.onProblem,
      timing: TEST_TIMING,
    });
    // An earlier run's bounce: its token is not awaited.
    await server.deliver('bounces', 'INBOX', await fixture('exchange-legacy-ndr.eml'));
    for (const name of ['vacation.eml', 'delayed-dsn.eml', 'postfix-rfc3464.eml', 'microsoft365-ndr.eml', 'gmail-dsn.eml']) {
      await server.deliver('bounces', 'INBOX', await fixture(name));
    }
    await recorder.until(() => bounces.length >= 3);
    await new Promise((r) => setTimeout(r, 500)); // anything else would have come in by now
    controller.abort();
    await watch.done;

    expect(bounces.map((b) => [b.token, b.code, b.status]).sort()).toEqual([
      ['landed-gmaildsnaaaaaaaa', 550, '5.7.1'],
      ['landed-msftaaaaaaaaaaaa', 550, '5.7.606'],
      ['landed-pfxaaaaaaaaaaaaa', 550, '5.7.26'],
    ]);
    for (const b of bounces) expect(Math.abs(b.receivedAt.getTime() - Date.now())).toBeLessThan(120_000);
    expect(recorder.problems).toEqual([]);
  });
});
