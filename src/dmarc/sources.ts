/**
 * Rebuilds the dmarc_sources rows (src/history/dmarc-sources.ts) of the report starts marked stale: one grouped
 * pass over those starts' records, through the records' begin_at index. Called when an import ends (one rebuild
 * for all the reports it added, not one per report: per-report upserts rewrote the same pages ten thousand
 * times) and before every read, which then finds nothing to do unless an import was cut short.
 */
import { prepared, writeTransaction, type HistoryDb } from '../history/db.ts';
import { DMARC_DISPOSITIONS, DMARC_SOURCE_COUNTERS, DMARC_SOURCE_LISTS, LISTED } from '../history/dmarc-sources.ts';

export function refreshDmarcSources(db: HistoryDb): void {
  if (!prepared(db, 'SELECT 1 FROM dmarc_stale_begins LIMIT 1').get()) return;
  writeTransaction(db, () => {
    const grouped = prepared(
      db,
      `SELECT r.source_ip AS ip, r.header_from AS headerFrom, sum(r.count) AS messages,
         sum(CASE WHEN r.dkim_pass OR r.spf_pass THEN r.count ELSE 0 END) AS pass,
         sum(r.spf_pass * r.count) AS spf, sum(r.dkim_pass * r.count) AS dkim,
         ${DMARC_DISPOSITIONS.map((d) => `sum(CASE r.disposition WHEN '${d}' THEN r.count ELSE 0 END) AS d_${d}`).join(', ')},
         group_concat(DISTINCT json_quote(r.envelope_from)) AS envelopeFrom,
         group_concat(DISTINCT r.dkim_domains) AS dkimDomains,
         group_concat(DISTINCT json_quote(rep.org)) AS orgs
       FROM dmarc_records r JOIN dmarc_reports rep ON rep.id = r.report
       WHERE r.begin_at = ? GROUP BY r.source_ip, r.header_from`,
    );
    const insert = prepared(
      db,
      `INSERT INTO dmarc_sources (begin_at, source_ip, header_from, ${[...DMARC_SOURCE_COUNTERS, ...DMARC_SOURCE_LISTS].join(', ')})
       VALUES (${new Array(3 + DMARC_SOURCE_COUNTERS.length + DMARC_SOURCE_LISTS.length).fill('?').join(', ')})`,
    );
    const stale = prepared(db, 'SELECT begin_at AS t FROM dmarc_stale_begins').all() as Array<{ t: number }>;
    for (const { t } of stale) {
      prepared(db, 'DELETE FROM dmarc_sources WHERE begin_at = ?').run(t);
      for (const row of grouped.all(t) as Record<string, string | number | null>[]) {
        insert.run(t, row.ip, row.headerFrom, ...DMARC_SOURCE_COUNTERS.map((c) => row[c] as number),
          firstListed(row.envelopeFrom), firstListed(row.dkimDomains), firstListed(row.orgs));
      }
    }
    prepared(db, 'DELETE FROM dmarc_stale_begins').run();
  });
}

/**
 * group_concat(DISTINCT x) can only join with ","; each value is JSON (json_quote, or the stored JSON arrays),
 * so the joined text is a JSON list once bracketed, whatever commas the values hold. Kept: the first LISTED texts.
 */
export function firstListed(value: string | number | null): string {
  return JSON.stringify(joinedTexts(value).sort().slice(0, LISTED));
}

/** The distinct texts of a group_concat of JSON values or arrays of them. */
export function joinedTexts(value: string | number | null): string[] {
  if (value === null) return [];
  try {
    return [...new Set((JSON.parse(`[${String(value)}]`) as unknown[]).flat().filter((v): v is string => typeof v === 'string'))];
  } catch {
    return [];
  }
}
