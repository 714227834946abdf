/** Writes the reports the browser tests open: a run report (with message files) and a trend report. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importReportFiles } from '../../src/dmarc/import.ts';
import { routeMatcher } from '../../src/dmarc/join.ts';
import { buildDmarcTrend } from '../../src/dmarc/trend.ts';
import { openHistory } from '../../src/history/index.ts';
import { renderRunReport } from '../../src/reporters/html/run-report.ts';
import { renderTrendReport } from '../../src/reporters/html/trend-report.ts';
import type { RunResult } from '../../src/results/types.ts';
import { makeAnalysis, makeRun } from '../reporters/fixtures.ts';

/** Sets `window.__pwned` if it ever runs: the tests assert it never does. */
export const PAYLOADS = {
  script: '<script>window.__pwned = "script"</script>',
  img: '<img src=x onerror="window.__pwned = \'img\'; alert(1)">',
  svg: '<svg onload="window.__pwned = \'svg\'">',
};

export const HOSTILE_ID = 'newsletter/m365/gmail-1';

export function hostileRun(): RunResult {
  const text = `${PAYLOADS.script} ${PAYLOADS.img}`;
  const analysis = makeAnalysis({ spf: 'pass', dkim: 'fail', dmarc: 'fail' }, [`Subject was ${text}`]);
  analysis.path.hops[0].from = PAYLOADS.img;
  analysis.receiver.headers[0].results[0].comments = [PAYLOADS.svg];
  analysis.requirements[0].source = 'javascript:window.__pwned="link"';
  // The selector reaches the 'fix first' section through analysis's findings, in both what fails and its fix.
  analysis.verified.dkim.signatures[0].selector = PAYLOADS.svg;
  return makeRun({
    runId: 'hostile-run',
    override: {
      [HOSTILE_ID]: {
        placement: 'spam',
        folder: PAYLOADS.svg,
        messageFile: 'messages/hostile.eml',
        analysis,
        error: PAYLOADS.img,
        notes: [PAYLOADS.script],
        expectations: [{ check: 'placement', expected: 'inbox', actual: 'spam', ok: false }],
        findings: [{ severity: 'critical', key: 'drill:spoof-inbox', text: `forged ${PAYLOADS.img}`, fix: [PAYLOADS.script] }],
      },
    },
  });
}

export async function writeRunReport(dir: string, run: RunResult): Promise<string> {
  mkdirSync(join(dir, 'messages'), { recursive: true });
  const message = [
    'From: "Evil <img src=x onerror=alert(2)>" <evil@attacker.test>',
    `Subject: ${PAYLOADS.script} ${PAYLOADS.img}`,
    `X-Evil: </script><script>window.__pwned = "header"</script>`,
    '',
    `<html><body>${PAYLOADS.script}</body></html>`,
  ].join('\r\n');
  writeFileSync(join(dir, 'messages', 'hostile.eml'), message);
  const file = join(dir, 'report.html');
  writeFileSync(file, await renderRunReport(run, dir));
  return file;
}

export const DAY = 86_400_000;
export const TREND_START = Date.parse('2026-11-01T10:00:00.000Z');

/**
 * Three runs a day apart, as after three demo runs: everything in the inbox with passing auth, except that
 * ses -> yahoo lands in spam on the second day and m365 -> gmail loses DKIM (and the inbox) on the third.
 */
export function trendRuns(): RunResult[] {
  return [0, 1, 2].map((n) => {
    const run = makeRun({ runId: `demo-${n}`, random: n + 1, startedAt: new Date(TREND_START + n * DAY).toISOString() });
    run.probes = run.probes.map((p) => {
      const spam = (n === 1 && p.id === 'newsletter/ses/yahoo-1') || (n === 2 && p.id === 'newsletter/m365/gmail-1');
      const dkim = n === 2 && p.route === 'm365' && p.provider === 'gmail' ? 'fail' : 'pass';
      return { ...p, placement: spam ? 'spam' : 'inbox', latencyMs: p.latencyMs ?? 4000, auth: { spf: 'pass', dkim, dmarc: dkim } };
    });
    return run;
  });
}

export function writeTrendReport(dir: string): string {
  const history = openHistory(':memory:');
  for (const run of trendRuns()) history.importRun(run);
  const html = renderTrendReport(history.trend({ now: TREND_START + 3 * DAY }));
  history.close();
  return writeTrend(dir, html);
}

const xmlText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RFC 9990 aggregate report: rows of [source IP, count, DMARC pass, header_from]. */
function aggregateReport(org: string, id: string, day: number, rows: Array<[string, number, boolean, string?]>): string {
  const begin = Math.floor((TREND_START - (TREND_START % DAY) + day * DAY) / 1000);
  const records = rows.map(([ip, count, pass, from]) => `<record><row><source_ip>${ip}</source_ip><count>${count}</count>
    <policy_evaluated><disposition>${pass ? 'none' : 'reject'}</disposition><dkim>${pass ? 'pass' : 'fail'}</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>${xmlText(from ?? 'acme.example')}</header_from></identifiers></record>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0"><report_metadata><org_name>${xmlText(org)}</org_name><report_id>${id}</report_id>
<date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range></report_metadata>
<policy_published><domain>acme.example</domain><p>reject</p></policy_published>${records.join('')}</feedback>`;
}

/**
 * The trend of trendRuns() with DMARC reports over its first two days: m365 (known by its localAddress) passing
 * 100% then 50%, and two unknown senders, one reported by an org
 * and under a From domain whose names are script payloads.
 */
export async function writeDmarcTrendReport(dir: string): Promise<string> {
  const history = openHistory(':memory:');
  for (const run of trendRuns()) history.importRun(run);
  const files: Array<[string, string]> = [
    ['day1.xml', aggregateReport('google.com', 'g-1', 0, [['40.107.22.51', 10, true], ['192.0.2.66', 40, false]])],
    ['day2.xml', aggregateReport(PAYLOADS.img, 'x-2', 1, [['40.107.22.51', 10, true], ['40.107.22.51', 10, false], ['192.0.2.66', 20, false], ['198.51.100.9', 5, false, PAYLOADS.script]])],
  ];
  mkdirSync(join(dir, 'rua'), { recursive: true });
  for (const [name, xml] of files) writeFileSync(join(dir, 'rua', name), xml);
  const outcomes = await importReportFiles(history.db, ['rua'], { cwd: dir });
  if (outcomes.some((o) => o.status !== 'added')) throw new Error(`fixture reports not imported: ${JSON.stringify(outcomes)}`);
  const trend = history.trend({ now: TREND_START + 3 * DAY });
  const matcher = routeMatcher([{ id: 'm365', fromDomain: 'acme.example', localAddress: '40.107.22.51' }], new Map(), undefined);
  trend.dmarc = await buildDmarcTrend(history.db, { since: 0, until: TREND_START + 3 * DAY, matcher });
  history.close();
  return writeTrend(dir, renderTrendReport(trend));
}

function writeTrend(dir: string, html: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'trend.html');
  writeFileSync(file, html);
  return file;
}
