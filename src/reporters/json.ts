import { writeFile } from 'node:fs/promises';
import type { ReporterOptions } from './options.ts';
import { sortedProbes } from './summary.ts';
import type { Reporter } from './types.ts';

/**
 * The whole RunResult as JSON: on stdout by default (for `| jq`), or into `out` when given. The run itself
 * writes results.json into the run directory; this reporter is for piping elsewhere. Probes come in id
 * order, like every reporter shows them, so a merged sharded run prints exactly like the unsharded one.
 */
export function createJsonReporter(options: ReporterOptions): Reporter {
  return {
    name: 'json',
    async onEnd(run) {
      const text = `${JSON.stringify({ ...run, probes: sortedProbes(run) }, null, 2)}\n`;
      if (options.out) await writeFile(options.out, text);
      else options.stdout.write(text);
    },
  };
}
