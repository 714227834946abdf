/**
 * Report files (or fetched mails) -> the history. One file's problem never stops the others: it comes back
 * as a `skipped` outcome naming what is wrong, and the rest are imported.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readCapped } from '../capped-read.ts';
import { LandedError } from '../errors.ts';
import type { HistoryDb } from '../history/db.ts';
import { parseAggregateReport } from './parse.ts';
import { DEFAULT_LIMITS, ReportProblem, type ReportLimits } from './problem.ts';
import { refreshDmarcSources } from './sources.ts';
import { storeReport } from './store.ts';
import { reportXml } from './unpack.ts';

export interface ImportOutcome {
  /** The file, or "imap:FOLDER/UID" for a fetched mail. */
  source: string;
  status: 'added' | 'duplicate' | 'skipped';
  org?: string;
  reportId?: string;
  domain?: string;
  records?: number;
  messages?: number;
  /** Why it was skipped. */
  problem?: string;
}

export async function importReportData(db: HistoryDb, data: Buffer, source: string, limits: ReportLimits = DEFAULT_LIMITS): Promise<ImportOutcome> {
  try {
    const report = parseAggregateReport(await reportXml(data, limits), limits);
    const stored = storeReport(db, report, source);
    return {
      source,
      status: stored.added ? 'added' : 'duplicate',
      org: report.org,
      reportId: report.reportId,
      domain: report.domain,
      records: report.records.length,
      messages: report.records.reduce((sum, r) => sum + r.count, 0),
    };
  } catch (error) {
    if (error instanceof ReportProblem) return { source, status: 'skipped', problem: error.message };
    throw error;
  }
}

export async function importReportFiles(
  db: HistoryDb,
  paths: string[],
  options: { cwd: string; limits?: ReportLimits; signal?: AbortSignal },
): Promise<ImportOutcome[]> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const outcomes: ImportOutcome[] = [];
  for (const file of await expandDirectories(paths, options.cwd)) {
    let data: Buffer;
    try {
      data = await readCapped(resolve(options.cwd, file), { maxBytes: limits.maxInputBytes, shownAs: file, allowFifo: true, signal: options.signal });
    } catch (error) {
      if (!(error instanceof LandedError)) throw error;
      outcomes.push({ source: file, status: 'skipped', problem: error.message });
      continue;
    }
    outcomes.push(await importReportData(db, data, file, limits));
  }
  refreshDmarcSources(db);
  return outcomes;
}

/** A directory stands for the files directly in it (a folder of saved reports), sorted by name. */
async function expandDirectories(paths: string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const entries = await readdir(resolve(cwd, path), { withFileTypes: true }).catch(() => undefined);
    if (!entries) files.push(path);
    else files.push(...entries.filter((e) => e.isFile()).map((e) => join(path, e.name)).sort());
  }
  return files;
}
