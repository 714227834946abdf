import { runJson, writeChunks, writeRunFile } from '../results/write.ts';
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
      const sorted = { ...run, probes: sortedProbes(run) };
      if (options.out) await writeRunFile(options.out, sorted);
      else await writeChunks(options.stdout, runJson(sorted));
    },
  };
}
