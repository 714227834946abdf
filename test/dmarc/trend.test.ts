import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importReportFiles } from '../../src/dmarc/import.ts';
import { routeMatcher } from '../../src/dmarc/join.ts';
import { buildDmarcTrend } from '../../src/dmarc/trend.ts';
import { openHistory } from '../../src/history/index.ts';
import { makeRun } from '../reporters/fixtures.ts';
import { fixture, FIXTURES, runLanded } from './support.ts';

const DAY = 86_400_000;

describe('DMARC in the trend report', () => {
  it('per day: each route\'s reported messages and DMARC passes, and the unknown senders', async () => {
    const history = openHistory(':memory:');
    await importReportFiles(history.db, ['google.xml', 'microsoft.xml'], { cwd: FIXTURES });
    const matcher = routeMatcher([{ id: 'm365', fromDomain: 'acme.example', localAddress: '40.107.22.51' }], new Map(), undefined);
    const trend = await buildDmarcTrend(history.db, { since: 0, until: Date.UTC(2030, 0, 1), matcher });
    expect(trend).toEqual({
      times: [Math.floor(1795132800_000 / DAY) * DAY],
      routes: [{ route: 'm365', messages: [212], pass: [212] }],
      unknown: { messages: [41], pass: [31], sources: [3], top: [
        { ip: '2a01:111:f403:c201::3', messages: 31, pass: 31, first: 1795132800_000, last: 1795132800_000, domains: ['acme.example'], orgs: ['Enterprise Outlook'] },
        { ip: '203.0.113.25', messages: 7, pass: 0, first: 1795132800_000, last: 1795132800_000, domains: ['acme.example'], orgs: ['google.com'] },
        { ip: '198.51.100.77', messages: 3, pass: 0, first: 1795132800_000, last: 1795132800_000, domains: ['acme.example'], orgs: ['Enterprise Outlook'] },
      ] },
    });
    expect(await buildDmarcTrend(history.db, { since: Date.UTC(2026, 10, 21), until: Date.UTC(2030, 0, 1), matcher })).toBeUndefined();
    history.close();
  });

  it('landed report --trend draws the DMARC section from the history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landed-dmarc-trend-'));
    mkdirSync(join(dir, 'rua'));
    writeFileSync(join(dir, 'rua', 'google.xml'), fixture('google.xml'));
    const history = openHistory(join(dir, 'h.sqlite'));
    history.importRun(makeRun({ startedAt: '2026-11-20T10:00:00.000Z' }));
    history.close();
    expect((await runLanded(['dmarc', 'import', 'rua', '--history', 'h.sqlite'], dir)).code).toBe(0);
    const result = await runLanded(['report', '--trend', '--since', '2026-11-01', '--history', 'h.sqlite', '--out', 'out'], dir);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(join(dir, 'out', 'trend.html'), 'utf8');
    expect(html).toContain('<section id="dmarc" hidden>');
    expect(html).toContain('"dmarc":{"times":[1795132800000],"routes":[],"unknown":{"messages":[219],"pass":[212],"sources":[2],"top":[{"ip":"40.107.22.51"');
  });
});
