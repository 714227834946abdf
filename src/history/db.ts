/**
 * The run history: an embedded SQLite file through Node's built-in node:sqlite (no server to install).
 * Node 24.9 prints an ExperimentalWarning the first time node:sqlite loads; the CLI entry point starts Node
 * with --disable-warning=ExperimentalWarning rather than this module muting process warnings.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { LandedError } from '../errors.ts';
import { migrations } from './migrations.ts';

export type HistoryDb = DatabaseSync;

/** Opens (creating if needed) the history at `path` and brings its schema up to date. */
export function openHistoryDb(path: string): HistoryDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (error) {
    throw new LandedError('USAGE', `cannot open the history database: ${(error as Error).message}`, {
      where: path,
      hint: 'Check the path and its permissions (config: history).',
      cause: error,
    });
  }
  // Several landed processes may share one history (parallel CI jobs): writers wait for each other, the
  // busy timeout set first, since switching to WAL already takes a lock.
  // WAL with synchronous=NORMAL: one fsync per checkpoint, not per imported run; the trend queries sort
  // a few hundred thousand rows, in memory rather than in temp files.
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`);
    withRetry(() => db.exec('PRAGMA journal_mode = WAL;'));
    db.exec('PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;');
    migrate(db, path);
  } catch (error) {
    db.close();
    if (error instanceof LandedError) throw error;
    throw new LandedError('USAGE', `not a landed history database: ${(error as Error).message}`, {
      where: path,
      hint: 'Point --history (or the config\'s history) at a history file landed wrote, or at a new path.',
      cause: error,
    });
  }
  return db;
}

const BUSY_TIMEOUT_MS = 30_000;

/** SQLite's "database is locked" that the busy timeout cannot wait out (a read upgrading to a write). */
function isBusy(error: unknown): boolean {
  return /database is locked|SQLITE_BUSY/i.test(String((error as Error)?.message ?? error));
}

/** Runs a write again while another process holds the lock, up to the busy timeout. */
export function withRetry<T>(work: () => T): T {
  const until = Date.now() + BUSY_TIMEOUT_MS;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error) || Date.now() > until) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
    }
  }
}

/**
 * A write transaction that takes the write lock at BEGIN (IMMEDIATE), so it waits for other writers instead of
 * failing when its read would have to become a write; retried as a whole while the file stays locked.
 */
export function writeTransaction<T>(db: HistoryDb, work: () => T): T {
  return withRetry(() => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  });
}

function migrate(db: DatabaseSync, path: string): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (version > migrations.length) {
    throw new LandedError('USAGE', `the history was written by a newer landed (schema ${version}, this one knows ${migrations.length})`, {
      where: path,
      hint: 'Upgrade landed, or point it at another history file.',
    });
  }
  for (let i = version; i < migrations.length; i++) {
    try {
      writeTransaction(db, () => {
        // Another process may have migrated while this one waited for the lock.
        const { user_version: now } = db.prepare('PRAGMA user_version').get() as { user_version: number };
        if (now > i) return;
        db.exec(migrations[i]);
        db.exec(`PRAGMA user_version = ${i + 1}`);
      });
    } catch (error) {
      throw new LandedError('USAGE', `history migration ${i + 1} failed: ${(error as Error).message}`, { where: path, cause: error });
    }
  }
}

const statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** A prepared statement, prepared once per database: an import runs the same few statements per run. */
export function prepared(db: HistoryDb, sql: string): StatementSync {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}
