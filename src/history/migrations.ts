import { CREATE_DMARC_SOURCES } from './dmarc-sources.ts';
import { ROLLUP_COLUMNS, ROLLUPS, createRollup, rollupSelect } from './rollup.ts';

/**
 * The history schema, as an ordered list of migrations. `PRAGMA user_version` holds how many have been
 * applied; a database written by a newer landed (more migrations than we know) is refused, not guessed at.
 * Never edit a shipped migration: add the next one.
 */
export const migrations: readonly string[] = [
  // 1: runs, route x provider cells, one row per probe. Times are ms since the epoch. Probes refer to their
  // run and cell by integer id and repeat the run's start: the trend queries group ~440,000 rows a year by
  // (time bucket, cell), and integer keys in one narrow table are what keeps that well under a second.
  `CREATE TABLE runs (
     id          INTEGER PRIMARY KEY,
     run_id      TEXT NOT NULL UNIQUE,
     started_at  INTEGER NOT NULL,
     finished_at INTEGER NOT NULL,
     status      TEXT NOT NULL,
     config_file TEXT NOT NULL,
     scenarios   TEXT NOT NULL,
     imported_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX runs_by_start ON runs (started_at);
   CREATE TABLE cells (
     id       INTEGER PRIMARY KEY,
     route    TEXT NOT NULL,
     provider TEXT NOT NULL,
     UNIQUE (route, provider)
   ) STRICT;
   CREATE TABLE probes (
     run          INTEGER NOT NULL REFERENCES runs (id),
     probe_id     TEXT NOT NULL,
     cell         INTEGER NOT NULL REFERENCES cells (id),
     started_at   INTEGER NOT NULL,
     scenario     TEXT NOT NULL,
     seed         TEXT NOT NULL,
     placement    TEXT NOT NULL,
     folder       TEXT,
     tab          TEXT,
     latency_ms   INTEGER,
     spf          TEXT NOT NULL,
     dkim         TEXT NOT NULL,
     dmarc        TEXT NOT NULL,
     arc          TEXT,
     expectations INTEGER NOT NULL,
     broken       INTEGER NOT NULL,
     reason       TEXT,
     UNIQUE (run, probe_id)
   ) STRICT;
   CREATE INDEX probes_by_start ON probes (started_at);
   CREATE INDEX probes_by_cell ON probes (cell, started_at);`,
  // 2: the daily rollup read by trend reports over long periods, filled from the probes already there.
  `CREATE TABLE cell_days (
     day         INTEGER NOT NULL,
     cell        INTEGER NOT NULL REFERENCES cells (id),
     probes      INTEGER NOT NULL,
     inbox       INTEGER NOT NULL,
     spam        INTEGER NOT NULL,
     rejected    INTEGER NOT NULL,
     missing     INTEGER NOT NULL,
     error       INTEGER NOT NULL,
     interrupted INTEGER NOT NULL,
     spf_pass    INTEGER NOT NULL,
     dkim_pass   INTEGER NOT NULL,
     dmarc_pass  INTEGER NOT NULL,
     -- JSON array of the delivered probes' latencies in ms, ascending: exact percentiles for any span of days
     latencies   TEXT NOT NULL,
     PRIMARY KEY (day, cell)
   ) STRICT, WITHOUT ROWID;
   INSERT INTO cell_days (${ROLLUP_COLUMNS}) ${rollupSelect('1')};`,
  // 3: DMARC aggregate reports (src/dmarc), one row per report keyed by reporting org + report id (the same
  // report imported twice, from a file and from the rua mailbox, is stored once), one row per record with the
  // report's start repeated so `--since` reads one index; and the sending IPs seen per route in runs, which the
  // DMARC report matches sources against.
  `CREATE TABLE dmarc_reports (
     id          INTEGER PRIMARY KEY,
     org         TEXT NOT NULL,
     report_id   TEXT NOT NULL,
     email       TEXT,
     domain      TEXT NOT NULL,
     begin_at    INTEGER NOT NULL,
     end_at      INTEGER NOT NULL,
     policy      TEXT NOT NULL,
     schema      TEXT NOT NULL,
     source      TEXT NOT NULL,
     imported_at INTEGER NOT NULL,
     UNIQUE (org, report_id)
   ) STRICT;
   CREATE TABLE dmarc_records (
     report        INTEGER NOT NULL REFERENCES dmarc_reports (id),
     begin_at      INTEGER NOT NULL,
     source_ip     TEXT NOT NULL,
     count         INTEGER NOT NULL,
     disposition   TEXT NOT NULL,
     dkim_pass     INTEGER NOT NULL,
     spf_pass      INTEGER NOT NULL,
     header_from   TEXT NOT NULL,
     envelope_from TEXT,
     dkim_domains  TEXT NOT NULL,
     spf_domains   TEXT NOT NULL
   ) STRICT;
   CREATE INDEX dmarc_records_by_begin ON dmarc_records (begin_at);
   CREATE TABLE route_ips (
     route      TEXT NOT NULL,
     ip         TEXT NOT NULL,
     last_seen  INTEGER NOT NULL,
     PRIMARY KEY (route, ip)
   ) STRICT, WITHOUT ROWID;`,
  // 4: the 6-hour rollup read by the default 90-day trend (6-hour points), so that query never reads the
  // probes table either: 90 days x 4 x cells rows instead of every probe of those days.
  createRollup(ROLLUPS[1]),
  // 5: DMARC sources per (report start, source IP, From domain), rebuilt from the records once per import: the DMARC report groups
  // days x sources rows instead of every record (a million a month for a busy domain).
  CREATE_DMARC_SOURCES,
];
