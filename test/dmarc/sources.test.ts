import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { routeMatcher } from '../../src/dmarc/join.ts';
import { buildDmarcReport } from '../../src/dmarc/report.ts';
import { refreshDmarcSources } from '../../src/dmarc/sources.ts';
import { storeReport } from '../../src/dmarc/store.ts';
import type { AggregateReport } from '../../src/dmarc/types.ts';
import { openHistoryDb } from '../../src/history/db.ts';
import { LISTED } from '../../src/history/dmarc-sources.ts';
import { migrations } from '../../src/history/migrations.ts';

const DISPOSITIONS = ['none', 'pass', 'quarantine', 'reject'];

/** Reports from 30 orgs over 3 days, the same IPs in many of them, more envelope and DKIM domains than listed. */
function reports(): AggregateReport[] {
  const out: AggregateReport[] = [];
  for (let n = 0; n < 90; n++) {
    const records = Array.from({ length: 12 }, (_, r) => {
      const k = (n * 7 + r * 3) % 40;
      return {
        sourceIp: `192.0.2.${k}`, count: (n + r) % 5, disposition: DISPOSITIONS[(n + r) % 4],
        dkim: (n + k) % 3 ? 'pass' as const : 'fail' as const, spf: (n * r) % 4 ? 'pass' as const : 'fail' as const,
        headerFrom: k % 4 ? 'acme.example' : 'stale.example', envelopeFrom: r % 6 ? `b${(n * 5 + r) % 37}.acme.example` : undefined,
        dkimDomains: [`d${n % 23}.example:pass`, `d${r}.example:fail`], spfDomains: [],
      };
    });
    out.push({ schema: 'rfc9990', org: `org${String(n % 30).padStart(2, '0')}`, reportId: `r${n}`, begin: Date.UTC(2026, 10, 1 + (n % 3)), end: Date.UTC(2026, 10, 2 + (n % 3)),
      domain: 'acme.example', policy: { p: 'reject' }, records });
  }
  return out;
}

/** What the report must say of each (IP, From domain), computed from the records alone. */
function expected(all: AggregateReport[], since: number) {
  const sources = new Map<string, { ip: string; messages: number; dmarcPass: number; spfAligned: number; dkimAligned: number; dispositions: Record<string, number>; envelopeFrom: Set<string>; dkimDomains: Set<string>; orgs: Set<string> }>();
  for (const report of all.filter((r) => r.begin >= since)) {
    for (const r of report.records) {
      const s = sources.get(r.sourceIp) ?? { ip: r.sourceIp, messages: 0, dmarcPass: 0, spfAligned: 0, dkimAligned: 0, dispositions: {}, envelopeFrom: new Set(), dkimDomains: new Set(), orgs: new Set() };
      sources.set(r.sourceIp, s);
      s.messages += r.count;
      s.dmarcPass += r.spf === 'pass' || r.dkim === 'pass' ? r.count : 0;
      s.spfAligned += r.spf === 'pass' ? r.count : 0;
      s.dkimAligned += r.dkim === 'pass' ? r.count : 0;
      if (r.count) s.dispositions[r.disposition] = (s.dispositions[r.disposition] ?? 0) + r.count;
      if (r.envelopeFrom) s.envelopeFrom.add(r.envelopeFrom);
      for (const d of r.dkimDomains) s.dkimDomains.add(d);
      s.orgs.add(report.org);
    }
  }
  const first = (set: Set<string>) => [...set].sort().slice(0, LISTED);
  return [...sources.values()].map((s) => ({ ...s, envelopeFrom: first(s.envelopeFrom), dkimDomains: first(s.dkimDomains), orgs: first(s.orgs) }))
    .sort((a, b) => (a.ip < b.ip ? -1 : 1));
}

