/**
 * The DMARC sources table: one row per (report start, source IP, From domain) with the sums the DMARC report and
 * trend read. A month of reports is a million records but only days x sources rows here, so `landed dmarc
 * report` groups those instead of every record. Rows are rebuilt per report start from the records (src/dmarc/
 * sources.ts): storing a report marks its start stale in the same transaction, and the stale starts are rebuilt
 * once an import ends, or before the next read, so a crash between the two never leaves the table behind.
 * The lists keep their first LISTED values in sort order: the report shows the first LISTED of their union
 * over days, which the first LISTED of each day always contain.
 */
export const LISTED = 20;

export const DMARC_DISPOSITIONS = ['none', 'pass', 'quarantine', 'reject'] as const;

export const DMARC_SOURCE_COUNTERS = ['messages', 'pass', 'spf', 'dkim', ...DMARC_DISPOSITIONS.map((d) => `d_${d}`)];
export const DMARC_SOURCE_LISTS = ['envelope_from', 'dkim_domains', 'orgs'];

/** Migration: the table, with every report start already stored marked stale (built by the first import or read). */
export const CREATE_DMARC_SOURCES = `CREATE TABLE dmarc_sources (
     begin_at      INTEGER NOT NULL,
     source_ip     TEXT NOT NULL,
     header_from   TEXT NOT NULL,
     ${DMARC_SOURCE_COUNTERS.map((c) => `${c} INTEGER NOT NULL`).join(',\n     ')},
     -- JSON arrays of text, sorted, at most ${LISTED}
     ${DMARC_SOURCE_LISTS.map((l) => `${l} TEXT NOT NULL`).join(',\n     ')},
     PRIMARY KEY (begin_at, source_ip, header_from)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE dmarc_stale_begins (begin_at INTEGER PRIMARY KEY) STRICT;
   INSERT INTO dmarc_stale_begins SELECT DISTINCT begin_at FROM dmarc_records;`;
