/**
 * The DMARC alerts through `landed dmarc report`: thresholds read from landed.yaml's dmarc.alerts, the pass rate
 * compared with the period before (of the same length), alerts in --json and posted by --alert.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLanded } from './support.ts';

const DAY = 86_400;

function report(id: string, daysAgo: number, rows: Array<[string, number, number]>): string {
  const begin = Math.floor(Date.now() / 1000) - daysAgo * DAY;
  const records = rows.flatMap(([ip, messages, pass]) => [[ip, pass, 'pass'], [ip, messages - pass, 'fail']].filter(([, n]) => n).map(([, n, result]) =>
    `<record><row><source_ip>${ip}</source_ip><count>${n}</count><policy_evaluated><disposition>${result === 'pass' ? 'none' : 'reject'}</disposition><dkim>${result}</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>acme.example</header_from></identifiers></record>`));
  return `<?xml version="1.0"?><feedback><report_metadata><org_name>google.com</org_name><report_id>${id}</report_id><date_range><begin>${begin}</begin><end>${begin + DAY - 1}</end></date_range></report_metadata><policy_published><domain>acme.example</domain><p>reject</p></policy_published>${records.join('')}</feedback>`;
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'landed-dmarc-alerts-'));
  writeFileSync(join(dir, 'landed.yaml'), `routes:
  m365:
    smtp: { host: smtp.example, localAddress: 40.107.22.51 }
    from: Acme Sales <sales@acme.example>
seeds: {}
dmarc:
  address: dmarc@acme.example
  imap: { host: imap.example, auth: { user: dmarc@acme.example, pass: x } }
  alerts: { unknownMessages: 120, passRateDrop: 0.2 }
`);
  // The period before (15 days ago): m365 99% pass. This period (the last 10 days): m365 at 75%, then 60%
  // of 100 messages each: 67.5% in all; two unknown senders, one over the configured 120 messages, one under.
  writeFileSync(join(dir, 'before.xml'), report('before', 15, [['40.107.22.51', 100, 99], ['192.0.2.66', 500, 0]]));
  writeFileSync(join(dir, 'now-1.xml'), report('now-1', 3, [['40.107.22.51', 100, 75], ['192.0.2.66', 150, 0], ['192.0.2.67', 110, 0]]));
  writeFileSync(join(dir, 'now-2.xml'), report('now-2', 2, [['40.107.22.51', 100, 60]]));
  return dir;
}

const NO_DNS = ['--dns', '127.0.0.1:9'];

describe('landed dmarc report: alerts', () => {
  it('an unknown sender over dmarc.alerts.unknownMessages, and a route whose pass rate fell more than passRateDrop from the period before', async () => {
    const dir = project();
    expect((await runLanded(['dmarc', 'import', 'before.xml', 'now-1.xml', 'now-2.xml'], dir)).code).toBe(0);
    const result = await runLanded(['dmarc', 'report', '--since', '10d', '--json', ...NO_DNS], dir);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as { alerts: Array<{ kind: string; route: string; text: string }> };
    expect(json.alerts.map((a) => [a.kind, a.route])).toEqual([['dmarc-unknown-sender', '192.0.2.66'], ['dmarc-pass-fall', 'm365']]);
    expect(json.alerts[0].text).toMatch(/^unknown sender 192\.0\.2\.66 (\(.*\) )?sent 150 messages as acme\.example: DMARC pass 0%$/);
    expect(json.alerts[1].text).toBe('m365: DMARC pass rate in the reports 99% → 68% (200 messages)');
    const text = await runLanded(['dmarc', 'report', '--since', '10d', ...NO_DNS], dir);
    expect(text.stdout).toMatch(/\nAlerts:\n {2}unknown sender 192\.0\.2\.66 .*\n {2}m365: DMARC pass rate in the reports 99% → 68%/);
  });

  it('no pass-rate alert without a period before to compare with, nor for a fall within passRateDrop', async () => {
    const dir = project();
    expect((await runLanded(['dmarc', 'import', 'now-1.xml', 'now-2.xml'], dir)).code).toBe(0);
    const alone = JSON.parse((await runLanded(['dmarc', 'report', '--since', '10d', '--json', ...NO_DNS], dir)).stdout) as { alerts: Array<{ kind: string }> };
    expect(alone.alerts.map((a) => a.kind)).toEqual(['dmarc-unknown-sender']);
    writeFileSync(join(dir, 'landed.yaml'), readFileSync(join(dir, 'landed.yaml'), 'utf8').replace('passRateDrop: 0.2', 'passRateDrop: 0.35'));
    expect((await runLanded(['dmarc', 'import', 'before.xml'], dir)).code).toBe(0);
    const within = JSON.parse((await runLanded(['dmarc', 'report', '--since', '10d', '--json', ...NO_DNS], dir)).stdout) as { alerts: Array<{ kind: string }> };
    expect(within.alerts.map((a) => a.kind)).toEqual(['dmarc-unknown-sender']);
  });

  it('--alert generic posts them to LANDED_ALERT_WEBHOOK', async () => {
    const dir = project();
    expect((await runLanded(['dmarc', 'import', 'before.xml', 'now-1.xml', 'now-2.xml'], dir)).code).toBe(0);
    const bodies: Array<{ runId: string; alerts: Array<{ kind: string }> }> = [];
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      bodies.push(JSON.parse(body));
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = { LANDED_ALERT_WEBHOOK: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
      const result = await runLanded(['dmarc', 'report', '--since', '10d', '--alert', 'generic', ...NO_DNS], dir, env);
      expect(result.stderr).toBe('landed dmarc report: 2 alerts sent\n');
      expect(result.code).toBe(0);
      expect(bodies.map((b) => [b.runId, b.alerts.map((a) => a.kind)])).toEqual([['dmarc report', ['dmarc-unknown-sender', 'dmarc-pass-fall']]]);
    } finally {
      server.close();
    }
  });
});
