import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReporterOptions } from '../options.ts';
import type { Reporter } from '../types.ts';
import { renderJunit } from './render.ts';

/** Writes junit.xml into the run directory (or `out`), for CI test-report parsers. */
export function createJunitReporter(options: ReporterOptions): Reporter {
  return {
    name: 'junit',
    async onEnd(run, runDir) {
      const file = options.out ?? join(runDir, 'junit.xml');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, renderJunit(run));
    },
  };
}
