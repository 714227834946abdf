/** SQL over the DMARC tables of the history: one row per (source IP, header_from) in a period. */
import { prepared, type HistoryDb } from '../history/db.ts';

export interface SourceRow {
  ip: string;
  headerFrom: string;
  messages: number;
  pass: number;
  spf: number;
  dkim: number;
  dispositions: Record<string, number>;
  envelopeFrom: string[];
  dkimDomains: string[];
  orgs: string[];
}

const DISPOSITIONS = ['none', 'pass', 'quarantine', 'reject'] as const;

/** Reports that began in [since, until), and their records grouped by source IP and From domain. */
export function sourceRows(db: HistoryDb, since: number, until: number): { reports: number; rows: SourceRow[] } {
  const { n } = prepared(db, 'SELECT count(*) AS n FROM dmarc_reports WHERE begin_at >= ? AND begin_at < ?').get(since, until) as { n: number };
  const raw = prepared(
    db,
    `SELECT r.source_ip AS ip, r.header_from AS headerFrom, sum(r.count) AS messages,
       sum(CASE WHEN r.dkim_pass OR r.spf_pass THEN r.count ELSE 0 END) AS pass,
       sum(r.spf_pass * r.count) AS spf, sum(r.dkim_pass * r.count) AS dkim,
       ${DISPOSITIONS.map((d) => `sum(CASE r.disposition WHEN '${d}' THEN r.count ELSE 0 END) AS d_${d}`).join(', ')},
       group_concat(DISTINCT json_quote(r.envelope_from)) AS envelopeFrom,
       group_concat(DISTINCT r.dkim_domains) AS dkimDomains,
       group_concat(DISTINCT json_quote(rep.org)) AS orgs
     FROM dmarc_records r JOIN dmarc_reports rep ON rep.id = r.report
     WHERE r.begin_at >= ? AND r.begin_at < ?
     GROUP BY r.source_ip, r.header_from`,
  ).all(since, until) as Record<string, string | number | null>[];
  return {
    reports: n,
    rows: raw.map((row) => ({
      ip: String(row.ip),
      headerFrom: String(row.headerFrom),
      messages: Number(row.messages),
      pass: Number(row.pass),
      spf: Number(row.spf),
      dkim: Number(row.dkim),
      dispositions: Object.fromEntries(DISPOSITIONS.map((d) => [d, Number(row[`d_${d}`])]).filter(([, count]) => (count as number) > 0)),
      envelopeFrom: joinedJson(row.envelopeFrom).filter((v): v is string => typeof v === 'string'),
      dkimDomains: [...new Set(joinedJson(row.dkimDomains).flat())] as string[],
      orgs: joinedJson(row.orgs) as string[],
    })),
  };
}

/**
 * group_concat(DISTINCT x) can only join with ","; each value is JSON (json_quote, or the stored JSON
 * arrays), so the joined text is a JSON list once bracketed, whatever commas the values hold.
 */
function joinedJson(value: string | number | null): unknown[] {
  if (value === null) return [];
  try {
    return JSON.parse(`[${String(value)}]`) as unknown[];
  } catch {
    return [];
  }
}
