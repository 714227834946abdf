/**
 * Aggregate reports into the history database (tables of migration 3 in src/history/migrations.ts; the
 * dmarc_sources rows of migration 5 are rebuilt from them by sources.ts).
 * Idempotent: a report is keyed by its reporting org and report id, so the same report from a file, again
 * from the rua mailbox, or in a second copy of the mail, is stored once.
 */
import { prepared, writeTransaction, type HistoryDb } from '../history/db.ts';
import type { AggregateReport } from './types.ts';

export interface StoredReport {
  /** False when the history already held a report with this org and report id. */
  added: boolean;
  records: number;
  messages: number;
}

export function storeReport(db: HistoryDb, report: AggregateReport, source: string, now = Date.now()): StoredReport {
  const insertReport = prepared(
    db,
    `INSERT INTO dmarc_reports (org, report_id, email, domain, begin_at, end_at, policy, schema, source, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org, report_id) DO NOTHING`,
  );
  const insertRecord = prepared(
    db,
    `INSERT INTO dmarc_records (report, begin_at, source_ip, count, disposition, dkim_pass, spf_pass, header_from, envelope_from, dkim_domains, spf_domains)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The history's one write path: the write lock taken at BEGIN, retried while another process holds it.
  return writeTransaction(db, () => {
    const inserted = insertReport.run(report.org, report.reportId, report.email ?? null, report.domain, report.begin, report.end,
      JSON.stringify(report.policy), report.schema, source, now);
    if (inserted.changes === 0) return { added: false, records: 0, messages: 0 };
    const id = Number(inserted.lastInsertRowid);
    let messages = 0;
    for (const r of report.records) {
      insertRecord.run(id, report.begin, r.sourceIp, r.count, r.disposition, Number(r.dkim === 'pass'), Number(r.spf === 'pass'),
        r.headerFrom, r.envelopeFrom ?? null, JSON.stringify(r.dkimDomains), JSON.stringify(r.spfDomains));
      messages += r.count;
    }
    // Its start's dmarc_sources rows are rebuilt when the import ends (sources.ts).
    prepared(db, 'INSERT INTO dmarc_stale_begins (begin_at) VALUES (?) ON CONFLICT DO NOTHING').run(report.begin);
    return { added: true, records: report.records.length, messages };
  });
}
