/**
 * The DMARC loop on a real lab: a run through the relay, the internal server and the ERP; the lab providers
 * mail their RFC 9990 reports to acme.test's rua; `landed dmarc fetch` reads them over IMAP from the lab's
 * Dovecot; `landed dmarc report --json` names each route with its counts and pass rate, beside an unknown
 * sender the test injects.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { landed, tempDir, writeScenario } from '../e2e/cli.ts';
import { runLanded } from '../dns/support/cli.ts';

let lab: Lab;
let work: string;

beforeAll(async () => {
  lab = await startLab();
  work = await tempDir();
});
afterAll(async () => lab?.stop());

const now = Math.floor(Date.now() / 1000);
const INJECTED = `<?xml version="1.0" encoding="UTF-8"?>
<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">
  <report_metadata>
    <org_name>injected.example</org_name>
    <email>dmarc@injected.example</email>
    <report_id>injected-1</report_id>
    <date_range><begin>${now - 3600}</begin><end>${now}</end></date_range>
  </report_metadata>
  <policy_published><domain>acme.test</domain><p>reject</p><sp>reject</sp></policy_published>
  <record>
    <row><source_ip>192.0.2.66</source_ip><count>40</count>
      <policy_evaluated><disposition>reject</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><envelope_from>bulk-mailer.example</envelope_from><header_from>acme.test</header_from></identifiers>
    <auth_results><spf><domain>bulk-mailer.example</domain><result>pass</result></spf></auth_results>
  </record>
</feedback>
`;

describe('DMARC reports from the lab', () => {
  // Slow on a loaded machine (a lab run, then five commands); nothing in it waits on a clock of its own.
  it('run, reports sent, fetch, report: relay passes, internal and erp fail, the injected sender is unknown', { timeout: 300_000 }, async () => {
    const scenario = await writeScenario(work, 'dmarc', `
routes: [relay, internal, erp, stale-dkim]
message: { subject: DMARC loop, text: Hello }
expect:
  routes:
    internal: { placement: [spam, rejected] }
    erp: { placement: [spam, rejected] }
timeout: 60s
`);
    const config = lab.configFile;
    const run = await landed(['run', '--config', config, scenario], { cwd: work });
    expect(run.stderr).not.toMatch(/unexpected error/);
    // 0, or 1 when a probe was not collected in time on a loaded machine: the providers' reports count what
    // their MX judged, which the wait below makes sure of.
    expect([0, 1]).toContain(run.code);
    const judged = async () => (await lab.events()).filter((e) => /^mx:(strict|bulk|isp)$/.test(e.part) && (e.kind === 'accepted' || e.kind === 'rejected')).length;
    await expect.poll(judged, { timeout: 120_000, interval: 500 }).toBeGreaterThanOrEqual(12);

    const sent = await runLanded(['lab', 'dmarc-reports', '--dir', lab.dir], work);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout.match(/: acme\.test report .* \(3 records, 3 messages\) to dmarc@acme\.test: delivered/g)).toHaveLength(3);
    // stale.test reports to acme.test's mailbox, which acme.test authorizes: the company's one rua mailbox.
    expect(sent.stdout.match(/: stale\.test report .* \(1 records, 1 messages\) to dmarc@acme\.test: delivered/g)).toHaveLength(3);
    const filed = async () => (await lab.events()).filter((e) => e.kind === 'filed' && e.to === 'dmarc@acme.test' && /^noreply-dmarc@(strict|bulk|isp)\.test$/.test(e.from ?? '')).length;
    await expect.poll(filed, { timeout: 60_000, interval: 500 }).toBe(6);

    await writeFile(join(work, 'injected.xml'), INJECTED);
    expect((await runLanded(['dmarc', 'import', 'injected.xml', '--config', config], work)).code).toBe(0);
    const fetched = await runLanded(['dmarc', 'fetch', '--config', config], work);
    expect(fetched.stderr).toBe('');
    expect(fetched.stdout).toContain('dmarc@acme.test: 6 messages, 6 new reports');
    expect(fetched.code).toBe(0);
    const again = await runLanded(['dmarc', 'fetch', '--config', config], work);
    expect(again.stdout).toContain('dmarc@acme.test: 6 messages, 0 new reports');

    const report = await runLanded(['dmarc', 'report', '--json', '--config', config], work);
    expect(report.stderr).toBe('');
    const json = JSON.parse(report.stdout) as { reports: number; messages: number; sources: Array<{ ip: string; route: string | null; messages: number; dmarcPass: number; passRate: number; spfAligned: number; dkimAligned: number; dispositions: Record<string, number>; orgs: string[] }> };
    const egress = (route: string) => lab.info.routes[route].egress;
    expect({ reports: json.reports, messages: json.messages }).toEqual({ reports: 7, messages: 52 });
    // The relay's address is two routes: relay for acme.test, stale-dkim for stale.test (DMARC passing on SPF alone).
    const routes = [[egress('erp'), 'erp', 3, 0, 0], [egress('internal'), 'internal', 3, 0, 0], [egress('relay'), 'relay', 3, 3, 1], [egress('stale-dkim'), 'stale-dkim', 3, 3, 1]];
    expect(json.sources.map((s) => [s.ip, s.route, s.messages, s.dmarcPass, s.passRate])).toEqual([
      ['192.0.2.66', null, 40, 0, 0],
      ...routes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1)),
    ]);
    const bySource = new Map(json.sources.map((s) => [s.route, s]));
    // The strict provider refused the failing mail (p=reject); the lenient ones filed it as junk.
    expect(bySource.get('internal')!.dispositions).toEqual({ reject: 1, quarantine: 2 });
    expect(bySource.get('relay')!.orgs).toEqual(['bulk.test', 'isp.test', 'strict.test']);
    expect(bySource.get('stale-dkim')).toMatchObject({ spfAligned: 3, dkimAligned: 0, dispositions: { pass: 3 } });

    const text = await runLanded(['dmarc', 'report', '--config', config], work);
    expect(text.stdout).toMatch(/192\.0\.2\.66: 40 messages, PTR none; From acme\.test; MAIL FROM bulk-mailer\.example/);
  });
});
