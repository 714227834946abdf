import { describe, expect, it } from 'vitest';
import { buildDsn } from '../../src/lab/daemon/dsn.ts';
import { parseBounce } from '../../src/mailboxes/bounces/parse.ts';

const original = Buffer.from(
  'From: Acme Sales <sales@acme.test>\r\nTo: seed1@strict.test\r\nSubject: Your quote [landed-abcdefghijklmnop]\r\n\r\nbody that stays home\r\n',
);

const dsn = buildDsn({
  reportingMta: 'internal.acme.test',
  to: 'sales@acme.test',
  queueId: 'ABC123',
  arrivalDate: new Date('2026-01-02T03:04:05Z'),
  recipient: 'seed1@strict.test',
  action: 'failed',
  status: '5.7.26',
  remoteMta: 'mx.strict.test',
  diagnostic: "550 5.7.26 Unauthenticated email from acme.test is not accepted due to domain's DMARC policy",
  original,
}).toString('utf8');

describe('lab delivery status notifications', () => {
  it('are RFC 3464 reports that landed\'s bounce parser reads back: code, status, remote MTA, recipient, token', async () => {
    expect(await parseBounce(Buffer.from(dsn))).toMatchObject({
      tokens: ['landed-abcdefghijklmnop'],
      code: 550,
      status: '5.7.26',
      reportingMta: 'internal.acme.test',
      remoteMta: 'mx.strict.test',
      recipient: 'seed1@strict.test',
    });
  });

  it('return the original header only, not the body', () => {
    expect(dsn).toContain('Content-Type: text/rfc822-headers\r\n\r\nFrom: Acme Sales <sales@acme.test>');
    expect(dsn).not.toContain('body that stays home');
    expect(dsn).toMatch(/^Arrival-Date: Fri, 02 Jan 2026 03:04:05 \+0000\r$/m);
  });
});
