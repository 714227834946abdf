import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReporterOptions } from '../options.ts';
import type { Reporter } from '../types.ts';
import { renderMarkdown } from './render.ts';

/** Writes summary.md into the run directory (or `out`). */
export function createMarkdownReporter(options: ReporterOptions): Reporter {
  return {
    name: 'markdown',
    async onEnd(run, runDir) {
      const file = options.out ?? join(runDir, 'summary.md');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, renderMarkdown(run));
    },
  };
}
