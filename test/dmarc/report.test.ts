import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importReportFiles } from '../../src/dmarc/import.ts';
import { routeMatcher } from '../../src/dmarc/join.ts';
import { buildDmarcReport } from '../../src/dmarc/report.ts';
import { openHistoryDb } from '../../src/history/db.ts';
import { zonesResolver } from '../dns/support/zones.ts';
import { fixture, FIXTURES, runLanded } from './support.ts';

const ZONE = `@ 300 IN TXT "v=spf1 ip4:40.107.22.0/24 ip6:2a01:111:f403::/48 -all"
40.107.22.51 300 IN A 40.107.22.51`;
const REVERSE = `25.113.0.203.in-addr.arpa. 300 IN PTR mail.erp-vendor.example.`;
const resolver = zonesResolver(['acme.example', ZONE], ['113.0.203.in-addr.arpa', REVERSE]);
const ALL_TIME = { since: 0, until: Date.UTC(2030, 0, 1) };

async function history() {
  const db = openHistoryDb(':memory:');
  await importReportFiles(db, ['google.xml', 'microsoft.xml', 'yahoo.xml', 'fastmail.xml'], { cwd: FIXTURES });
  return db;
}

describe('DMARC sources joined with routes', () => {
  it('matches by run address first, then localAddress, then the route\'s SPF; the rest are unknown with PTR', async () => {
    const db = await history();
    const routes = [
      { id: 'm365', fromDomain: 'acme.example', envelopeDomain: 'acme.example' },
      { id: 'erp', fromDomain: 'acme.example', envelopeDomain: 'erp-vendor.example', localAddress: '198.51.100.77' },
      { id: 'a-list', fromDomain: 'lists.example', envelopeDomain: 'lists.example' },
    ];
    // Both routes were seen sending from 192.0.2.40; the one that sends as the reported From domain is it.
    const matcher = routeMatcher(routes, new Map([['192.0.2.40', ['a-list', 'm365']]]), resolver);
    const report = await buildDmarcReport(db, { ...ALL_TIME, matcher, resolver });
    expect({ reports: report.reports, messages: report.messages }).toEqual({ reports: 4, messages: 309 });
    expect(report.domains).toEqual([{ domain: 'acme.example', messages: 309, dmarcPass: 297, passRate: 0.9612 }]);
    expect(report.sources.map((s) => [s.ip, s.route, s.matchedBy, s.messages, s.dmarcPass, s.orgs.join('|')])).toEqual([
      ['40.107.22.51', 'm365', 'spf', 266, 266, 'Yahoo|google.com'],
      ['2a01:111:f403:c201::3', 'm365', 'spf', 31, 31, 'Enterprise Outlook'],
      ['203.0.113.25', null, null, 7, 0, 'google.com'],
      ['198.51.100.77', 'erp', 'localAddress', 3, 0, 'Enterprise Outlook'],
      ['192.0.2.40', 'm365', 'run', 2, 0, 'Fastmail Pty Ltd'],
    ]);
    const unknown = report.sources.find((s) => s.route === null)!;
    expect(unknown).toMatchObject({ ptr: { names: ['mail.erp-vendor.example'], forwardConfirmed: false }, dispositions: { reject: 7 }, headerFrom: ['acme.example'] });
    db.close();
  });

  it('SPF of another domain does not make a route: a route of other.example is not acme.example\'s sender', async () => {
    const db = await history();
    // other.example's SPF authorises the same Microsoft 365 addresses: shared infrastructure, not the same sender.
    const shared = zonesResolver(['other.example', ZONE]);
    const matcher = routeMatcher([{ id: 'other', fromDomain: 'other.example', envelopeDomain: 'other.example' }], new Map(), shared);
    const report = await buildDmarcReport(db, { ...ALL_TIME, matcher });
    expect(report.sources.every((s) => s.route === null)).toBe(true);
    db.close();
  });

  it('counts only reports that began in the period', async () => {
    const db = await history();
    const report = await buildDmarcReport(db, { since: Date.UTC(2026, 10, 21), until: Date.UTC(2030, 0, 1), matcher: routeMatcher([], new Map(), undefined) });
    expect(report).toMatchObject({ reports: 0, messages: 0, sources: [] });
    db.close();
  });

  it('landed dmarc report --json: the contract fields, routes from landed.yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landed-dmarc-report-'));
    mkdirSync(join(dir, 'rua'));
    writeFileSync(join(dir, 'rua', 'google.xml'), fixture('google.xml'));
    writeFileSync(join(dir, 'landed.yaml'), `routes:
  m365:
    smtp: { host: smtp.example, auth: { user: u, pass: p } }
    from: Acme <sales@acme.example>
    smtp: { host: smtp.example, localAddress: 40.107.22.51 }
seeds: {}
`.replace('    smtp: { host: smtp.example, auth: { user: u, pass: p } }\n', ''));
    expect((await runLanded(['dmarc', 'import', 'rua'], dir)).code).toBe(0);
    const result = await runLanded(['dmarc', 'report', '--since', '2026-01-01', '--json', '--dns', '127.0.0.1:9'], dir);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ reports: 1, messages: 219 });
    expect(json.sources.map((s: { ip: string; messages: number; dmarcPass: number; route: string | null }) => [s.ip, s.messages, s.dmarcPass, s.route])).toEqual([
      ['40.107.22.51', 212, 212, 'm365'],
      ['203.0.113.25', 7, 0, null],
    ]);
    const text = await runLanded(['dmarc', 'report', '--since', '2026-01-01', '--dns', '127.0.0.1:9'], dir);
    expect(text.stdout).toMatch(/40\.107\.22\.51\s+m365\s+212\s+100%/);
    expect(text.stdout).toMatch(/203\.0\.113\.25: 7 messages, PTR /);
  });
});

describe('sending IPs seen in runs', () => {
  it('are recorded per route when a run is added to the history', async () => {
    const { openHistory } = await import('../../src/history/index.ts');
    const { routesByIp } = await import('../../src/history/route-ips.ts');
    const { makeRun } = await import('../reporters/fixtures.ts');
    const history = openHistory(':memory:');
    const run = makeRun({ routes: ['m365', 'postfix'] });
    for (const probe of run.probes) if (probe.analysis) probe.analysis.path.sendingIp = probe.route === 'm365' ? '40.107.22.51' : '192.0.2.9';
    history.importRun(run);
    history.importRun(run); // again: nothing doubles
    expect(routesByIp(history.db)).toEqual(new Map([['192.0.2.9', ['postfix']], ['40.107.22.51', ['m365']]]));
    history.close();
  });
});
