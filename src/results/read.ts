/** Reading results.json files back: what import, merge and report take as input. */
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { readCapped } from '../capped-read.ts';
import { join, resolve } from 'node:path';
import { LandedError } from '../errors.ts';
import { RESULTS_SCHEMA_VERSION, type RunResult } from './types.ts';
import { resultsProblems } from './validate.ts';

/** Far above a 10,000-probe run's results.json; a bigger file is not one. */
const MAX_RESULTS_BYTES = 512 * 1024 * 1024;

/** Parses one results.json, checking the version and the fields everything after the run relies on. */
export async function readResults(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = (await readCapped(file, { maxBytes: MAX_RESULTS_BYTES, code: 'RUN_NOT_FOUND' })).toString('utf8');
  } catch (error) {
    throw new LandedError('RUN_NOT_FOUND', `cannot read ${file}: ${(error as Error).message}`, { where: file, cause: error, hint: 'Give a results.json file or a run directory.' });
  }
  let data: Partial<RunResult> | null;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LandedError('USAGE', `not JSON: ${(error as Error).message}`, { where: file });
  }
  if (data?.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    throw new LandedError('USAGE', `results schemaVersion ${String(data?.schemaVersion)} is not supported (this landed reads ${RESULTS_SCHEMA_VERSION})`, {
      where: file,
      hint: 'Use the landed version that wrote the file, or a newer one.',
    });
  }
  const problems = resultsProblems(data as Record<string, unknown>);
  if (problems.length) throw new LandedError('USAGE', 'not a landed results file', { where: file, problems: problems.slice(0, 20), hint: problems.length > 20 ? `and ${problems.length - 20} more problems` : undefined });
  return data as RunResult;
}

/**
 * results.json files named by the arguments: a file as is, a run directory by its results.json, and any
 * other directory by the results.json of each run directory directly inside it (e.g. reports/runs).
 */
export async function findResultFiles(paths: string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const arg of paths) {
    const path = resolve(cwd, arg);
    if (!existsSync(path)) throw new LandedError('RUN_NOT_FOUND', `${arg} does not exist`, { where: arg });
    if (!statSync(path).isDirectory()) files.push(path);
    else if (existsSync(join(path, 'results.json'))) files.push(join(path, 'results.json'));
    else {
      const inside = (await readdir(path, { withFileTypes: true }))
        .filter((e) => e.isDirectory() && existsSync(join(path, e.name, 'results.json')))
        .map((e) => join(path, e.name, 'results.json'))
        .sort();
      if (!inside.length) throw new LandedError('RUN_NOT_FOUND', `no results.json in ${arg} or the directories inside it`, { where: arg });
      files.push(...inside);
    }
  }
  return files;
}
