import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReporterOptions } from '../options.ts';
import type { Reporter } from '../types.ts';
import { renderRunReport } from './run-report.ts';

/** Writes report.html into the run directory (or `out`). */
export function createHtmlReporter(options: ReporterOptions): Reporter {
  return {
    name: 'html',
    async onEnd(run, runDir) {
      const file = options.out ?? join(runDir, 'report.html');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, await renderRunReport(run, options.runDir));
    },
  };
}
