import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LandedError } from '../errors.ts';
import { readJournalFile, type JournalEntry } from './journal.ts';

export { findUnfinishedRuns, runDirOf } from '../results/run-folder.ts';

/** The journal of a run to finish, or a clear error when there is nothing to resume. */
export function loadForResume(runDir: string, runId: string, warn: (message: string) => void = () => {}): JournalEntry[] {
  const file = join(runDir, 'journal.jsonl');
  if (!existsSync(file)) {
    throw new LandedError('RUN_NOT_FOUND', `no run ${runId} to resume`, { where: runDir, hint: 'Give the id of a run under reports/runs/ (or its folder with --out).' });
  }
  if (existsSync(join(runDir, 'results.json'))) {
    throw new LandedError('USAGE', `run ${runId} has already finished`, { where: runDir, hint: 'Its results are in results.json; start a new run instead.' });
  }
  const { entries, badLines } = readJournalFile(file);
  if (badLines.length) warn(`${file}: skipped ${badLines.length} damaged line(s) (line ${badLines.slice(0, 10).join(', ')}): a crash mid-write; what they recorded is treated as not done`);
  if (!entries.some((e) => e.type === 'begin')) throw new LandedError('RUN_NOT_FOUND', `the journal of run ${runId} is empty`, { where: file });
  return entries;
}

