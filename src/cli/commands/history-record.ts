import type { RunResult } from '../../results/types.ts';
import type { CliIO } from '../command.ts';

/** Adds a finished run to the history database; a history problem is reported, never fatal to the run. */
export async function recordInHistory(file: string, result: RunResult, io: CliIO): Promise<void> {
  try {
    const { openHistory } = await import('../../history/index.ts');
    const history = openHistory(file);
    try {
      history.importRun(result);
    } finally {
      history.close();
    }
  } catch (error) {
    io.stderr.write(`warning: the run was not added to the history (${file}): ${(error as Error).message}\n`);
  }
}
