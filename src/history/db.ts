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
  // WAL with synchronous=NORMAL: one fsync per checkpoint, not per imported run; the trend queries sort
  // a few hundred thousand rows, in memory rather than in temp files.
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;
           PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;`);
  migrate(db, path);
  return db;
}

function migrate(db: DatabaseSync, path: string): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (version > migrations.length) {
    db.close();
    throw new LandedError('USAGE', `the history was written by a newer landed (schema ${version}, this one knows ${migrations.length})`, {
      where: path,
      hint: 'Upgrade landed, or point it at another history file.',
    });
  }
  for (let i = version; i < migrations.length; i++) {
    db.exec('BEGIN');
    try {
      db.exec(migrations[i]);
      db.exec(`PRAGMA user_version = ${i + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
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
