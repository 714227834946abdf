import { describe, expect, it } from 'vitest';
import { detectDmarcAlerts } from '../../src/dmarc/alerts.ts';
import type { DmarcReport, DmarcSource } from '../../src/dmarc/report.ts';

const source = (ip: string, route: string | null, messages: number, dmarcPass: number): DmarcSource => ({
  ip, route, messages, dmarcPass, passRate: dmarcPass / messages, spfAligned: 0, dkimAligned: 0, dispositions: {}, matchedBy: route ? 'run' : null,
  ptr: route ? null : { names: ['mail.bulk-mailer.example'], forwardConfirmed: true }, headerFrom: ['acme.example'], envelopeFrom: [], dkimDomains: [], orgs: [],
});
const report = (...sources: DmarcSource[]): DmarcReport => ({
  kind: 'dmarc', since: '', until: '', reports: 1, messages: sources.reduce((s, x) => s + x.messages, 0), domains: [], sources,
});
const options = { unknownMessages: 100, passRateDrop: 0.1 };

describe('DMARC alerts', () => {
  it('an unknown sender over the threshold, not at it', () => {
    const alerts = detectDmarcAlerts(report(source('192.0.2.66', null, 101, 0), source('192.0.2.67', null, 100, 0)), undefined, options);
    expect(alerts).toEqual([{ kind: 'dmarc-unknown-sender', route: '192.0.2.66', provider: 'dmarc',
      text: 'unknown sender 192.0.2.66 (mail.bulk-mailer.example) sent 101 messages as acme.example: DMARC pass 0%' }]);
  });

  it("a route's pass rate falling by more than the allowed drop, summed over its sources", () => {
    const before = report(source('10.0.0.1', 'm365', 100, 99), source('10.0.0.2', 'm365', 100, 99), source('10.0.0.9', 'erp', 10, 0));
    const now = report(source('10.0.0.1', 'm365', 100, 95), source('10.0.0.2', 'm365', 100, 60), source('10.0.0.9', 'erp', 10, 0));
    expect(detectDmarcAlerts(now, before, options)).toEqual([{ kind: 'dmarc-pass-fall', route: 'm365', provider: 'dmarc', check: 'dmarc', from: '99%', to: '78%',
      text: 'm365: DMARC pass rate in the reports 99% → 78% (200 messages)' }]);
    expect(detectDmarcAlerts(now, before, { ...options, passRateDrop: 0.25 })).toEqual([]);
  });
});
