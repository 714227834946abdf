/**
 * The history schema, as an ordered list of migrations. `PRAGMA user_version` holds how many have been
 * applied; a database written by a newer landed (more migrations than we know) is refused, not guessed at.
 * Never edit a shipped migration: add the next one.
 */
export const migrations: readonly string[] = [
  // 1: runs and one row per probe. Times are ms since the epoch (integers sort and bucket cheaply).
  // probes.started_at repeats the run's start so that trend queries read one table, not a join.
  `CREATE TABLE runs (
     run_id      TEXT PRIMARY KEY,
     started_at  INTEGER NOT NULL,
     finished_at INTEGER NOT NULL,
     status      TEXT NOT NULL,
     config_file TEXT NOT NULL,
     scenarios   TEXT NOT NULL,
     imported_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX runs_by_start ON runs (started_at);
   CREATE TABLE probes (
     run_id       TEXT NOT NULL REFERENCES runs (run_id),
     probe_id     TEXT NOT NULL,
     started_at   INTEGER NOT NULL,
     scenario     TEXT NOT NULL,
     route        TEXT NOT NULL,
     seed         TEXT NOT NULL,
     provider     TEXT NOT NULL,
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
     PRIMARY KEY (run_id, probe_id)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX probes_by_cell ON probes (route, provider, started_at);
   CREATE INDEX probes_by_start ON probes (started_at);`,
];
