/** SQL over the DMARC tables of the history: one row per (source IP, header_from) in a period. */
import { prepared, type HistoryDb } from '../history/db.ts';
import { DMARC_DISPOSITIONS } from '../history/dmarc-sources.ts';
import { joinedTexts, refreshDmarcSources } from './sources.ts';

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

/** Reports that began in [since, until), and their sources summed by IP and From domain (the dmarc_sources table). */
export function sourceRows(db: HistoryDb, since: number, until: number): { reports: number; rows: SourceRow[] } {
  refreshDmarcSources(db);
  const { n } = prepared(db, 'SELECT count(*) AS n FROM dmarc_reports WHERE begin_at >= ? AND begin_at < ?').get(since, until) as { n: number };
  const raw = prepared(
    db,
    `SELECT source_ip AS ip, header_from AS headerFrom, sum(messages) AS messages, sum(pass) AS pass, sum(spf) AS spf, sum(dkim) AS dkim,
       ${DMARC_DISPOSITIONS.map((d) => `sum(d_${d}) AS d_${d}`).join(', ')},
       group_concat(envelope_from) AS envelopeFrom, group_concat(dkim_domains) AS dkimDomains, group_concat(orgs) AS orgs
     FROM dmarc_sources WHERE begin_at >= ? AND begin_at < ?
     GROUP BY source_ip, header_from`,
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
      dispositions: Object.fromEntries(DMARC_DISPOSITIONS.map((d) => [d, Number(row[`d_${d}`])]).filter(([, count]) => (count as number) > 0)),
      envelopeFrom: joinedTexts(row.envelopeFrom),
      dkimDomains: joinedTexts(row.dkimDomains),
      orgs: joinedTexts(row.orgs),
    })),
  };
}
