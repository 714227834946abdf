import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunResult } from '../results/types.ts';
import type { ReporterOptions } from './options.ts';
import type { Reporter } from './types.ts';

/** A reporter that renders the finished run into one file: `fileName` in the run directory, or `out`. */
export function fileReporter(
  name: string,
  fileName: string,
  render: (run: RunResult, options: ReporterOptions) => string | Promise<string>,
  options: ReporterOptions,
): Reporter {
  return {
    name,
    async onEnd(run, runDir) {
      const file = options.out ?? join(runDir, fileName);
      await mkdir(dirname(file), { recursive: true });
      const text = await render(run, options);
      // A full disk: no empty or half-written report is left behind (the failure is reported by the multiplexer).
      await writeFile(file, text).catch(async (error: unknown) => {
        await rm(file, { force: true });
        throw error;
      });
    },
  };
}