async function reported(db: DatabaseSync, since: number) {
  const report = await buildDmarcReport(db, { since, until: Date.UTC(2027, 0, 1), matcher: routeMatcher([], new Map(), undefined) });
  return report.sources.map(({ ip, messages, dmarcPass, spfAligned, dkimAligned, dispositions, envelopeFrom, dkimDomains, orgs }) =>
    ({ ip, messages, dmarcPass, spfAligned, dkimAligned, dispositions, envelopeFrom, dkimDomains, orgs })).sort((a, b) => (a.ip < b.ip ? -1 : 1));
}

const tableRows = (db: DatabaseSync) => db.prepare('SELECT * FROM dmarc_sources ORDER BY begin_at, source_ip, header_from').all();

describe('the DMARC sources table', () => {
  it('sums every record: the report read from it says what the records say, lists capped to their first values', async () => {
    const db = openHistoryDb(':memory:');
    const all = reports();
    // Half, read (which builds the rows), then the rest into the same report starts: rebuilt, not doubled.
    for (const report of all.slice(0, 45)) storeReport(db, report, 'test');
    expect(await reported(db, 0)).toEqual(expected(all.slice(0, 45), 0));
    for (const report of all) storeReport(db, report, 'test');
    const capped = expected(all, 0);
    expect([capped.some((s) => s.orgs.length === LISTED), capped.some((s) => s.envelopeFrom.length === LISTED), capped.some((s) => s.dkimDomains.length === LISTED)]).toEqual([true, true, true]);
    expect(await reported(db, 0)).toEqual(expected(all, 0));
    expect(await reported(db, Date.UTC(2026, 10, 2))).toEqual(expected(all, Date.UTC(2026, 10, 2)));
    expect((db.prepare('SELECT count(*) AS n FROM dmarc_sources').get() as { n: number }).n).toBeLessThanOrEqual(3 * 40);
    db.close();
  });

  it('keeps at most the first listed values per row: hostile reports can name any number of domains', () => {
    const db = openHistoryDb(':memory:');
    for (let n = 0; n < 25; n++) {
      const records = [0, 1].map((k) => ({ sourceIp: '192.0.2.1', count: 1, disposition: 'none', dkim: 'fail' as const, spf: 'fail' as const,
        headerFrom: 'acme.example', envelopeFrom: `e${n}-${k}.example`, dkimDomains: [`d${n}-${k}.example:fail`], spfDomains: [] }));
      storeReport(db, { schema: 'rfc9990', org: `org${n}`, reportId: `r${n}`, begin: 0, end: 1, domain: 'acme.example', policy: { p: 'reject' }, records }, 'test');
    }
    refreshDmarcSources(db);
    const row = db.prepare('SELECT json_array_length(orgs) AS o, json_array_length(envelope_from) AS e, json_array_length(dkim_domains) AS d, messages FROM dmarc_sources').get();
    expect(row).toEqual({ o: LISTED, e: LISTED, d: LISTED, messages: 50 });
    db.close();
  });

  it('migration 5 marks the starts a version 4 history holds stale: the first read builds them as imports would have', () => {
    const imported = openHistoryDb(':memory:');
    for (const report of reports()) storeReport(imported, report, 'test');
    const old = new DatabaseSync(':memory:');
    old.exec(`${migrations.slice(0, 4).join(';\n')}; PRAGMA user_version = 4;`);
    // The records and reports as a version 4 landed stored them.
    for (const table of ['dmarc_reports', 'dmarc_records']) {
      const rows = imported.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      const columns = Object.keys(rows[0]);
      const insert = old.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of rows) insert.run(...(columns.map((c) => row[c]) as never[]));
    }
    old.exec(migrations[4]);
    expect(tableRows(old)).toEqual([]);
    refreshDmarcSources(old);
    refreshDmarcSources(imported);
    expect(tableRows(old)).toEqual(tableRows(imported));
    expect(tableRows(old).length).toBeGreaterThan(0);
    expect(old.prepare('SELECT count(*) AS n FROM dmarc_stale_begins').get()).toEqual({ n: 0 });
    old.close();
    imported.close();
  });
});
